import { MoltinGrantType } from '../moltin-auth.constants.js';

/**
 * An access token held by {@link MoltinTokenService}.
 */
export interface MoltinAccessToken {
  /** Value to send as `Authorization: Bearer <accessToken>`. Treat it as a secret. */
  accessToken: string;
  grantType: MoltinGrantType;
  /** Token type reported by the API; always `Bearer` in practice. */
  tokenType: string;
  /** When the token expires, computed from `expires_in` against the local clock. */
  expiresAt: Date;
}
