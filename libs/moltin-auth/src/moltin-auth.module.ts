import { DynamicModule, Module } from '@nestjs/common';

import { MoltinRequestContext } from './context/moltin-request-context.js';
import { customerAuthExports, customerAuthProviders } from './customer/customer-auth.providers.js';
import { moltinHttpExports, moltinHttpImports, moltinHttpProviders } from './http/moltin-http.providers.js';
import { MoltinAuthConfigError } from './errors/moltin-auth-config.error.js';
import { isRecord } from './errors/moltin-api-error-object.js';
import { ConfigurableMoltinAuthModule, MOLTIN_AUTH_ASYNC_OPTIONS_TYPE, MOLTIN_AUTH_OPTIONS_TYPE } from './moltin-auth.module-definition.js';
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
export class MoltinAuthModule extends ConfigurableMoltinAuthModule {
  /**
   * Registers the module with options known up front.
   *
   * @throws MoltinAuthConfigError when `options` is not an object; other invalid values fail at
   *   start-up, when the module is created.
   */
  static override forRoot(options: typeof MOLTIN_AUTH_OPTIONS_TYPE): DynamicModule {
    assertObject(options, 'MoltinAuthModule.forRoot() needs an options object with at least clientId');

    return super.forRoot(options);
  }

  /**
   * Registers the module with options built by a factory, a class or an existing provider.
   *
   * @throws MoltinAuthConfigError when `options` is not an object.
   */
  static override forRootAsync(options: typeof MOLTIN_AUTH_ASYNC_OPTIONS_TYPE): DynamicModule {
    assertObject(options, 'MoltinAuthModule.forRootAsync() needs an object with useFactory, useClass or useExisting');

    return super.forRootAsync(options);
  }
}

function assertObject(value: unknown, problem: string): void {
  if (!isRecord(value)) {
    throw new MoltinAuthConfigError([problem]);
  }
}
