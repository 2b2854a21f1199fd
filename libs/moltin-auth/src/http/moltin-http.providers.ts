import { ModuleMetadata, Provider } from '@nestjs/common';

/**
 * Imports and providers of the outbound HTTP side (the Bearer interceptor and the API client),
 * added to `MoltinAuthModule`.
 */
export const moltinHttpImports: NonNullable<ModuleMetadata['imports']> = [];
export const moltinHttpProviders: Provider[] = [];
export const moltinHttpExports: NonNullable<ModuleMetadata['exports']> = [];
