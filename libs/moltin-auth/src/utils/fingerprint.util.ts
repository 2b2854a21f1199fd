import { createHash } from 'node:crypto';

/**
 * Returns a short, non-reversible fingerprint of a secret value (the first 8 hex digits of its
 * SHA-256), so logs can tell tokens apart without revealing them.
 */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 8);
}
