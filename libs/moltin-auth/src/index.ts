export { MoltinAuthModule } from './moltin-auth.module.js';
export type { MoltinAuthModuleAsyncOptions, MoltinAuthModuleExtras } from './moltin-auth.module-definition.js';
export {
  DEFAULT_MOLTIN_BASE_URL,
  LEGACY_MOLTIN_BASE_URL,
  MOLTIN_ACCESS_TOKEN_PATH,
  MOLTIN_CUSTOMER_TOKEN_HEADER,
  MOLTIN_GRANT_TYPES,
  MoltinGrantType,
} from './moltin-auth.constants.js';
export type {
  MoltinAuthModuleOptions,
  MoltinAuthOptionsFactory,
  MoltinRetryOptions,
  ResolvedMoltinAuthOptions,
} from './interfaces/moltin-auth-module-options.interface.js';
export type { MoltinCustomerAuthOptions } from './interfaces/moltin-customer-auth-options.interface.js';
export type { MoltinHttpOptions } from './interfaces/moltin-http-options.interface.js';
export { MoltinRequestContext } from './context/moltin-request-context.js';
export type { MoltinRequestContextStore } from './context/moltin-request-context.js';
export { MoltinClock, SystemClock } from './moltin-clock.js';
export type { MoltinTimer } from './moltin-clock.js';
export { MoltinTokenService } from './token/moltin-token.service.js';
export type { RefreshOptions } from './token/moltin-token.service.js';
export type { MoltinAccessToken } from './token/moltin-access-token.interface.js';
export { MoltinAuthError } from './errors/moltin-auth.error.js';
export type { MoltinAuthErrorCode } from './errors/moltin-auth.error.js';
export { MoltinAuthConfigError } from './errors/moltin-auth-config.error.js';
export type { MoltinApiErrorObject } from './errors/moltin-api-error-object.js';
export { MoltinHttpService } from './http/moltin-http.service.js';
export { MoltinBearerInterceptor } from './http/moltin-bearer.interceptor.js';
export type { AxiosInstanceHolder } from './http/moltin-bearer.interceptor.js';
export { MoltinApiError } from './http/moltin-api.error.js';
export type { MoltinApiErrorCode } from './http/moltin-api.error.js';
export type { MoltinRequestOptions } from './http/moltin-request-options.js';
export { CustomerAuthGuard } from './customer/customer-auth.guard.js';
export { MoltinRequestContextInterceptor } from './customer/customer-context.interceptor.js';
export { CurrentCustomer, CustomerToken, Public, RequireCustomer } from './customer/customer-auth.decorators.js';
export type { CurrentCustomerField } from './customer/customer-auth.decorators.js';
export { MOLTIN_PUBLIC_ROUTE_KEY } from './customer/customer-auth.constants.js';
export { provideGlobalCustomerAuth } from './customer/customer-auth.providers.js';
export { CustomerTokenValidator } from './customer/customer-validator.service.js';
export { MOLTIN_CUSTOMER_TOKENS_PATH, MoltinCustomerAuthService } from './customer/moltin-customer-auth.service.js';
export type { CustomerAuthRequest } from './customer/customer-request.js';
export type {
  CustomerTokenValidation,
  MoltinCustomer,
  MoltinCustomerOidcLogin,
  MoltinCustomerPasswordLogin,
  MoltinCustomerToken,
} from './customer/moltin-customer.interface.js';
