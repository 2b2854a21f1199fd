import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Header segment JSON of a Moltin customer token, spaced as in the sample token on Elastic
 * Path's "Customer Tokens" docs page, whose header segment is `eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9`.
 */
export const CUSTOMER_TOKEN_HEADER_JSON = '{"alg": "HS256", "typ": "JWT"}';

/** Claims of a Moltin customer token. Times are epoch seconds. */
export interface CustomerTokenClaims {
  /** Customer id. */
  sub: string;
  /** Customer name. */
  name: string;
  exp: number;
  iat: number;
  /** Token id, equal to `data.id` of the token response. */
  jti: string;
}

/** Reason a customer token failed verification. */
export type CustomerTokenRejection = 'malformed' | 'invalid_signature' | 'expired';

/** Outcome of `verifyCustomerToken`. */
export type CustomerTokenVerification =
  | { readonly valid: true; readonly claims: CustomerTokenClaims }
  | { readonly valid: false; readonly reason: CustomerTokenRejection };

const BASE64_SEGMENT = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;

/**
 * Signs claims in Moltin's customer token format. Unlike a standard JWT, the header and payload
 * are standard base64 that keeps its `=` padding, and the signature is the lower-case hex
 * HMAC-SHA256 of `header + "." + payload`, 64 characters long.
 */
export function signCustomerToken(claims: CustomerTokenClaims, secret: string): string {
  const header = Buffer.from(CUSTOMER_TOKEN_HEADER_JSON, 'utf8').toString('base64');
  const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64');
  const signingInput = `${header}.${payload}`;

  return `${signingInput}.${computeSignature(signingInput, secret)}`;
}

/**
 * Checks a customer token's shape, signature and expiry. The token is expired once `nowMs`
 * reaches `exp * 1000`. Revocation is the caller's concern.
 */
export function verifyCustomerToken(
  token: string,
  secret: string,
  nowMs: number,
): CustomerTokenVerification {
  const segments = token.split('.');
  if (segments.length !== 3) {
    return { valid: false, reason: 'malformed' };
  }

  const [header, payload, signature] = segments as [string, string, string];
  const claims = decodeCustomerToken(token);
  if (claims === undefined || !BASE64_SEGMENT.test(header)) {
    return { valid: false, reason: 'malformed' };
  }

  if (!HEX_SIGNATURE.test(signature)) {
    return { valid: false, reason: 'invalid_signature' };
  }
  const expected = Buffer.from(computeSignature(`${header}.${payload}`, secret), 'utf8');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'utf8'))) {
    return { valid: false, reason: 'invalid_signature' };
  }

  if (nowMs >= claims.exp * 1000) {
    return { valid: false, reason: 'expired' };
  }
  return { valid: true, claims };
}

/**
 * Decodes a customer token's payload without checking its signature or expiry. It accepts
 * standard or URL-safe base64, padded or not, and returns undefined unless the payload is a JSON
 * object with string `sub`, `name` and `jti` and numeric `exp` and `iat`.
 */
export function decodeCustomerToken(token: string): CustomerTokenClaims | undefined {
  const segments = token.split('.');
  const payload = segments[1];
  if (segments.length !== 3 || payload === undefined || !BASE64_SEGMENT.test(payload)) {
    return undefined;
  }

  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isCustomerTokenClaims(decoded)) {
    return undefined;
  }

  const { sub, name, exp, iat, jti } = decoded;
  return { sub, name, exp, iat, jti };
}

function computeSignature(signingInput: string, secret: string): string {
  return createHmac('sha256', secret).update(signingInput, 'utf8').digest('hex');
}

function isCustomerTokenClaims(value: unknown): value is CustomerTokenClaims {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const claims = value as Record<string, unknown>;
  return (
    typeof claims.sub === 'string' &&
    typeof claims.name === 'string' &&
    typeof claims.jti === 'string' &&
    Number.isFinite(claims.exp) &&
    Number.isFinite(claims.iat)
  );
}
