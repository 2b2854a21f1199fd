/** Routes of the emulated API, used to count, record and fault-inject requests. */
export type EmulatorRoute = 'token' | 'customerToken' | 'getCustomer' | 'products';

/** Grant types accepted by `POST /oauth/access_token`. */
export type AccessTokenGrant = 'client_credentials' | 'implicit';

/**
 * Layout of a successful token response: `flat` puts the token fields at the top level, as the
 * SDKs read them, and `data` wraps them in `{"data":{...}}`, as the OpenAPI example shows.
 */
export type TokenResponseShape = 'flat' | 'data';

/**
 * JSON type of `errors[].status`: a string such as `"401"` in the OpenAPI spec, a number such as
 * `401` in the error guides.
 */
export type ErrorStatusFormat = 'string' | 'number';

/** Customer to create in the emulator. */
export interface CustomerSeed {
  /** Customer id, a random UUID when omitted. Allowed characters: letters, digits, `.`, `_`, `~` and `-`. */
  id?: string;
  name: string;
  /** Login email, matched case-insensitively. */
  email: string;
  password: string;
}

/** Customer stored by the emulator. */
export interface EmulatorCustomer {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

/** Price of a product in one currency, in the currency's minor unit (cents for USD). */
export interface ProductPrice {
  amount: number;
  includes_tax: boolean;
}

/** Publication status of a product. Implicit tokens list only `live` products. */
export type ProductStatus = 'live' | 'draft';

/** Product to add to the emulator's catalog. */
export interface ProductSeed {
  /** Product id, a random UUID when omitted. */
  id?: string;
  name: string;
  sku: string;
  description?: string;
  slug?: string;
  /** Defaults to `live`. */
  status?: ProductStatus;
  /** Prices keyed by ISO 4217 currency code, e.g. `{ USD: { amount: 1999, includes_tax: true } }`. */
  price?: Record<string, ProductPrice>;
}

/** Product stored in the emulator's catalog. */
export interface EmulatorProduct {
  readonly id: string;
  readonly name: string;
  readonly sku: string;
  readonly description?: string;
  readonly slug?: string;
  readonly status: ProductStatus;
  readonly price?: Readonly<Record<string, ProductPrice>>;
}

/**
 * OAuth authorization code that `POST /v2/customers/tokens` accepts once with
 * `authentication_mechanism: "oidc"`.
 */
export interface OidcAuthorizationCodeSeed {
  code: string;
  customerId: string;
  /** Must equal the request's `oauth_redirect_uri`. */
  redirectUri: string;
  /** PKCE S256 challenge: base64url(SHA-256(verifier)) without padding. */
  codeChallenge?: string;
  /** Verifier that the request must send verbatim, as an alternative to `codeChallenge`. */
  codeVerifier?: string;
}

/** Options of `issueCustomerToken`. */
export interface IssueCustomerTokenOptions {
  /**
   * Seconds from now (by the emulator's clock) until the token expires. Defaults to the customer
   * token lifetime. Zero or a negative value yields a token that is already expired.
   */
  lifetimeSeconds?: number;
}

/** Customer token with the fields that `POST /v2/customers/tokens` returns. */
export interface IssuedCustomerToken {
  /** Token id, equal to the token's `jti` claim. */
  readonly id: string;
  readonly customerId: string;
  readonly token: string;
  /** Expiry as epoch seconds by the emulator's clock. */
  readonly expires: number;
}

/** Options of `issueAccessToken`. */
export interface IssueAccessTokenOptions {
  /** Token lifetime in seconds, by default the emulator's current access token lifetime. */
  lifetimeSeconds?: number;
}

/** Access token with the fields of a `POST /oauth/access_token` response. */
export interface IssuedAccessToken {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly identifier: AccessTokenGrant;
  readonly expires_in: number;
  /** Expiry as epoch seconds by the emulator's clock. */
  readonly expires: number;
}

/** Request as the emulator received it, for assertions in tests. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /**
   * Headers with lower-case names, with repeated headers joined by `, `. They include any
   * credentials the client sent, so do not log them.
   */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Body parsed by its content type: a field object for form bodies, the parsed value for valid
   * JSON, the raw text otherwise, and `undefined` when the body is empty or over the size limit.
   */
  readonly body: unknown;
  /** Arrival time as epoch milliseconds by the real clock. */
  readonly receivedAt: number;
}

/** Sink for errors the emulator catches while handling a request. `console` fits. */
export interface EmulatorLogger {
  error(message: string): void;
}

/** Options of `MoltinEmulator.start`. Every option is optional and validated. */
export interface MoltinEmulatorOptions {
  /** TCP port. The default 0 lets the OS pick a free one. */
  port?: number;
  /** Loopback address to listen on: `127.0.0.1` (default), another `127.x.y.z`, `::1` or `localhost`. */
  host?: string;
  /** Default `emulator-client-id`. */
  clientId?: string;
  /** Default `emulator-client-secret`. */
  clientSecret?: string;
  /** Access token lifetime in seconds, 3600 by default. */
  tokenLifetimeSeconds?: number;
  /** Customer token lifetime in seconds, 86400 (24 hours) by default. */
  customerTokenLifetimeSeconds?: number;
  /** Default `flat`. */
  tokenResponseShape?: TokenResponseShape;
  /** Default `string`. */
  errorStatusFormat?: ErrorStatusFormat;
  /**
   * Seconds the emulator's clock runs ahead of (positive) or behind (negative) the real clock.
   * It shifts the `expires` epochs the emulator returns and the `iat`/`exp` claims it signs.
   * Default 0.
   */
  clockOffsetSeconds?: number;
  /** Customers to create at start. */
  customers?: readonly CustomerSeed[];
  /** Catalog to serve instead of the default catalog of four products. */
  products?: readonly ProductSeed[];
  /** Maximum requests per rolling second across all routes. Undefined, the default, means no limit. */
  rateLimitPerSecond?: number;
  /** HS256 secret for customer tokens, 32 random bytes in hex by default. */
  customerTokenSecret?: string;
  /** Logger for unexpected handler errors: `console` by default, `false` to silence it. */
  logger?: EmulatorLogger | false;
}
