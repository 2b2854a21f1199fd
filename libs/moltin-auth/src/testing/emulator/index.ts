export { MoltinEmulator } from './moltin-emulator.js';
export type {
  AccessTokenGrant,
  CustomerSeed,
  EmulatorCustomer,
  EmulatorLogger,
  EmulatorProduct,
  EmulatorRoute,
  ErrorStatusFormat,
  IssueAccessTokenOptions,
  IssueCustomerTokenOptions,
  IssuedAccessToken,
  IssuedCustomerToken,
  MoltinEmulatorOptions,
  OidcAuthorizationCodeSeed,
  ProductPrice,
  ProductSeed,
  ProductStatus,
  RecordedRequest,
  TokenResponseShape,
} from './moltin-emulator.interfaces.js';
export type { LatencyTarget } from './fault-injector.js';
export {
  CUSTOMER_TOKEN_HEADER_JSON,
  decodeCustomerToken,
  signCustomerToken,
  verifyCustomerToken,
  type CustomerTokenClaims,
  type CustomerTokenRejection,
  type CustomerTokenVerification,
} from './customer-token.js';
export { computeS256Challenge } from './oidc-code-store.js';
export { EMULATOR_ROUTES } from './emulator-router.js';
export { DEFAULT_PRODUCTS } from './product-catalog.js';
export { MAX_REQUEST_BODY_BYTES } from './request-body.js';
export { MAX_RECORDED_REQUESTS_PER_ROUTE } from './request-log.js';
