import { registerAs } from '@nestjs/config';
import { MoltinAuthModuleOptions } from 'nestjs-moltin-auth';

/**
 * Store credentials read from the environment. MoltinAuthModule validates them at start-up, so a
 * missing or malformed value stops the app with a message naming the option.
 */
export const moltinConfig = registerAs(
  'moltin',
  (): MoltinAuthModuleOptions => ({
    clientId: process.env.MOLTIN_CLIENT_ID ?? '',
    clientSecret: process.env.MOLTIN_CLIENT_SECRET || undefined,
    baseUrl: process.env.MOLTIN_BASE_URL || undefined,
  }),
);
