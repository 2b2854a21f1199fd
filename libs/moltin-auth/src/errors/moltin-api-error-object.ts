import { redactSecrets } from '../utils/redact.util.js';

/**
 * One entry of the `errors` array in a JSON:API error body from the Moltin API. The API sends
 * `status` as a string in its current OpenAPI spec and as a number in its guides, so it is
 * normalised to a number here.
 */
export interface MoltinApiErrorObject {
  status?: number;
  title?: string;
  detail?: string;
  source?: unknown;
  requestId?: string;
}

const MAX_TEXT_LENGTH = 500;
const MAX_ERRORS = 20;

/**
 * Extracts the `errors` array from an API response body. Anything that is not a JSON:API error
 * body gives an empty array, never an exception.
 */
export function parseApiErrors(body: unknown): MoltinApiErrorObject[] {
  const errors = isRecord(body) ? body.errors : undefined;

  if (!Array.isArray(errors)) {
    return [];
  }

  return errors.slice(0, MAX_ERRORS).filter(isRecord).map(toErrorObject);
}

function toErrorObject(raw: Record<string, unknown>): MoltinApiErrorObject {
  const error: MoltinApiErrorObject = {};
  const status = toStatus(raw.status);

  if (status !== undefined) error.status = status;
  if (typeof raw.title === 'string') error.title = raw.title.slice(0, MAX_TEXT_LENGTH);
  if (typeof raw.detail === 'string') error.detail = raw.detail.slice(0, MAX_TEXT_LENGTH);
  if (raw.source !== undefined) error.source = raw.source;
  if (typeof raw.request_id === 'string') error.requestId = raw.request_id;

  return error;
}

function toStatus(value: unknown): number | undefined {
  const status = typeof value === 'string' ? Number(value.trim()) : value;

  return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
}

/**
 * Returns `title: detail` of the first error, or an empty string when there is none, for messages.
 */
export function describeFirstApiError(errors: readonly MoltinApiErrorObject[]): string {
  const first = errors[0];

  return first ? [first.title, first.detail].filter(Boolean).join(': ') : '';
}

/**
 * Returns the errors with each of `secrets` replaced by `[redacted]` in their titles and details,
 * which may echo request values.
 */
export function redactApiErrors(errors: readonly MoltinApiErrorObject[], secrets: ReadonlyArray<string | undefined>): MoltinApiErrorObject[] {
  return errors.map((error) => ({
    ...error,
    ...(error.title === undefined ? {} : { title: redactSecrets(error.title, secrets) }),
    ...(error.detail === undefined ? {} : { detail: redactSecrets(error.detail, secrets) }),
  }));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
