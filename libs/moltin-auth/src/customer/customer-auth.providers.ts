import { ModuleMetadata, Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';

import { CustomerApiClient } from './customer-api.client.js';
import { CustomerAuthGuard } from './customer-auth.guard.js';
import { MoltinRequestContextInterceptor } from './customer-context.interceptor.js';
import { CustomerTokenValidator } from './customer-validator.service.js';
import { MoltinCustomerAuthService } from './moltin-customer-auth.service.js';

/**
 * Providers of the customer side (login, `CustomerAuthGuard`), added to `MoltinAuthModule`.
 */
export const customerAuthProviders: Provider[] = [
  CustomerApiClient,
  CustomerTokenValidator,
  MoltinCustomerAuthService,
  CustomerAuthGuard,
  MoltinRequestContextInterceptor,
];

/**
 * The guard and the interceptor are exported along with their dependencies, so a module that
 * imports `MoltinAuthModule` can list them in `@UseGuards()`, `@UseInterceptors()`, `APP_GUARD`
 * or `APP_INTERCEPTOR`.
 */
export const customerAuthExports: NonNullable<ModuleMetadata['exports']> = [
  CustomerTokenValidator,
  MoltinCustomerAuthService,
  CustomerAuthGuard,
  MoltinRequestContextInterceptor,
];

/**
 * Providers that apply `CustomerAuthGuard` and `MoltinRequestContextInterceptor` to every route
 * of the application. Add them to the providers of a module that imports `MoltinAuthModule`, and
 * mark open routes with `@Public()`.
 *
 * @example
 * @Module({
 *   imports: [MoltinAuthModule.forRoot({ clientId: '...' })],
 *   providers: [...provideGlobalCustomerAuth()],
 * })
 * export class AppModule {}
 */
export function provideGlobalCustomerAuth(): Provider[] {
  return [
    { provide: APP_GUARD, useExisting: CustomerAuthGuard },
    { provide: APP_INTERCEPTOR, useExisting: MoltinRequestContextInterceptor },
  ];
}
