import { ModuleMetadata, Provider } from '@nestjs/common';

/**
 * Providers of the customer side (login, `CustomerAuthGuard`), added to `MoltinAuthModule`.
 */
export const customerAuthProviders: Provider[] = [];
export const customerAuthExports: NonNullable<ModuleMetadata['exports']> = [];
