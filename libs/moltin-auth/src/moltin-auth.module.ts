import { Module } from '@nestjs/common';

import { ConfigurableMoltinAuthModule } from './moltin-auth.module-definition.js';
import { clockProvider, resolvedOptionsProvider, schedulerRegistryProvider } from './moltin-auth.providers.js';
import { AccessTokenClient } from './token/access-token.client.js';
import { MoltinTokenService } from './token/moltin-token.service.js';
import { TokenRefreshScheduler } from './token/token-refresh.scheduler.js';

/**
 * Authentication with the Elastic Path Commerce Cloud (Moltin) API.
 *
 * Register it once with `MoltinAuthModule.forRoot(options)` or `forRootAsync(...)`. The options
 * are validated at start-up.
 */
@Module({
  providers: [
    resolvedOptionsProvider,
    schedulerRegistryProvider,
    clockProvider,
    AccessTokenClient,
    TokenRefreshScheduler,
    MoltinTokenService,
  ],
  exports: [MoltinTokenService],
})
export class MoltinAuthModule extends ConfigurableMoltinAuthModule {}
