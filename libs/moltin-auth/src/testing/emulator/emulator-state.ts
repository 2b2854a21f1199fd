import { AccessTokenStore } from './access-token-store.js';
import { CustomerStore } from './customer-store.js';
import { CustomerTokenIssuer } from './customer-token-issuer.js';
import type { ResolvedEmulatorOptions } from './emulator-options.js';
import { jsonApiErrorResponse, type EmulatorResponse } from './json-api-error.js';
import type {
  AccessTokenGrant,
  ErrorStatusFormat,
  IssuedAccessToken,
  TokenResponseShape,
} from './moltin-emulator.interfaces.js';
import { OidcCodeStore } from './oidc-code-store.js';
import { DEFAULT_PRODUCTS, ProductCatalog } from './product-catalog.js';

/** Settings that tests may change while the emulator runs. */
export interface EmulatorSettings {
  tokenLifetimeSeconds: number;
  customerTokenLifetimeSeconds: number;
  tokenResponseShape: TokenResponseShape;
  errorStatusFormat: ErrorStatusFormat;
  clockOffsetSeconds: number;
}

/** Data and settings that the route handlers read and change. */
export class EmulatorState {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly settings: EmulatorSettings;
  readonly accessTokens = new AccessTokenStore();
  readonly customers = new CustomerStore();
  readonly customerTokens: CustomerTokenIssuer;
  readonly oidcCodes = new OidcCodeStore();
  readonly products = new ProductCatalog();

  constructor(options: ResolvedEmulatorOptions) {
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.settings = initialSettings(options);
    this.customerTokens = new CustomerTokenIssuer(options.customerTokenSecret);

    for (const customer of options.customers ?? []) {
      this.customers.add(customer);
    }
    for (const product of options.products ?? DEFAULT_PRODUCTS) {
      this.products.add(product);
    }
  }

  /** Returns the emulator's clock in epoch milliseconds: the real clock plus the clock offset. */
  serverNowMs(): number {
    return Date.now() + this.settings.clockOffsetSeconds * 1000;
  }

  /**
   * Issues an access token. It expires by the real clock after its lifetime, while its `expires`
   * field is computed by the emulator's clock, as a skewed server would report it.
   */
  issueAccessToken(grant: AccessTokenGrant, lifetimeSeconds = this.settings.tokenLifetimeSeconds): IssuedAccessToken {
    const accessToken = this.accessTokens.issue(grant, lifetimeSeconds, Date.now());
    return {
      expires: Math.floor(this.serverNowMs() / 1000) + lifetimeSeconds,
      identifier: grant,
      expires_in: lifetimeSeconds,
      access_token: accessToken,
      token_type: 'Bearer',
    };
  }

  /** Builds a JSON:API error response in the current status format. */
  errorResponse(status: number, title?: string, detail?: string): EmulatorResponse {
    return jsonApiErrorResponse(status, this.settings.errorStatusFormat, title, detail);
  }
}

/** Returns the runtime settings as the start options set them. */
export function initialSettings(options: ResolvedEmulatorOptions): EmulatorSettings {
  return {
    tokenLifetimeSeconds: options.tokenLifetimeSeconds,
    customerTokenLifetimeSeconds: options.customerTokenLifetimeSeconds,
    tokenResponseShape: options.tokenResponseShape,
    errorStatusFormat: options.errorStatusFormat,
    clockOffsetSeconds: options.clockOffsetSeconds,
  };
}
