import { randomUUID } from 'node:crypto';

import {
  decodeCustomerToken,
  signCustomerToken,
  verifyCustomerToken,
  type CustomerTokenClaims,
  type CustomerTokenRejection,
} from './customer-token.js';
import type { EmulatorCustomer, IssuedCustomerToken } from './moltin-emulator.interfaces.js';

/** Outcome of `CustomerTokenIssuer.verify`, which adds revocation to the signature checks. */
export type CustomerTokenCheck =
  | { readonly valid: true; readonly claims: CustomerTokenClaims }
  | { readonly valid: false; readonly reason: CustomerTokenRejection | 'revoked' };

/** Signs, verifies and revokes customer tokens with one HS256 secret. */
export class CustomerTokenIssuer {
  /** `jti` claims of revoked tokens. */
  private readonly revokedIds = new Set<string>();

  constructor(private readonly secret: string) {}

  /** Signs a token for `customer` with `iat` = `nowMs` in seconds and `exp` = `iat + lifetimeSeconds`. */
  issue(customer: EmulatorCustomer, lifetimeSeconds: number, nowMs: number): IssuedCustomerToken {
    const iat = Math.floor(nowMs / 1000);
    const claims: CustomerTokenClaims = {
      sub: customer.id,
      name: customer.name,
      exp: iat + lifetimeSeconds,
      iat,
      jti: randomUUID(),
    };

    return {
      id: claims.jti,
      customerId: customer.id,
      token: signCustomerToken(claims, this.secret),
      expires: claims.exp,
    };
  }

  /** Checks shape, signature, expiry at `nowMs` (emulator clock) and revocation. */
  verify(token: string, nowMs: number): CustomerTokenCheck {
    const result = verifyCustomerToken(token, this.secret, nowMs);
    if (result.valid && this.revokedIds.has(result.claims.jti)) {
      return { valid: false, reason: 'revoked' };
    }
    return result;
  }

  /**
   * Revokes a token by its `jti` claim; returns false if the token cannot be decoded. The
   * signature is not checked, so a forged token with a real `jti` revokes the real one too.
   */
  revoke(token: string): boolean {
    const claims = decodeCustomerToken(token);
    if (claims === undefined) {
      return false;
    }
    this.revokedIds.add(claims.jti);
    return true;
  }
}
