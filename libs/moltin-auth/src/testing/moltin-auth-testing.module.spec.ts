import { Injectable, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';

import { MoltinAuthError } from '../errors/moltin-auth.error.js';
import { MoltinGrantType } from '../moltin-auth.constants.js';
import { MoltinClock } from '../moltin-clock.js';
import { MoltinTokenService } from '../token/moltin-token.service.js';
import { MoltinEmulator } from './emulator/index.js';
import { DEFAULT_FAKE_ACCESS_TOKENS, FakeMoltinTokenService } from './fake-token-service.js';
import { ManualClock } from './manual-clock.js';
import { MoltinAuthTestHarness } from './moltin-auth-test-harness.js';
import { MoltinAuthTestingModule } from './moltin-auth-testing.module.js';

const HOUR_MS = 3_600_000;

/** Provider of an app's feature module that injects the token service without importing MoltinAuthModule. */
@Injectable()
class CatalogClient {
  constructor(readonly tokens: MoltinTokenService) {}
}

@Module({ providers: [CatalogClient], exports: [CatalogClient] })
class CatalogModule {}

describe('MoltinAuthTestingModule', () => {
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  describe('forEmulator', () => {
    let emulator: MoltinEmulator;

    beforeAll(async () => {
      emulator = await MoltinEmulator.start({ logger: false });
    });

    afterAll(async () => {
      await emulator.stop();
    });

    beforeEach(() => {
      emulator.reset();
    });

    async function compile(...imports: Parameters<typeof Test.createTestingModule>[0]['imports'] & object): Promise<TestingModule> {
      moduleRef = await Test.createTestingModule({ imports }).compile();
      await moduleRef.init();

      return moduleRef;
    }

    it('obtains tokens from the emulator', async () => {
      const app = await compile(MoltinAuthTestingModule.forEmulator(emulator));
      const tokens = app.get(MoltinTokenService);

      const token = await tokens.getAccessToken();

      expect(emulator.isAccessTokenValid(token)).toBe(true);
      expect(emulator.accessTokenGrant(token)).toBe('client_credentials');
    });

    it('counts token requests through the harness', async () => {
      const app = await compile(MoltinAuthTestingModule.forEmulator(emulator));
      const tokens = app.get(MoltinTokenService);
      const harness = app.get(MoltinAuthTestHarness);

      await tokens.getAccessToken();
      await tokens.getAccessToken();
      await tokens.getAccessToken(MoltinGrantType.Implicit);

      expect(harness.tokenRequestCount()).toBe(2);
      expect(harness.tokenRequestCount(MoltinGrantType.ClientCredentials)).toBe(1);
      expect(harness.tokenRequestCount(MoltinGrantType.Implicit)).toBe(1);
    });

    it('resets the counts', async () => {
      const app = await compile(MoltinAuthTestingModule.forEmulator(emulator));
      const harness = app.get(MoltinAuthTestHarness);

      await app.get(MoltinTokenService).getAccessToken();
      harness.resetCounts();

      expect(harness.tokenRequestCount()).toBe(0);
      expect(harness.customerValidationCount()).toBe(0);
    });

    it('provides the manual clock as MoltinClock', async () => {
      const app = await compile(MoltinAuthTestingModule.forEmulator(emulator));
      const clock = app.get(ManualClock);

      expect(app.get(MoltinClock, { strict: false })).toBe(clock);
      expect(app.get(MoltinAuthTestHarness).clock).toBe(clock);
    });

    it('uses the given clock', async () => {
      const clock = new ManualClock(Date.UTC(2030, 0, 1));
      const app = await compile(MoltinAuthTestingModule.forEmulator(emulator, { clock }));

      const token = await app.get(MoltinTokenService).getToken();

      expect(app.get(ManualClock)).toBe(clock);
      expect(token.expiresAt.getTime()).toBe(Date.UTC(2030, 0, 1) + HOUR_MS);
    });

    it('requests a new token once the clock passes expiry', async () => {
      const app = await compile(MoltinAuthTestingModule.forEmulator(emulator));
      const tokens = app.get(MoltinTokenService);
      const harness = app.get(MoltinAuthTestHarness);

      const first = await tokens.getAccessToken();
      harness.clock.advance(HOUR_MS - 1);
      const cached = await tokens.getAccessToken();
      harness.clock.advance(1);
      const renewed = await tokens.getAccessToken();

      expect(cached).toBe(first);
      expect(renewed).not.toBe(first);
      expect(harness.tokenRequestCount()).toBe(2);
    });

    it('applies module option overrides', async () => {
      const app = await compile(MoltinAuthTestingModule.forEmulator(emulator, { clientSecret: undefined }));
      const tokens = app.get(MoltinTokenService);

      const token = await tokens.getAccessToken();

      expect(tokens.defaultGrant).toBe(MoltinGrantType.Implicit);
      expect(emulator.accessTokenGrant(token)).toBe('implicit');
      expect(app.get(MoltinAuthTestHarness).tokenRequestCount(MoltinGrantType.ClientCredentials)).toBe(0);
    });

    it('retries failed token requests quickly', async () => {
      const app = await compile(MoltinAuthTestingModule.forEmulator(emulator));
      emulator.failNext('token', 2, 503);
      const started = Date.now();

      const token = await app.get(MoltinTokenService).getAccessToken();

      expect(emulator.isAccessTokenValid(token)).toBe(true);
      expect(app.get(MoltinAuthTestHarness).tokenRequestCount()).toBe(3);
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('serves feature modules when global', async () => {
      const app = await compile(MoltinAuthTestingModule.forEmulator(emulator), CatalogModule);

      expect(app.get(CatalogClient).tokens).toBe(app.get(MoltinTokenService));
    });

    it('rejects invalid module options at start-up', async () => {
      await expect(compile(MoltinAuthTestingModule.forEmulator(emulator, { refreshMarginSeconds: -1 }))).rejects.toThrow(/refreshMarginSeconds must not be negative/);
    });
  });

  describe('withFakeTokens', () => {
    it('replaces the token service with the fake', async () => {
      moduleRef = await Test.createTestingModule({ imports: [MoltinAuthTestingModule.withFakeTokens()] }).compile();
      const tokens = moduleRef.get(MoltinTokenService);

      expect(tokens).toBe(moduleRef.get(FakeMoltinTokenService));
      expect(await tokens.getAccessToken()).toBe(DEFAULT_FAKE_ACCESS_TOKENS.client_credentials);
      expect(moduleRef.get(FakeMoltinTokenService).callCount('getAccessToken')).toBe(1);
    });

    it('serves feature modules the fake', async () => {
      moduleRef = await Test.createTestingModule({ imports: [MoltinAuthTestingModule.withFakeTokens({ tokens: { implicit: 'shop-token' } }), CatalogModule] }).compile();

      const tokens = moduleRef.get(CatalogClient).tokens;

      expect(await tokens.getAccessToken()).toBe('shop-token');
      await expect(tokens.getAccessToken(MoltinGrantType.ClientCredentials)).rejects.toThrow(MoltinAuthError);
    });

    it('shares the manual clock with the fake', async () => {
      const clock = new ManualClock(Date.UTC(2030, 0, 1));
      moduleRef = await Test.createTestingModule({ imports: [MoltinAuthTestingModule.withFakeTokens({ clock, lifetimeSeconds: 60 })] }).compile();

      const token = await moduleRef.get(MoltinTokenService).getToken();

      expect(moduleRef.get(MoltinClock, { strict: false })).toBe(clock);
      expect(token.expiresAt.getTime()).toBe(Date.UTC(2030, 0, 1) + 60_000);
    });

    it('serves apps built in turn', async () => {
      const testingModule = MoltinAuthTestingModule.withFakeTokens();

      for (let round = 0; round < 2; round++) {
        const app = await Test.createTestingModule({ imports: [testingModule] }).compile();
        await app.init();

        expect(await app.get(MoltinTokenService).getAccessToken()).toBe(DEFAULT_FAKE_ACCESS_TOKENS.client_credentials);
        await app.close();
      }
    });

    it('sends no token request', async () => {
      const emulator = await MoltinEmulator.start({ logger: false });

      try {
        moduleRef = await Test.createTestingModule({ imports: [MoltinAuthTestingModule.withFakeTokens({ baseUrl: emulator.url })] }).compile();
        await moduleRef.init();

        await moduleRef.get(MoltinTokenService).getAccessToken();

        expect(emulator.requestCount('token')).toBe(0);
      } finally {
        await emulator.stop();
      }
    });
  });
});
