import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MoltinAuthModule, MoltinAuthModuleOptions, MoltinTokenService } from 'nestjs-moltin-auth';
import { MoltinEmulator } from 'nestjs-moltin-auth/testing';

import { CapturingLogger } from './log-capture';

export interface TokenTestContext {
  app: INestApplicationContext;
  tokens: MoltinTokenService;
  logger: CapturingLogger;
}

/**
 * Starts an application context with MoltinAuthModule pointed at the emulator, with small retry
 * delays so failure tests run quickly.
 */
export async function createTokenContext(
  emulator: MoltinEmulator,
  overrides: Partial<MoltinAuthModuleOptions> = {},
): Promise<TokenTestContext> {
  const logger = new CapturingLogger();
  const moduleRef = await Test.createTestingModule({
    imports: [
      MoltinAuthModule.forRoot({
        baseUrl: emulator.url,
        clientId: emulator.clientId,
        clientSecret: emulator.clientSecret,
        retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
        ...overrides,
      }),
    ],
  })
    .setLogger(logger)
    .compile();
  const app = await moduleRef.init();

  return { app, tokens: app.get(MoltinTokenService), logger };
}
