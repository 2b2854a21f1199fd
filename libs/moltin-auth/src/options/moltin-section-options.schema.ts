import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

import { describeValue } from './moltin-auth-options.schema.js';

// RFC 9110 token characters, the only ones allowed in a header name.
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * class-validator rules for the validation rate limit of `customerAuth`.
 */
export class MoltinValidationRateSchema {
  @IsOptional()
  @IsInt({ message: (args) => `customerAuth.maxValidationsPerSecond must be an integer (received ${describeValue(args.value)})` })
  @Min(0, { message: (args) => `customerAuth.maxValidationsPerSecond must not be negative; use 0 to turn the limit off (received ${describeValue(args.value)})` })
  @Max(10_000, { message: (args) => `customerAuth.maxValidationsPerSecond must be at most 10000 (received ${describeValue(args.value)})` })
  maxValidationsPerSecond?: number;


  @IsOptional()
  @IsInt({ message: (args) => `customerAuth.validationMaxWaitMs must be an integer number of milliseconds (received ${describeValue(args.value)})` })
  @Min(0, { message: (args) => `customerAuth.validationMaxWaitMs must not be negative (received ${describeValue(args.value)})` })
  @Max(60_000, { message: (args) => `customerAuth.validationMaxWaitMs must be at most 60000 ms (received ${describeValue(args.value)})` })
  validationMaxWaitMs?: number;
}

/**
 * class-validator rules for `customerAuth`.
 */
export class MoltinCustomerAuthOptionsSchema extends MoltinValidationRateSchema {
  @IsOptional()
  @IsString({ message: (args) => `customerAuth.headerName must be a string (received ${describeValue(args.value)})` })
  @IsNotEmpty({ message: () => 'customerAuth.headerName must not be empty' })
  @Matches(HEADER_NAME_PATTERN, { message: (args) => `customerAuth.headerName must be a valid HTTP header name, such as X-Moltin-Customer-Token (received ${describeValue(args.value)})` })
  headerName?: string;

  @IsOptional()
  @IsBoolean({ message: (args) => `customerAuth.allowAuthorizationHeader must be true or false (received ${describeValue(args.value)})` })
  allowAuthorizationHeader?: boolean;

  @IsOptional()
  @IsInt({ message: (args) => `customerAuth.cacheTtlSeconds must be an integer number of seconds (received ${describeValue(args.value)})` })
  @Min(0, { message: (args) => `customerAuth.cacheTtlSeconds must not be negative (received ${describeValue(args.value)})` })
  @Max(86_400, { message: (args) => `customerAuth.cacheTtlSeconds must be at most 86400, the customer token lifetime (received ${describeValue(args.value)})` })
  cacheTtlSeconds?: number;

  @IsOptional()
  @IsInt({ message: (args) => `customerAuth.negativeCacheTtlSeconds must be an integer number of seconds (received ${describeValue(args.value)})` })
  @Min(0, { message: (args) => `customerAuth.negativeCacheTtlSeconds must not be negative (received ${describeValue(args.value)})` })
  @Max(3_600, { message: (args) => `customerAuth.negativeCacheTtlSeconds must be at most 3600 (received ${describeValue(args.value)})` })
  negativeCacheTtlSeconds?: number;

  @IsOptional()
  @IsInt({ message: (args) => `customerAuth.cacheMaxEntries must be an integer (received ${describeValue(args.value)})` })
  @Min(1, { message: (args) => `customerAuth.cacheMaxEntries must be at least 1 (received ${describeValue(args.value)})` })
  @Max(10_000_000, { message: (args) => `customerAuth.cacheMaxEntries must be at most 10000000 (received ${describeValue(args.value)})` })
  cacheMaxEntries?: number;

  @IsOptional()
  @IsInt({ message: (args) => `customerAuth.maxTokenLength must be an integer number of characters (received ${describeValue(args.value)})` })
  @Min(64, { message: (args) => `customerAuth.maxTokenLength must be at least 64 (received ${describeValue(args.value)})` })
  @Max(65_536, { message: (args) => `customerAuth.maxTokenLength must be at most 65536 (received ${describeValue(args.value)})` })
  maxTokenLength?: number;
}

/**
 * class-validator rules for `http`. Each origin is checked further by the resolver.
 */
export class MoltinHttpOptionsSchema {
  @IsOptional()
  @IsArray({ message: (args) => `http.allowedOrigins must be an array of origins such as "https://files.example.com" (received ${describeValue(args.value)})` })
  @ArrayMaxSize(100, { message: () => 'http.allowedOrigins must list at most 100 origins' })
  @IsString({ each: true, message: (args) => `http.allowedOrigins must contain only strings (received ${describeValue(args.value)})` })
  allowedOrigins?: string[];

  @IsOptional()
  @IsInt({ message: (args) => `http.timeoutMs must be an integer number of milliseconds (received ${describeValue(args.value)})` })
  @Min(1, { message: (args) => `http.timeoutMs must be at least 1 ms (received ${describeValue(args.value)})` })
  @Max(600_000, { message: (args) => `http.timeoutMs must be at most 600000 ms (received ${describeValue(args.value)})` })
  timeoutMs?: number;
}
