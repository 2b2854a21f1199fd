import { DynamicModule, InjectionToken, Module, Provider } from '@nestjs/common';

import { MoltinAuthModuleOptions } from '../interfaces/moltin-auth-module-options.interface.js';
import { MoltinAuthModule } from '../moltin-auth.module.js';
import { MoltinClock } from '../moltin-clock.js';
import { MoltinTokenService } from '../token/moltin-token.service.js';
import type { MoltinEmulator } from './emulator/index.js';
import { DEFAULT_FAKE_ACCESS_TOKENS, FakeMoltinTokenService, FakeTokenServiceOptions } from './fake-token-service.js';
import { ManualClock } from './manual-clock.js';
import { MoltinAuthTestHarness } from './moltin-auth-test-harness.js';

/** Options of `MoltinAuthTestingModule.forEmulator()`. */
export interface MoltinAuthTestingOptions extends Partial<MoltinAuthModuleOptions> {
  /**
   * Clock provided in place of `MoltinClock`.
   * @default a new ManualClock at the current time
   */
  clock?: ManualClock;
  /**
   * Registers the module globally, so the app's feature modules can inject `MoltinTokenService`,
   * the harness and the clock without importing it.
   * @default true
   */
  isGlobal?: boolean;
}

/** Options of `MoltinAuthTestingModule.withFakeTokens()`. */
export interface MoltinAuthFakeTokensOptions extends Omit<FakeTokenServiceOptions, 'clock'> {
  /**
   * Clock provided in place of `MoltinClock` and used by the fake for `expiresAt`.
   * @default a new ManualClock at the current time
   */
  clock?: ManualClock;
  /**
   * Registers the module globally.
   * @default true
   */
  isGlobal?: boolean;
}

/**
 * Retry delays short enough that a test of failed token requests finishes in milliseconds. The
 * attempt count is the module's default.
 */
const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 50 } as const;

/** Client ID that `withFakeTokens()` configures; the fake token service never sends it. */
const FAKE_CLIENT_ID = 'fake-client-id';
const FAKE_CLIENT_SECRET = 'fake-client-secret';

/**
 * Sets `MoltinAuthModule` up for tests in one import.
 *
 * - `forEmulator(emulator)` points the whole module at a running `MoltinEmulator`, with a
 *   `ManualClock` and a `MoltinAuthTestHarness` to count the requests that reached it.
 * - `withFakeTokens()` replaces `MoltinTokenService` with a `FakeMoltinTokenService`, so no token
 *   request is sent at all.
 *
 * Both export everything `MoltinAuthModule` exports.
 */
@Module({})
export class MoltinAuthTestingModule {
  /**
   * Imports `MoltinAuthModule` configured with the emulator's URL and credentials, short retry
   * delays, a `ManualClock`, and the guard's validation rate limit turned off (it counts time on
   * the manual clock, which does not move unless the test moves it). Any module option in
   * `overrides` wins over those.
   */
  static forEmulator(emulator: MoltinEmulator, overrides: MoltinAuthTestingOptions = {}): DynamicModule {
    const { clock = new ManualClock(), isGlobal = true, ...moduleOverrides } = overrides;
    const options: MoltinAuthModuleOptions = {
      baseUrl: emulator.url,
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      retry: FAST_RETRY,
      ...moduleOverrides,
      customerAuth: { maxValidationsPerSecond: 0, ...moduleOverrides.customerAuth },
    };
    const harness = new MoltinAuthTestHarness(emulator, clock);

    return {
      module: MoltinAuthTestingModule,
      global: isGlobal,
      imports: [withProviders(MoltinAuthModule.forRoot({ ...options, isGlobal }), [provideInstance(MoltinClock, clock)])],
      providers: [provideInstance(ManualClock, clock), provideInstance(MoltinAuthTestHarness, harness)],
      exports: [MoltinAuthModule, ManualClock, MoltinAuthTestHarness],
    };
  }

  /**
   * Imports `MoltinAuthModule` with `MoltinTokenService` replaced by a `FakeMoltinTokenService`
   * that hands out fixed tokens. Inject `FakeMoltinTokenService` to assert on its calls.
   *
   * `CustomerAuthGuard` and `MoltinHttpService` still send their requests to `baseUrl`, which by
   * default is a loopback port where nothing listens: replace the guard with
   * `createFakeCustomerAuthGuard()`, or point `baseUrl` at an emulator.
   */
  static withFakeTokens(options: MoltinAuthFakeTokensOptions = {}): DynamicModule {
    const { clock = new ManualClock(), isGlobal = true, ...fakeOptions } = options;
    const fake = new FakeMoltinTokenService({ ...fakeOptions, clock });
    const hasClientCredentials = (fakeOptions.tokens ?? DEFAULT_FAKE_ACCESS_TOKENS).client_credentials !== undefined;

    const authModule = MoltinAuthModule.forRoot({
      baseUrl: fake.baseUrl,
      clientId: FAKE_CLIENT_ID,
      clientSecret: hasClientCredentials ? FAKE_CLIENT_SECRET : undefined,
      defaultGrant: fake.defaultGrant,
      isGlobal,
    });

    return {
      module: MoltinAuthTestingModule,
      global: isGlobal,
      imports: [withProviders(authModule, [provideInstance(MoltinClock, clock), provideInstance(MoltinTokenService, fake)])],
      providers: [provideInstance(ManualClock, clock), provideInstance(FakeMoltinTokenService, fake)],
      exports: [MoltinAuthModule, ManualClock, FakeMoltinTokenService],
    };
  }
}

/**
 * Adds providers to a dynamic module. Nest registers a dynamic module's providers after those of
 * its `@Module()` decorator, so a provider added here replaces the module's own provider of the
 * same token.
 */
function withProviders(module: DynamicModule, providers: Provider[]): DynamicModule {
  return { ...module, providers: [...(module.providers ?? []), ...providers] };
}

/**
 * Provides an existing instance through a factory rather than `useValue`. Nest derives a dynamic
 * module's identity by serialising its metadata, and a factory keeps large objects such as the
 * emulator out of that step.
 */
function provideInstance(token: InjectionToken, instance: unknown): Provider {
  return { provide: token, useFactory: () => instance };
}
