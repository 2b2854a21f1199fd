import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';

import { DEFAULT_MOLTIN_BASE_URL, MOLTIN_GRANT_TYPES } from '../moltin-auth.constants.js';

const MAX_SHOWN_VALUE_LENGTH = 80;

/**
 * Describes a received option value for an error message, shortened and quoted.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = typeof value === 'number' ? String(value) : String(JSON.stringify(maskUrlSecrets(value)) ?? value);

  return text.length > MAX_SHOWN_VALUE_LENGTH ? `${text.slice(0, MAX_SHOWN_VALUE_LENGTH)}…` : text;
}

/**
 * Hides the credentials and query of a URL-like string, the parts of a URL that may carry secrets.
 */
function maskUrlSecrets(value: unknown): unknown {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    return value;
  }

  const url = new URL(value);

  if (!url.username && !url.password && !url.search) {
    return value;
  }

  url.username = url.username ? 'hidden' : '';
  url.password = url.password ? 'hidden' : '';
  url.search = url.search ? '?hidden' : '';

  return url.href;
}

function received(args: ValidationArguments): string {
  return `received ${describeValue(args.value)}`;
}

function IsAbsoluteHttpUrl(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAbsoluteHttpUrl',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isAbsoluteHttpUrl(value),
      },
    },
    validationOptions,
  );
}

function isAbsoluteHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) {
    return false;
  }

  const url = new URL(value);

  return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash && !url.username;
}

/**
 * class-validator rules for {@link MoltinRetryOptions}.
 */
export class MoltinRetryOptionsSchema {
  @IsOptional()
  @IsInt({ message: (args) => `retry.attempts must be an integer from 1 to 10 (${received(args)})` })
  @Min(1, { message: (args) => `retry.attempts must be at least 1, the first attempt included (${received(args)})` })
  @Max(10, { message: (args) => `retry.attempts must be at most 10 (${received(args)})` })
  attempts?: number;

  @IsOptional()
  @IsInt({ message: (args) => `retry.baseDelayMs must be an integer number of milliseconds (${received(args)})` })
  @Min(0, { message: (args) => `retry.baseDelayMs must not be negative (${received(args)})` })
  @Max(60_000, { message: (args) => `retry.baseDelayMs must be at most 60000 ms (${received(args)})` })
  baseDelayMs?: number;

  @IsOptional()
  @IsInt({ message: (args) => `retry.maxDelayMs must be an integer number of milliseconds (${received(args)})` })
  @Min(0, { message: (args) => `retry.maxDelayMs must not be negative (${received(args)})` })
  @Max(300_000, { message: (args) => `retry.maxDelayMs must be at most 300000 ms (${received(args)})` })
  maxDelayMs?: number;
}

/**
 * class-validator rules for {@link MoltinAuthModuleOptions}, except `retry`, which is checked by
 * {@link MoltinRetryOptionsSchema}.
 */
export class MoltinAuthOptionsSchema {
  @IsString({ message: (args) => `clientId must be a string: the client ID of your store's application key (${received(args)})` })
  @IsNotEmpty({ message: () => "clientId is required: set it to the client ID of your store's application key" })
  @Matches(/^\S+$/, { message: (args) => `clientId must not be blank or contain whitespace (${received(args)})` })
  clientId!: string;

  // The secret's value never appears in a message: only its type does.
  @IsOptional()
  @IsString({ message: (args) => `clientSecret must be a string (received a value of type ${typeof args.value}); leave it unset to use implicit tokens only` })
  @IsNotEmpty({ message: () => 'clientSecret must not be empty; leave it unset to use implicit tokens only' })
  @Matches(/^\S(.*\S)?$/s, { message: () => 'clientSecret must not be blank or start or end with whitespace; check how it is read from the environment' })
  clientSecret?: string;

  @IsOptional()
  @IsAbsoluteHttpUrl({
    message: (args) => `baseUrl must be an absolute http(s) URL with no query, fragment or credentials, such as ${DEFAULT_MOLTIN_BASE_URL} (${received(args)})`,
  })
  baseUrl?: string;

  @IsOptional()
  @IsIn(MOLTIN_GRANT_TYPES, {
    message: (args) => `defaultGrant must be one of ${MOLTIN_GRANT_TYPES.map((grant) => `"${grant}"`).join(', ')} (${received(args)})`,
  })
  defaultGrant?: string;

  @IsOptional()
  @IsInt({ message: (args) => `refreshMarginSeconds must be an integer number of seconds (${received(args)})` })
  @Min(0, { message: (args) => `refreshMarginSeconds must not be negative (${received(args)})` })
  @Max(3_000, { message: (args) => `refreshMarginSeconds must be at most 3000, below the 3600 s token lifetime (${received(args)})` })
  refreshMarginSeconds?: number;

  @IsOptional()
  @IsInt({ message: (args) => `requestTimeoutMs must be an integer number of milliseconds (${received(args)})` })
  @Min(1, { message: (args) => `requestTimeoutMs must be at least 1 ms (${received(args)})` })
  @Max(300_000, { message: (args) => `requestTimeoutMs must be at most 300000 ms (${received(args)})` })
  requestTimeoutMs?: number;

  // The sections below are checked separately by their own schemas; they are declared here so
  // that they are not reported as unknown options.
  @IsOptional()
  retry?: unknown;

  @IsOptional()
  customerAuth?: unknown;

  @IsOptional()
  http?: unknown;
}
