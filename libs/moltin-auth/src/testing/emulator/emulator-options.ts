import { randomBytes } from 'node:crypto';
import { isIPv4 } from 'node:net';

import type {
  CustomerSeed,
  EmulatorLogger,
  ErrorStatusFormat,
  MoltinEmulatorOptions,
  ProductPrice,
  ProductSeed,
  TokenResponseShape,
} from './moltin-emulator.interfaces.js';

/** Options after defaults are applied and every value is validated. */
export interface ResolvedEmulatorOptions {
  readonly port: number;
  readonly host: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenLifetimeSeconds: number;
  readonly customerTokenLifetimeSeconds: number;
  readonly tokenResponseShape: TokenResponseShape;
  readonly errorStatusFormat: ErrorStatusFormat;
  readonly clockOffsetSeconds: number;
  /** Undefined when `customers` was not given. */
  readonly customers: readonly CustomerSeed[] | undefined;
  /** Undefined when `products` was not given, so the default catalog applies. */
  readonly products: readonly ProductSeed[] | undefined;
  readonly rateLimitPerSecond: number | undefined;
  readonly customerTokenSecret: string;
  readonly logger: EmulatorLogger | undefined;
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set<keyof MoltinEmulatorOptions>([
  'port',
  'host',
  'clientId',
  'clientSecret',
  'tokenLifetimeSeconds',
  'customerTokenLifetimeSeconds',
  'tokenResponseShape',
  'errorStatusFormat',
  'clockOffsetSeconds',
  'customers',
  'products',
  'rateLimitPerSecond',
  'customerTokenSecret',
  'logger',
]);

/** Characters allowed in customer and product ids, so an id is one URL path segment as is. */
const ID_PATTERN = /^[A-Za-z0-9._~-]+$/;

/** Applies defaults to `options` and validates them, throwing a TypeError that names a bad option. */
export function resolveEmulatorOptions(options: MoltinEmulatorOptions = {}): ResolvedEmulatorOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`MoltinEmulator options must be an object; received ${describe(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new TypeError(
        `MoltinEmulator option "${key}" is unknown; valid options are ${[...KNOWN_OPTIONS].join(', ')}.`,
      );
    }
  }

  const logger = options.logger;
  if (logger !== undefined && logger !== false && typeof logger?.error !== 'function') {
    throw new TypeError('MoltinEmulator option "logger" must have an error(message) method, or be false.');
  }

  return {
    port: validatePort(options.port),
    host: validateHost(options.host),
    clientId: validateNonEmptyString('clientId', options.clientId ?? 'emulator-client-id'),
    clientSecret: validateNonEmptyString('clientSecret', options.clientSecret ?? 'emulator-client-secret'),
    tokenLifetimeSeconds: validateLifetime('tokenLifetimeSeconds', options.tokenLifetimeSeconds ?? 3600),
    customerTokenLifetimeSeconds: validateLifetime(
      'customerTokenLifetimeSeconds',
      options.customerTokenLifetimeSeconds ?? 86400,
    ),
    tokenResponseShape: validateTokenResponseShape(options.tokenResponseShape ?? 'flat'),
    errorStatusFormat: validateErrorStatusFormat(options.errorStatusFormat ?? 'string'),
    clockOffsetSeconds: validateClockOffset(options.clockOffsetSeconds ?? 0),
    customers: validateSeedList('customers', options.customers, validateCustomerSeed),
    products: validateSeedList('products', options.products, validateProductSeed),
    rateLimitPerSecond: validateRateLimit(options.rateLimitPerSecond),
    customerTokenSecret: validateNonEmptyString(
      'customerTokenSecret',
      options.customerTokenSecret ?? randomBytes(32).toString('hex'),
    ),
    logger: logger === false ? undefined : (logger ?? console),
  };
}

/** Validates a token lifetime: a positive integer number of seconds. */
export function validateLifetime(name: string, value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new TypeError(`MoltinEmulator ${name} must be a positive integer of seconds; received ${describe(value)}.`);
  }
  return value as number;
}

/** Validates a clock offset: a finite number of seconds, negative when the clock runs behind. */
export function validateClockOffset(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`MoltinEmulator clockOffsetSeconds must be a finite number of seconds; received ${describe(value)}.`);
  }
  return value;
}

/** Validates a rate limit: a positive integer of requests per second, or undefined for none. */
export function validateRateLimit(value: unknown): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new TypeError(
      `MoltinEmulator rateLimitPerSecond must be a positive integer of requests per second, or undefined for no limit; received ${describe(value)}.`,
    );
  }
  return value as number;
}

/** Validates a token response shape: `flat` or `data`. */
export function validateTokenResponseShape(value: unknown): TokenResponseShape {
  if (value !== 'flat' && value !== 'data') {
    throw new TypeError(`MoltinEmulator tokenResponseShape must be "flat" or "data"; received ${describe(value)}.`);
  }
  return value;
}

/** Validates an error status format: `string` or `number`. */
export function validateErrorStatusFormat(value: unknown): ErrorStatusFormat {
  if (value !== 'string' && value !== 'number') {
    throw new TypeError(`MoltinEmulator errorStatusFormat must be "string" or "number"; received ${describe(value)}.`);
  }
  return value;
}

/** Validates a customer seed and returns a copy. `name` labels the value in error messages. */
export function validateCustomerSeed(seed: unknown, name = 'customer'): CustomerSeed {
  const record = validateObject(name, seed);
  const customer: CustomerSeed = {
    name: validateNonEmptyString(`${name}.name`, record.name),
    email: validateNonEmptyString(`${name}.email`, record.email),
    password: validateNonEmptyString(`${name}.password`, record.password),
  };
  if (record.id !== undefined) {
    customer.id = validateId(`${name}.id`, record.id);
  }
  return customer;
}

/** Validates a product seed and returns a copy. `name` labels the value in error messages. */
export function validateProductSeed(seed: unknown, name = 'product'): ProductSeed {
  const record = validateObject(name, seed);
  const product: ProductSeed = {
    name: validateNonEmptyString(`${name}.name`, record.name),
    sku: validateNonEmptyString(`${name}.sku`, record.sku),
  };

  if (record.id !== undefined) {
    product.id = validateId(`${name}.id`, record.id);
  }
  if (record.description !== undefined) {
    product.description = validateString(`${name}.description`, record.description);
  }
  if (record.slug !== undefined) {
    product.slug = validateNonEmptyString(`${name}.slug`, record.slug);
  }
  if (record.status !== undefined) {
    if (record.status !== 'live' && record.status !== 'draft') {
      throw new TypeError(`MoltinEmulator ${name}.status must be "live" or "draft"; received ${describe(record.status)}.`);
    }
    product.status = record.status;
  }
  if (record.price !== undefined) {
    product.price = validatePrice(`${name}.price`, record.price);
  }
  return product;
}

/** Validates a loopback host. Only loopback addresses are allowed so tests never listen publicly. */
function validateHost(value: unknown): string {
  if (value === undefined) {
    return '127.0.0.1';
  }
  const isLoopback =
    value === 'localhost' || value === '::1' || (typeof value === 'string' && isIPv4(value) && value.startsWith('127.'));
  if (!isLoopback) {
    throw new TypeError(
      `MoltinEmulator option "host" must be a loopback address (127.0.0.1, another 127.x.y.z, ::1 or localhost); received ${describe(value)}.`,
    );
  }
  return value as string;
}

function validatePort(value: unknown): number {
  if (value === undefined) {
    return 0;
  }
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 65535) {
    throw new TypeError(
      `MoltinEmulator option "port" must be an integer from 0 to 65535 (0 picks a free port); received ${describe(value)}.`,
    );
  }
  return value as number;
}

function validateSeedList<T>(
  name: string,
  value: unknown,
  validateItem: (item: unknown, itemName: string) => T,
): readonly T[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value)) {
    throw new TypeError(`MoltinEmulator option "${name}" must be an array; received ${describe(value)}.`);
  }
  return value.map((item, index) => validateItem(item, `${name}[${index}]`));
}

function validatePrice(name: string, value: unknown): Record<string, ProductPrice> {
  const record = validateObject(name, value);
  const price: Record<string, ProductPrice> = {};

  for (const [currency, entry] of Object.entries(record)) {
    const entryName = `${name}.${currency}`;
    const fields = validateObject(entryName, entry);
    if (!Number.isSafeInteger(fields.amount)) {
      throw new TypeError(
        `MoltinEmulator ${entryName}.amount must be an integer in the currency's minor unit; received ${describe(fields.amount)}.`,
      );
    }
    if (typeof fields.includes_tax !== 'boolean') {
      throw new TypeError(`MoltinEmulator ${entryName}.includes_tax must be a boolean; received ${describe(fields.includes_tax)}.`);
    }
    price[currency] = { amount: fields.amount as number, includes_tax: fields.includes_tax };
  }
  return price;
}

function validateObject(name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`MoltinEmulator ${name} must be an object; received ${describe(value)}.`);
  }
  return value as Record<string, unknown>;
}

function validateId(name: string, value: unknown): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new TypeError(
      `MoltinEmulator ${name} must be a non-empty string of letters, digits, ".", "_", "~" or "-"; received ${describe(value)}.`,
    );
  }
  return value;
}

function validateNonEmptyString(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`MoltinEmulator ${name} must be a non-empty string; received ${describe(value)}.`);
  }
  return value;
}

function validateString(name: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new TypeError(`MoltinEmulator ${name} must be a string; received ${describe(value)}.`);
  }
  return value;
}

/**
 * Describes a value for an error message. Strings are quoted and cut to 60 characters. Secret
 * options are rejected only when empty or not strings, so no secret reaches this text.
 */
function describe(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > 60 ? `${JSON.stringify(value.slice(0, 60))}...` : JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) {
    return String(value);
  }
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}
