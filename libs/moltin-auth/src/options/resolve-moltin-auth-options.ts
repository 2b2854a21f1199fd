import { ValidationError, validateSync } from 'class-validator';

import { MoltinAuthConfigError } from '../errors/moltin-auth-config.error.js';
import { isRecord } from '../errors/moltin-api-error-object.js';
import { MoltinAuthModuleOptions, ResolvedMoltinAuthOptions } from '../interfaces/moltin-auth-module-options.interface.js';
import { ResolvedMoltinCustomerAuthOptions } from '../interfaces/moltin-customer-auth-options.interface.js';
import { ResolvedMoltinHttpOptions } from '../interfaces/moltin-http-options.interface.js';
import { DEFAULT_MOLTIN_BASE_URL, MOLTIN_CUSTOMER_TOKEN_HEADER, MoltinGrantType } from '../moltin-auth.constants.js';
import { MoltinAuthOptionsSchema, MoltinRetryOptionsSchema, describeValue } from './moltin-auth-options.schema.js';
import { redactSecrets } from '../utils/redact.util.js';
import { MoltinCustomerAuthOptionsSchema, MoltinHttpOptionsSchema } from './moltin-section-options.schema.js';

export const DEFAULT_REFRESH_MARGIN_SECONDS = 60;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRY = { attempts: 3, baseDelayMs: 250, maxDelayMs: 10_000 } as const;
export const DEFAULT_CUSTOMER_AUTH: ResolvedMoltinCustomerAuthOptions = {
  headerName: MOLTIN_CUSTOMER_TOKEN_HEADER,
  allowAuthorizationHeader: false,
  cacheTtlSeconds: 300,
  negativeCacheTtlSeconds: 10,
  cacheMaxEntries: 10_000,
  maxTokenLength: 4096,
  maxValidationsPerSecond: 10,
  validationMaxWaitMs: 1000,
};
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

// A base URL ending in an API path sends token requests to the wrong place, such as /v2/oauth/access_token.
const API_PATH_SUFFIX = /\/(v2|oauth)(\/.*)?$/i;

const TYPE_CONSTRAINTS = ['isNotEmpty', 'isString', 'isInt', 'isBoolean', 'isArray'];

const SECTIONS: Array<[key: 'retry' | 'customerAuth' | 'http', schema: new () => object]> = [
  ['retry', MoltinRetryOptionsSchema],
  ['customerAuth', MoltinCustomerAuthOptionsSchema],
  ['http', MoltinHttpOptionsSchema],
];

/**
 * Validates module options and fills in the defaults.
 *
 * @throws MoltinAuthConfigError naming every invalid option, with the fix.
 */
export function resolveMoltinAuthOptions(options: MoltinAuthModuleOptions): ResolvedMoltinAuthOptions {
  if (!isRecord(options)) {
    throw new MoltinAuthConfigError(['options must be an object with at least clientId']);
  }

  const problems = [...validateSchema(MoltinAuthOptionsSchema, options, '')];

  for (const [key, schema] of SECTIONS) {
    const section: unknown = options[key];

    if (section !== undefined) {
      problems.push(...(isRecord(section) ? validateSchema(schema, section, `${key}.`) : [`${key} must be an object`]));
    }
  }

  problems.push(...checkCombinations(options));

  if (problems.length > 0) {
    // A secret pasted into the wrong option must not reach the logs through this error.
    throw new MoltinAuthConfigError(problems.map((problem) => redactSecrets(problem, [secretText(options.clientSecret)])));
  }

  return applyDefaults(options);
}

function validateSchema(schema: new () => object, value: Record<string, unknown>, prefix: string): string[] {
  const instance = Object.assign(new schema(), value);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });

  return errors.flatMap((error) => toMessages(error, prefix));
}

function toMessages(error: ValidationError, prefix: string): string[] {
  const constraints = error.constraints ?? {};

  if ('whitelistValidation' in constraints) {
    return [`${prefix}${error.property} is not a known option; check its spelling`];
  }

  // Only one failed rule per option, the type check first: the others usually repeat it.
  const typeCheck = TYPE_CONSTRAINTS.find((name) => name in constraints);
  const first = typeCheck ? constraints[typeCheck] : Object.values(constraints)[0];

  return first ? [first] : [];
}

function checkCombinations(options: MoltinAuthModuleOptions): string[] {
  const problems: string[] = [];
  const retry = options.retry;

  if (options.defaultGrant === MoltinGrantType.ClientCredentials && !options.clientSecret) {
    problems.push('defaultGrant is "client_credentials" but clientSecret is not set: set clientSecret, or use defaultGrant "implicit"');
  }

  if (isRecord(retry) && typeof retry.baseDelayMs === 'number' && typeof retry.maxDelayMs === 'number' && retry.maxDelayMs < retry.baseDelayMs) {
    problems.push(`retry.maxDelayMs (${retry.maxDelayMs}) must not be less than retry.baseDelayMs (${retry.baseDelayMs})`);
  }

  if (typeof options.baseUrl === 'string' && URL.canParse(options.baseUrl) && API_PATH_SUFFIX.test(new URL(options.baseUrl).pathname)) {
    problems.push(`baseUrl must be the API's base URL without /v2 or /oauth, such as ${DEFAULT_MOLTIN_BASE_URL} (received ${describeValue(options.baseUrl)})`);
  }

  if (typeof options.customerAuth?.headerName === 'string' && options.customerAuth.headerName.toLowerCase() === 'authorization') {
    problems.push('customerAuth.headerName must not be Authorization, which carries the access token; set customerAuth.allowAuthorizationHeader to true to read customer tokens from it');
  }

  const allowedOrigins = options.http?.allowedOrigins;

  for (const origin of Array.isArray(allowedOrigins) ? allowedOrigins : []) {
    if (typeof origin === 'string' && toOrigin(origin) === undefined) {
      problems.push(`http.allowedOrigins must contain only http(s) origins with no path, such as "https://files.example.com" (received ${describeValue(origin)})`);
    }
  }

  return problems;
}

function applyDefaults(options: MoltinAuthModuleOptions): ResolvedMoltinAuthOptions {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_MOLTIN_BASE_URL);

  return {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    baseUrl,
    defaultGrant: options.defaultGrant ?? (options.clientSecret ? MoltinGrantType.ClientCredentials : MoltinGrantType.Implicit),
    refreshMarginSeconds: options.refreshMarginSeconds ?? DEFAULT_REFRESH_MARGIN_SECONDS,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    retry: { ...retry, maxDelayMs: Math.max(retry.maxDelayMs, retry.baseDelayMs) },
    customerAuth: { ...DEFAULT_CUSTOMER_AUTH, ...options.customerAuth },
    http: resolveHttpOptions(baseUrl, options),
  };
}

function resolveHttpOptions(baseUrl: string, options: MoltinAuthModuleOptions): ResolvedMoltinHttpOptions {
  const origins = [new URL(baseUrl).origin, ...(options.http?.allowedOrigins ?? []).map((origin) => toOrigin(origin) as string)];

  return {
    allowedOrigins: [...new Set(origins)],
    timeoutMs: options.http?.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
  };
}

/**
 * Returns the origin of an http(s) URL that has no path, query or fragment, or `undefined`.
 */
function toOrigin(value: string): string | undefined {
  if (!URL.canParse(value)) {
    return undefined;
  }

  const url = new URL(value);
  const bare = (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash && !url.username && !url.password;

  return bare && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : undefined;
}

function secretText(secret: unknown): string | undefined {
  return typeof secret === 'string' ? secret : undefined;
}

function normalizeBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);

  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
