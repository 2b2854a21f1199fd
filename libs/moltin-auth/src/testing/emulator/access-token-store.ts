import { randomBytes } from 'node:crypto';

import type { AccessTokenGrant } from './moltin-emulator.interfaces.js';

/** Stored access token. */
export interface AccessTokenRecord {
  readonly grant: AccessTokenGrant;
  /** Expiry as epoch milliseconds by the real clock, which the clock offset does not shift. */
  readonly expiresAtMs: number;
}

/** The store drops expired tokens whenever its size reaches a multiple of this number. */
const SWEEP_INTERVAL = 1024;

/** In-memory store of opaque access tokens: 40 lower-case hex characters, as the API issues. */
export class AccessTokenStore {
  private readonly tokens = new Map<string, AccessTokenRecord>();

  /** Creates and stores a token that expires `lifetimeSeconds` after `nowMs` (real clock). */
  issue(grant: AccessTokenGrant, lifetimeSeconds: number, nowMs: number): string {
    if (this.tokens.size > 0 && this.tokens.size % SWEEP_INTERVAL === 0) {
      this.sweepExpired(nowMs);
    }

    const token = randomBytes(20).toString('hex');
    this.tokens.set(token, { grant, expiresAtMs: nowMs + lifetimeSeconds * 1000 });
    return token;
  }

  /** Returns the record of a known, unexpired token at `nowMs` (real clock), else undefined. */
  find(token: string, nowMs: number): AccessTokenRecord | undefined {
    const record = this.tokens.get(token);
    if (record === undefined) {
      return undefined;
    }
    if (nowMs >= record.expiresAtMs) {
      this.tokens.delete(token);
      return undefined;
    }
    return record;
  }

  /** Removes a token; returns whether it was stored. */
  revoke(token: string): boolean {
    return this.tokens.delete(token);
  }

  /** Removes every token; returns how many were stored. */
  revokeAll(): number {
    const count = this.tokens.size;
    this.tokens.clear();
    return count;
  }

  private sweepExpired(nowMs: number): void {
    for (const [token, record] of this.tokens) {
      if (nowMs >= record.expiresAtMs) {
        this.tokens.delete(token);
      }
    }
  }
}
