/**
 * Base URL of the Elastic Path Commerce Cloud API in the EU West region, the default store host.
 */
export const DEFAULT_MOLTIN_BASE_URL = 'https://euwest.api.elasticpath.com';

/**
 * Former Moltin API host. Still accepted, but Elastic Path has deprecated it in favour of the
 * regional hosts.
 */
export const LEGACY_MOLTIN_BASE_URL = 'https://api.moltin.com';

/**
 * Path of the token endpoint. It has no `/v2` prefix, unlike the rest of the API.
 */
export const MOLTIN_ACCESS_TOKEN_PATH = '/oauth/access_token';

/**
 * Request header that carries a shopper's customer token to the API.
 */
export const MOLTIN_CUSTOMER_TOKEN_HEADER = 'X-Moltin-Customer-Token';

/**
 * OAuth grant types that the token endpoint issues to an application.
 *
 * - `client_credentials`: full access to the store; needs the client secret, so back ends only.
 * - `implicit`: read-only access to live data; the only grant that may be combined with a
 *   customer token.
 */
export const MoltinGrantType = {
  ClientCredentials: 'client_credentials',
  Implicit: 'implicit',
} as const;

export type MoltinGrantType = (typeof MoltinGrantType)[keyof typeof MoltinGrantType];

/**
 * Every grant type the module can request, in a stable order.
 */
export const MOLTIN_GRANT_TYPES: readonly MoltinGrantType[] = Object.values(MoltinGrantType);
