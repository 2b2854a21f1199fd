/**
 * Customer that `CustomerAuthGuard` has authenticated, as `@CurrentCustomer()` returns it.
 */
export interface MoltinCustomer {
  /** Customer ID, equal to the token's `sub` claim and confirmed by the API. */
  id: string;
  /** Email address from `GET /v2/customers/{id}`; empty when the API response has none. */
  email: string;
  /** Name from `GET /v2/customers/{id}`; empty when the API response has none. */
  name: string;
  /** When the customer token expires, from its `exp` claim. */
  tokenExpiresAt: Date;
}

/**
 * Customer token returned by a successful login.
 */
export interface MoltinCustomerToken {
  /** Value for the `X-Moltin-Customer-Token` header. Treat it as a secret. */
  token: string;
  customerId: string;
  expiresAt: Date;
}

/** Arguments of `MoltinCustomerAuthService.login()`. */
export interface MoltinCustomerPasswordLogin {
  email: string;
  password: string;
}

/**
 * Arguments of `MoltinCustomerAuthService.loginWithOidc()`: the result of an OpenID Connect
 * authorization code flow with PKCE.
 */
export interface MoltinCustomerOidcLogin {
  authorizationCode: string;
  /** Redirect URI used in the authorization request; it must match exactly. */
  redirectUri: string;
  /** PKCE code verifier whose challenge was sent in the authorization request. */
  codeVerifier: string;
}

/**
 * Result of `CustomerTokenValidator.validate()`.
 *
 * - `valid`: the API confirmed the token for `customer`.
 * - `expired`: the token's `exp` claim is in the past; no API call was made.
 * - `invalid`: the token is malformed, too long, or the API rejected it. `reason` is for logs.
 * - `unavailable`: the API could not be reached or returned no usable response, so the token is neither
 *   accepted nor rejected. `reason` is for logs.
 */
export type CustomerTokenValidation =
  | { readonly outcome: 'valid'; readonly customer: Readonly<MoltinCustomer> }
  | { readonly outcome: 'expired' }
  | { readonly outcome: 'invalid'; readonly reason: string }
  | { readonly outcome: 'unavailable'; readonly reason: string };
