import { createHash, timingSafeEqual } from 'node:crypto';

import type { OidcAuthorizationCodeSeed } from './moltin-emulator.interfaces.js';

/** Outcome of redeeming an OIDC authorization code; `reason` is safe to return to the client. */
export type OidcRedemption =
  | { readonly ok: true; readonly customerId: string }
  | { readonly ok: false; readonly reason: string };

/** Single-use OAuth authorization codes for the OIDC login of customer tokens. */
export class OidcCodeStore {
  private readonly codes = new Map<string, OidcAuthorizationCodeSeed>();

  add(seed: OidcAuthorizationCodeSeed): void {
    this.codes.set(seed.code, { ...seed });
  }

  /**
   * Checks a code, its redirect URI and its PKCE verifier. Any attempt that names a known code
   * uses it up, even a failed one, so a guessed verifier cannot be retried.
   */
  redeem(code: string, redirectUri: string, codeVerifier: string): OidcRedemption {
    const seed = this.codes.get(code);
    if (seed === undefined) {
      return { ok: false, reason: 'The authorization code is unknown or was already used.' };
    }
    this.codes.delete(code);

    if (seed.redirectUri !== redirectUri) {
      return { ok: false, reason: 'The redirect URI does not match the one the code was issued for.' };
    }
    if (seed.codeChallenge !== undefined && !equalStrings(computeS256Challenge(codeVerifier), seed.codeChallenge)) {
      return { ok: false, reason: 'The code verifier does not match the PKCE code challenge.' };
    }
    if (seed.codeVerifier !== undefined && !equalStrings(codeVerifier, seed.codeVerifier)) {
      return { ok: false, reason: 'The code verifier does not match.' };
    }
    return { ok: true, customerId: seed.customerId };
  }
}

/** Computes a PKCE S256 code challenge: base64url(SHA-256(verifier)) without padding (RFC 7636). */
export function computeS256Challenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

function equalStrings(actual: string, expected: string): boolean {
  const actualBytes = Buffer.from(actual, 'utf8');
  const expectedBytes = Buffer.from(expected, 'utf8');
  return actualBytes.length === expectedBytes.length && timingSafeEqual(actualBytes, expectedBytes);
}
