import { isRecord } from '../errors/moltin-api-error-object.js';

/**
 * Claims read from a customer token without checking its signature. They are hints for routing
 * the validation request and for early rejection, never proof of identity.
 */
export interface CustomerTokenHint {
  /** Customer ID the token claims to belong to. */
  sub: string;
  /** Expiry in epoch seconds. */
  exp: number;
}

/**
 * Result of {@link decodeCustomerToken}. A rejection reason is one of:
 *
 * - `too_long`: longer than the configured maximum.
 * - `malformed`: not three base64 or base64url segments whose header and payload are JSON
 *   objects with a usable `alg`, `sub` and `exp`.
 * - `expired`: well formed, but `exp` is not in the future.
 */
export type CustomerTokenDecoding =
  | { readonly ok: true; readonly hint: CustomerTokenHint }
  | { readonly ok: false; readonly reason: 'too_long' | 'malformed' | 'expired' };

export interface DecodeCustomerTokenOptions {
  /** Longest accepted token, in characters. */
  maxLength: number;
  /** Current time in epoch milliseconds. */
  nowMs: number;
}

/**
 * Three segments of the base64 or base64url alphabet, each optionally padded with `=`. Moltin
 * pads the header and payload with `=` and sends the signature as 64 hex digits, which this
 * pattern also accepts. Standard JWTs use unpadded base64url throughout.
 */
const TOKEN_SHAPE = /^([A-Za-z0-9+/_-]+={0,2})\.([A-Za-z0-9+/_-]+={0,2})\.([A-Za-z0-9+/_-]+={0,2})$/;

/** Shortest signature accepted: an HMAC-SHA256 is 43 characters in base64url, 64 in hex. */
const MIN_SIGNATURE_LENGTH = 16;

/** Longest `sub` accepted. Customer IDs are UUIDs, 36 characters. */
const MAX_SUBJECT_LENGTH = 256;

/** Latest time a JavaScript `Date` can hold, in epoch milliseconds. */
const MAX_DATE_MS = 8_640_000_000_000_000;

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes the `sub` and `exp` claims of a customer token leniently: padded or unpadded, base64 or
 * base64url, any signature encoding. It never throws. It rejects a token that is too long,
 * malformed, marked `alg: none` or already expired, so the caller needs no network call for it.
 */
export function decodeCustomerToken(token: unknown, options: DecodeCustomerTokenOptions): CustomerTokenDecoding {
  try {
    return decode(token, options);
  } catch {
    // Decoding is pure, but a hostile token must never turn into a 500, whatever goes wrong.
    return { ok: false, reason: 'malformed' };
  }
}

function decode(token: unknown, options: DecodeCustomerTokenOptions): CustomerTokenDecoding {
  if (typeof token !== 'string') {
    return { ok: false, reason: 'malformed' };
  }

  if (token.length > options.maxLength) {
    return { ok: false, reason: 'too_long' };
  }

  const segments = TOKEN_SHAPE.exec(token);
  const header = segments && decodeJsonSegment(segments[1] as string);
  const payload = segments && decodeJsonSegment(segments[2] as string);
  const signature = segments?.[3] ?? '';

  if (!isRecord(header) || !hasUsableAlgorithm(header) || signature.length < MIN_SIGNATURE_LENGTH) {
    return { ok: false, reason: 'malformed' };
  }

  const hint = isRecord(payload) ? readHint(payload) : undefined;

  if (!hint) {
    return { ok: false, reason: 'malformed' };
  }

  if (options.nowMs >= hint.exp * 1000) {
    return { ok: false, reason: 'expired' };
  }

  return { ok: true, hint };
}

/**
 * Decodes one base64 or base64url segment into a JSON value, or returns `undefined`. Padding,
 * when present, must complete the last 4-character group.
 */
function decodeJsonSegment(segment: string): unknown {
  const unpadded = segment.replace(/=+$/, '');
  const padded = unpadded.length !== segment.length;

  if (unpadded.length % 4 === 1 || (padded && segment.length % 4 !== 0)) {
    return undefined;
  }

  const bytes = Buffer.from(unpadded.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

  return JSON.parse(UTF8.decode(bytes)) as unknown;
}

function hasUsableAlgorithm(header: Record<string, unknown>): boolean {
  const alg = Object.hasOwn(header, 'alg') ? header.alg : undefined;

  return typeof alg === 'string' && alg !== '' && alg.toLowerCase() !== 'none';
}

function readHint(payload: Record<string, unknown>): CustomerTokenHint | undefined {
  const sub = Object.hasOwn(payload, 'sub') ? payload.sub : undefined;
  const exp = Object.hasOwn(payload, 'exp') ? payload.exp : undefined;

  if (!isUsableSubject(sub) || typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0 || exp * 1000 > MAX_DATE_MS) {
    return undefined;
  }

  return { sub, exp };
}

/**
 * Accepts a `sub` that can name one customer in `GET /v2/customers/{sub}`. The segments `.` and
 * `..` are refused because URL normalization would turn them into another path even when encoded.
 */
function isUsableSubject(sub: unknown): sub is string {
  return (
    typeof sub === 'string' &&
    sub.trim() !== '' &&
    sub.length <= MAX_SUBJECT_LENGTH &&
    sub !== '.' &&
    sub !== '..' &&
    !CONTROL_CHARACTERS.test(sub)
  );
}
