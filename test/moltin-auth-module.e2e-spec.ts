import { Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { ScheduleModule, SchedulerRegistry, Timeout } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import {
  MoltinAuthConfigError,
  MoltinAuthModule,
  MoltinAuthModuleOptions,
  MoltinAuthOptionsFactory,
  MoltinTokenService,
} from 'nestjs-moltin-auth';
import { MoltinEmulator } from 'nestjs-moltin-auth/testing';

import { CapturingLogger } from './support/log-capture';
import { sleep } from './support/wait';

describe('MoltinAuthModule', () => {
  let emulator: MoltinEmulator;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start({ logger: false });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  function emulatorOptions(): MoltinAuthModuleOptions {
    return { baseUrl: emulator.url, clientId: emulator.clientId, clientSecret: emulator.clientSecret };
  }

  async function tokenFrom(imports: unknown[]): Promise<string> {
    const moduleRef = await Test.createTestingModule({ imports: imports as never[] }).compile();
    const app = await moduleRef.init();

    try {
      return await app.get(MoltinTokenService).getAccessToken();
    } finally {
      await app.close();
    }
  }

  describe('async configuration', () => {
    it('accepts useFactory with inject and imports', async () => {
      const token = await tokenFrom([
        MoltinAuthModule.forRootAsync({
          imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ moltin: emulatorOptions() })] })],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => config.getOrThrow<MoltinAuthModuleOptions>('moltin'),
        }),
      ]);

      expect(emulator.isAccessTokenValid(token)).toBe(true);
    });

    it('accepts an async useFactory', async () => {
      const token = await tokenFrom([
        MoltinAuthModule.forRootAsync({ useFactory: async () => emulatorOptions() }),
      ]);

      expect(emulator.isAccessTokenValid(token)).toBe(true);
    });

    it('accepts useClass', async () => {
      @Injectable()
      class OptionsFactory implements MoltinAuthOptionsFactory {
        createMoltinAuthOptions(): MoltinAuthModuleOptions {
          return emulatorOptions();
        }
      }

      const token = await tokenFrom([MoltinAuthModule.forRootAsync({ useClass: OptionsFactory })]);

      expect(emulator.isAccessTokenValid(token)).toBe(true);
    });

    it('accepts useExisting', async () => {
      @Injectable()
      class SharedOptionsFactory implements MoltinAuthOptionsFactory {
        createMoltinAuthOptions(): Promise<MoltinAuthModuleOptions> {
          return Promise.resolve(emulatorOptions());
        }
      }

      @Module({ providers: [SharedOptionsFactory], exports: [SharedOptionsFactory] })
      class OptionsModule {}

      const token = await tokenFrom([
        MoltinAuthModule.forRootAsync({ imports: [OptionsModule], useExisting: SharedOptionsFactory }),
      ]);

      expect(emulator.isAccessTokenValid(token)).toBe(true);
    });

    it('makes the token service visible to other modules with isGlobal', async () => {
      @Injectable()
      class CatalogService {
        constructor(readonly tokens: MoltinTokenService) {}
      }

      @Module({ providers: [CatalogService] })
      class CatalogModule {}

      const moduleRef = await Test.createTestingModule({
        imports: [MoltinAuthModule.forRoot({ ...emulatorOptions(), isGlobal: true }), CatalogModule],
      }).compile();
      const app = await moduleRef.init();

      try {
        const token = await app.get(CatalogService).tokens.getAccessToken();
        expect(emulator.isAccessTokenValid(token)).toBe(true);
      } finally {
        await app.close();
      }
    });

    it('hides the token service from other modules without isGlobal', async () => {
      @Injectable()
      class CatalogService {
        constructor(readonly tokens: MoltinTokenService) {}
      }

      @Module({ providers: [CatalogService] })
      class CatalogModule {}

      await expect(
        Test.createTestingModule({ imports: [MoltinAuthModule.forRoot(emulatorOptions()), CatalogModule] }).compile(),
      ).rejects.toThrow(/MoltinTokenService/);
    });
  });

  describe('option validation', () => {
    const secret = 'super-secret-value-123';
    const invalid: Array<[string, unknown, RegExp]> = [
      ['missing clientId', { clientSecret: secret }, /clientId is required/],
      ['empty clientId', { clientId: '' }, /clientId is required/],
      ['numeric clientId', { clientId: 42 }, /clientId must be a string/],
      ['numeric clientSecret', { clientId: 'id', clientSecret: 12345 }, /clientSecret must be a string \(received a value of type number\)/],
      ['empty clientSecret', { clientId: 'id', clientSecret: '' }, /clientSecret must not be empty/],
      ['relative baseUrl', { clientId: 'id', baseUrl: 'euwest.api.elasticpath.com' }, /baseUrl must be an absolute http\(s\) URL .*received "euwest\.api\.elasticpath\.com"/],
      ['ftp baseUrl', { clientId: 'id', baseUrl: 'ftp://example.com' }, /baseUrl must be an absolute http\(s\) URL/],
      ['baseUrl with a query', { clientId: 'id', baseUrl: 'https://example.com/?x=1' }, /baseUrl must be an absolute http\(s\) URL/],
      ['unknown grant', { clientId: 'id', defaultGrant: 'password' }, /defaultGrant must be one of "client_credentials", "implicit" \(received "password"\)/],
      ['client_credentials without secret', { clientId: 'id', defaultGrant: 'client_credentials' }, /defaultGrant is "client_credentials" but clientSecret is not set/],
      ['negative refresh margin', { clientId: 'id', refreshMarginSeconds: -1 }, /refreshMarginSeconds must not be negative/],
      ['fractional refresh margin', { clientId: 'id', refreshMarginSeconds: 1.5 }, /refreshMarginSeconds must be an integer/],
      ['huge refresh margin', { clientId: 'id', refreshMarginSeconds: 4000 }, /refreshMarginSeconds must be at most 3000/],
      ['zero timeout', { clientId: 'id', requestTimeoutMs: 0 }, /requestTimeoutMs must be at least 1 ms/],
      ['string timeout', { clientId: 'id', requestTimeoutMs: '100' }, /requestTimeoutMs must be an integer/],
      ['zero attempts', { clientId: 'id', retry: { attempts: 0 } }, /retry\.attempts must be at least 1/],
      ['retry not an object', { clientId: 'id', retry: 3 }, /retry must be an object/],
      ['max delay below base delay', { clientId: 'id', retry: { baseDelayMs: 500, maxDelayMs: 100 } }, /retry\.maxDelayMs \(100\) must not be less than retry\.baseDelayMs \(500\)/],
      ['misspelt option', { clientId: 'id', clientSecrt: secret }, /clientSecrt is not a known option/],
      ['misspelt retry option', { clientId: 'id', retry: { attempt: 2 } }, /retry\.attempt is not a known option/],
      ['bad header name', { clientId: 'id', customerAuth: { headerName: 'bad header' } }, /customerAuth\.headerName must be a valid HTTP header name/],
      ['zero cache size', { clientId: 'id', customerAuth: { cacheMaxEntries: 0 } }, /customerAuth\.cacheMaxEntries must be at least 1/],
      ['origin with a path', { clientId: 'id', http: { allowedOrigins: ['https://files.example.com/path'] } }, /http\.allowedOrigins must contain only http\(s\) origins/],
      ['origins given as a string', { clientId: 'id', http: { allowedOrigins: 'https://files.example.com' } }, /^[^\n]*\n[^\n]*http\.allowedOrigins must be an array[^\n]*$/],
      ['blank clientId', { clientId: '   ' }, /clientId must not be blank or contain whitespace/],
      ['baseUrl ending in /v2', { clientId: 'id', baseUrl: 'https://euwest.api.elasticpath.com/v2/' }, /baseUrl must be the API's base URL without \/v2 or \/oauth/],
      ['Authorization as the customer header', { clientId: 'id', customerAuth: { headerName: 'authorization' } }, /customerAuth\.headerName must not be Authorization/],
      ['the secret pasted as baseUrl', { clientId: 'id', clientSecret: secret, baseUrl: secret }, /baseUrl must be an absolute http\(s\) URL .*\[redacted\]/],
      ['credentials in baseUrl', { clientId: 'id', baseUrl: `https://user:${secret}@example.com/v2?key=${secret}` }, /baseUrl must be the API's base URL .*hidden:hidden@example\.com\/v2\?hidden/],
      ['blank clientSecret', { clientId: 'id', clientSecret: '   ' }, /clientSecret must not be blank or start or end with whitespace/],
      ['padded clientSecret', { clientId: 'id', clientSecret: ` ${secret} ` }, /clientSecret must not be blank or start or end with whitespace/],
      ['NaN timeout', { clientId: 'id', requestTimeoutMs: Number.NaN }, /requestTimeoutMs must be an integer number of milliseconds \(received NaN\)/],
    ];

    it.each(invalid)('fails start-up on %s, naming the option', async (_case, options, message) => {
      const compiling = Test.createTestingModule({
        imports: [MoltinAuthModule.forRoot(options as MoltinAuthModuleOptions)],
      }).compile();

      const error = await compiling.catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(MoltinAuthConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(secret);
    });

    it.each([null, undefined, 'client-id', 42])('rejects %p as the forRoot argument', (options) => {
      expect(() => MoltinAuthModule.forRoot(options as unknown as MoltinAuthModuleOptions)).toThrow(MoltinAuthConfigError);
      expect(() => MoltinAuthModule.forRoot(options as unknown as MoltinAuthModuleOptions)).toThrow(/needs an options object with at least clientId/);
    });

    it('rejects a forRootAsync argument that is not an object', () => {
      expect(() => MoltinAuthModule.forRootAsync(null as never)).toThrow(/needs an object with useFactory, useClass or useExisting/);
    });

    it('lists every invalid option at once', async () => {
      const error = await Test.createTestingModule({
        imports: [MoltinAuthModule.forRoot({ clientId: '', baseUrl: 'nope', refreshMarginSeconds: -5 })],
      })
        .compile()
        .catch((caught: unknown) => caught as MoltinAuthConfigError);

      expect((error as MoltinAuthConfigError).problems).toHaveLength(3);
    });

    it('fails start-up when an async factory returns invalid options', async () => {
      const compiling = Test.createTestingModule({
        imports: [MoltinAuthModule.forRootAsync({ useFactory: () => ({ clientId: 'id', baseUrl: 'not a url' }) })],
      }).compile();

      await expect(compiling).rejects.toThrow(/baseUrl must be an absolute http\(s\) URL/);
    });

    it('warns about the legacy api.moltin.com host', async () => {
      const logger = new CapturingLogger();
      const moduleRef = await Test.createTestingModule({
        imports: [MoltinAuthModule.forRoot({ clientId: 'id', baseUrl: 'https://api.moltin.com/' })],
      })
        .setLogger(logger)
        .compile();

      expect(moduleRef.get(MoltinTokenService).baseUrl).toBe('https://api.moltin.com');
      expect(logger.from('MoltinAuthModule').join('\n')).toMatch(/https:\/\/api\.moltin\.com is deprecated/);
      await moduleRef.close();
    });
  });

  it('warns about plain http to a remote host', async () => {
    const logger = new CapturingLogger();
    const moduleRef = await Test.createTestingModule({
      imports: [MoltinAuthModule.forRoot({ clientId: 'id', baseUrl: 'http://api.example.com' })],
    })
      .setLogger(logger)
      .compile();

    expect(logger.from('MoltinAuthModule').join('\n')).toMatch(/uses plain http to a remote host/);
    await moduleRef.close();
  });

  it.each(['http://127.attacker.example', 'http://127.0.0.1.nip.io:8080', 'http://localhost.example.com'])(
    'warns about plain http to %s',
    async (baseUrl) => {
      const logger = new CapturingLogger();
      const moduleRef = await Test.createTestingModule({ imports: [MoltinAuthModule.forRoot({ clientId: 'id', baseUrl })] })
        .setLogger(logger)
        .compile();

      expect(logger.from('MoltinAuthModule').join('\n')).toMatch(/uses plain http to a remote host/);
      await moduleRef.close();
    },
  );

  it.each(['http://127.0.0.1:9', 'http://127.1.2.3', 'http://localhost:9', 'http://localhost.:9', 'http://shop.localhost:9', 'http://[::1]:9', 'http://[::ffff:127.0.0.1]:9'])(
    'does not warn about plain http to loopback %s',
    async (baseUrl) => {
      const logger = new CapturingLogger();
      const moduleRef = await Test.createTestingModule({ imports: [MoltinAuthModule.forRoot({ clientId: 'id', baseUrl })] })
        .setLogger(logger)
        .compile();

      expect(logger.from('MoltinAuthModule')).toEqual([]);
      await moduleRef.close();
    },
  );

  describe('scheduling', () => {
    it('uses the app registry and never runs app timeouts twice', async () => {
      let timeoutRuns = 0;

      @Injectable()
      class AppJobs {
        @Timeout('app-job', 50)
        run(): void {
          timeoutRuns += 1;
        }
      }

      const moduleRef = await Test.createTestingModule({
        imports: [ScheduleModule.forRoot(), MoltinAuthModule.forRoot(emulatorOptions())],
        providers: [AppJobs],
      }).compile();
      const app = await moduleRef.init();
      const registry = app.get(SchedulerRegistry);

      await app.get(MoltinTokenService).getAccessToken();
      const refreshTimeouts = registry.getTimeouts().filter((name) => name.startsWith('moltin-auth:refresh:client_credentials:'));
      await sleep(200);
      await app.close();

      expect(timeoutRuns).toBe(1);
      expect(refreshTimeouts).toHaveLength(1);
      expect(registry.getTimeouts()).toEqual([]);
    });

    it('works without ScheduleModule and clears its timer on close', async () => {
      const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
      const clearTimeoutSpy = jest.spyOn(global, 'clearTimeout');
      const moduleRef = await Test.createTestingModule({ imports: [MoltinAuthModule.forRoot(emulatorOptions())] }).compile();
      const app = await moduleRef.init();

      try {
        await app.get(MoltinTokenService).getAccessToken();
        // The refresh timeout is the only timer set for about an hour: 3600 s minus the margin.
        const refreshTimers = setTimeoutSpy.mock.calls
          .map((call, index) => ({ delay: call[1] ?? 0, handle: setTimeoutSpy.mock.results[index]?.value }))
          .filter((timer) => timer.delay > 3_000_000);
        await app.close();
        const cleared = clearTimeoutSpy.mock.calls.map((call) => call[0]);

        expect(refreshTimers).toHaveLength(1);
        expect(cleared).toContain(refreshTimers[0]?.handle);
      } finally {
        setTimeoutSpy.mockRestore();
        clearTimeoutSpy.mockRestore();
      }
    });

    it('rejects calls made after shutdown without a request', async () => {
      const moduleRef = await Test.createTestingModule({ imports: [MoltinAuthModule.forRoot(emulatorOptions())] }).compile();
      const app = await moduleRef.init();
      const tokens = app.get(MoltinTokenService);
      const countBefore = emulator.requestCount('token');

      await app.close();

      await expect(tokens.getAccessToken()).rejects.toMatchObject({ code: 'shutting_down' });
      expect(emulator.requestCount('token')).toBe(countBefore);
    });
  });
});
