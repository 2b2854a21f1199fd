import { Module } from '@nestjs/common';

import { MoltinRequestContext } from './context/moltin-request-context.js';
import { customerAuthExports, customerAuthProviders } from './customer/customer-auth.providers.js';
import { moltinHttpExports, moltinHttpImports, moltinHttpProviders } from './http/moltin-http.providers.js';
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
  imports: [...moltinHttpImports],
  providers: [
    resolvedOptionsProvider,
    schedulerRegistryProvider,
    clockProvider,
    AccessTokenClient,
    TokenRefreshScheduler,
    MoltinTokenService,
    MoltinRequestContext,
    ...customerAuthProviders,
    ...moltinHttpProviders,
  ],
  exports: [MoltinTokenService, MoltinRequestContext, ...customerAuthExports, ...moltinHttpExports],
})
export class MoltinAuthModule extends ConfigurableMoltinAuthModule {}
