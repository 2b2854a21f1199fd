import { createHash } from 'node:crypto';

interface CacheEntry<V> {
  value: V;
  /** When the entry stops being served, in epoch milliseconds. */
  expiresAtMs: number;
}

/**
 * Returns the cache key of a customer token: its SHA-256 in base64. The token itself is never
 * stored, so a heap dump of the cache reveals no usable token.
 */
export function customerTokenCacheKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64');
}

/**
 * Least-recently-used cache of validation results with a per-entry expiry. It never contains more
 * than `maxEntries` entries: adding one to a full cache evicts the entry read or written longest
 * ago. Expired entries are dropped when read.
 */
export class CustomerValidationCache<V> {
  // A Map iterates in insertion order, and every read re-inserts its entry, so the first key is
  // always the least recently used one.
  private readonly entries = new Map<string, CacheEntry<V>>();

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer (received ${String(maxEntries)})`);
    }
  }

  /** Number of entries held, expired ones not yet dropped included. */
  get size(): number {
    return this.entries.size;
  }

  /** Returns the value stored under `key` unless it has expired at `nowMs`, and marks it as used. */
  get(key: string, nowMs: number): V | undefined {
    const entry = this.entries.get(key);

    if (!entry) {
      return undefined;
    }

    this.entries.delete(key);

    if (nowMs >= entry.expiresAtMs) {
      return undefined;
    }

    this.entries.set(key, entry);

    return entry.value;
  }

  /** Stores `value` until `expiresAtMs`, evicting the least recently used entries beyond the maximum. */
  set(key: string, value: V, expiresAtMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAtMs });

    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
