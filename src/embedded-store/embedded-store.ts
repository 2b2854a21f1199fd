import { Logger } from '@nestjs/common';
import { MoltinEmulator } from 'nestjs-moltin-auth/testing';

export const DEMO_CUSTOMER = {
  name: 'Demo Shopper',
  email: 'demo@example.com',
  password: 'demo-password',
} as const;

/**
 * Starts the Moltin API emulator on 127.0.0.1 with a demo customer and its default products, and
 * points the MOLTIN_* variables at it, so the app runs without a real store.
 */
export async function startEmbeddedStore(): Promise<MoltinEmulator> {
  const logger = new Logger('EmbeddedStore');
  const emulator = await MoltinEmulator.start({ port: Number(process.env.MOLTIN_EMULATOR_PORT ?? 0) });

  emulator.addCustomer(DEMO_CUSTOMER);
  process.env.MOLTIN_BASE_URL = emulator.url;
  process.env.MOLTIN_CLIENT_ID = emulator.clientId;
  process.env.MOLTIN_CLIENT_SECRET = emulator.clientSecret;

  logger.log(`No MOLTIN_CLIENT_ID set: serving the embedded Moltin API emulator at ${emulator.url}`);
  logger.log(`Demo login: ${DEMO_CUSTOMER.email} / ${DEMO_CUSTOMER.password}`);

  return emulator;
}
