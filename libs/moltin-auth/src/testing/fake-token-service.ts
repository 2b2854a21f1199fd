import { MoltinAuthError } from '../errors/moltin-auth.error.js';
import { MoltinGrantType } from '../moltin-auth.constants.js';
import { MoltinAuthMessages } from '../moltin-auth.messages.js';
import { MoltinClock, SystemClock } from '../moltin-clock.js';
import { MoltinAccessToken } from '../token/moltin-access-token.interface.js';
import { MoltinTokenService, RefreshOptions } from '../token/moltin-token.service.js';

/** Access tokens that {@link createFakeTokenService} hands out when given none. */
export const DEFAULT_FAKE_ACCESS_TOKENS: Readonly<Record<MoltinGrantType, string>> = {
  [MoltinGrantType.ClientCredentials]: 'fake-client-credentials-access-token',
  [MoltinGrantType.Implicit]: 'fake-implicit-access-token',
};

/** Base URL that the fake reports when given none; nothing listens on port 1 of the loopback address. */
export const DEFAULT_FAKE_BASE_URL = 'http://127.0.0.1:1';

const DEFAULT_FAKE_LIFETIME_SECONDS = 3600;

export interface FakeTokenServiceOptions {
  /**
   * Access token handed out for each grant. A grant left out is rejected with the error the real
   * service raises for `client_credentials` without a client secret.
   * @default DEFAULT_FAKE_ACCESS_TOKENS, a token for both grants
   */
  tokens?: Partial<Record<MoltinGrantType, string>>;
  /**
   * Grant used when a caller names none.
   * @default 'client_credentials' when it has a token, otherwise 'implicit'
   */
  defaultGrant?: MoltinGrantType;
  /**
   * Value of `baseUrl`, which the module's HTTP client and guard send requests to.
   * @default DEFAULT_FAKE_BASE_URL
   */
  baseUrl?: string;
  /**
   * Lifetime reported in `expiresAt`, counted from each call, in seconds.
   * @default 3600
   */
  lifetimeSeconds?: number;
  /** Clock for `expiresAt`; the system clock by default. */
  clock?: MoltinClock;
}

/** One call made to a {@link FakeMoltinTokenService}, for assertions. */
export interface FakeTokenServiceCall {
  method: 'getAccessToken' | 'getToken' | 'refresh' | 'invalidate' | 'peekToken';
  grant: MoltinGrantType;
  /** The `rejectedAccessToken` option of a `refresh()` call, when one was given. */
  rejectedAccessToken?: string;
}

/** Public members of `MoltinTokenService`, which the fake must keep in step with. */
type MoltinTokenServiceApi = Pick<MoltinTokenService, keyof MoltinTokenService>;

/**
 * Stand-in for `MoltinTokenService` that hands out fixed access tokens and sends no request. It
 * records every call in `calls`.
 *
 * `refresh()` returns the same fixed token, so a request that the API rejected is retried with
 * the token it already had.
 */
export class FakeMoltinTokenService implements MoltinTokenServiceApi {
  /** Every call in the order it was made. */
  readonly calls: FakeTokenServiceCall[] = [];

  private readonly tokens: Partial<Record<MoltinGrantType, string>>;
  private readonly grant: MoltinGrantType;
  private readonly url: string;
  private readonly lifetimeMs: number;
  private readonly clock: MoltinClock;

  constructor(options: FakeTokenServiceOptions = {}) {
    this.tokens = checkTokens(options.tokens ?? DEFAULT_FAKE_ACCESS_TOKENS);
    this.grant = options.defaultGrant ?? (this.tokens.client_credentials ? MoltinGrantType.ClientCredentials : MoltinGrantType.Implicit);
    this.url = (options.baseUrl ?? DEFAULT_FAKE_BASE_URL).replace(/\/+$/, '');
    this.lifetimeMs = checkLifetime(options.lifetimeSeconds ?? DEFAULT_FAKE_LIFETIME_SECONDS) * 1000;
    this.clock = options.clock ?? new SystemClock();
  }

  get defaultGrant(): MoltinGrantType {
    return this.grant;
  }

  get baseUrl(): string {
    return this.url;
  }

  async getAccessToken(grant?: MoltinGrantType): Promise<string> {
    return this.handOut('getAccessToken', grant).accessToken;
  }

  async getToken(grant?: MoltinGrantType): Promise<MoltinAccessToken> {
    return this.handOut('getToken', grant);
  }

  async refresh(grant?: MoltinGrantType, options: RefreshOptions = {}): Promise<MoltinAccessToken> {
    return this.handOut('refresh', grant, options.rejectedAccessToken);
  }

  invalidate(grant?: MoltinGrantType): void {
    this.calls.push({ method: 'invalidate', grant: grant ?? this.grant });
  }

  peekToken(grant?: MoltinGrantType): MoltinAccessToken | undefined {
    const resolved = grant ?? this.grant;
    this.calls.push({ method: 'peekToken', grant: resolved });

    const accessToken = this.tokens[resolved];

    return accessToken === undefined ? undefined : this.toToken(resolved, accessToken);
  }

  /**
   * Does nothing, unlike the real service, which rejects calls after shutdown. So one fake, made
   * once per test file, can serve each test's app in turn.
   */
  beforeApplicationShutdown(): void {}

  /** Counts the calls of `method`, of any grant unless `grant` is given. */
  callCount(method: FakeTokenServiceCall['method'], grant?: MoltinGrantType): number {
    return this.calls.filter((call) => call.method === method && (grant === undefined || call.grant === grant)).length;
  }

  private handOut(method: FakeTokenServiceCall['method'], grant: MoltinGrantType | undefined, rejectedAccessToken?: string): MoltinAccessToken {
    const resolved = grant ?? this.grant;
    this.calls.push(rejectedAccessToken === undefined ? { method, grant: resolved } : { method, grant: resolved, rejectedAccessToken });

    const accessToken = this.tokens[resolved];

    if (accessToken === undefined) {
      throw new MoltinAuthError(MoltinAuthMessages.grantNotConfigured(), { code: 'grant_not_configured', grantType: resolved });
    }

    return this.toToken(resolved, accessToken);
  }

  private toToken(grantType: MoltinGrantType, accessToken: string): MoltinAccessToken {
    return { accessToken, grantType, tokenType: 'Bearer', expiresAt: new Date(this.clock.now() + this.lifetimeMs) };
  }
}

/**
 * Creates a stand-in for `MoltinTokenService` that hands out fixed tokens, for
 * `Test.createTestingModule(...).overrideProvider(MoltinTokenService).useValue(createFakeTokenService())`.
 */
export function createFakeTokenService(options: FakeTokenServiceOptions = {}): FakeMoltinTokenService {
  return new FakeMoltinTokenService(options);
}

function checkTokens(tokens: Partial<Record<MoltinGrantType, string>>): Partial<Record<MoltinGrantType, string>> {
  for (const [grant, token] of Object.entries(tokens)) {
    if (grant !== MoltinGrantType.ClientCredentials && grant !== MoltinGrantType.Implicit) {
      throw new TypeError(`createFakeTokenService: tokens has an unknown grant "${grant}"; use "client_credentials" or "implicit"`);
    }

    if (token !== undefined && (typeof token !== 'string' || token === '')) {
      throw new TypeError(`createFakeTokenService: the ${grant} token must be a non-empty string`);
    }
  }

  if (!Object.values(tokens).some((token) => token !== undefined)) {
    throw new TypeError('createFakeTokenService: tokens must give a token for at least one grant');
  }

  return { ...tokens };
}

function checkLifetime(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new RangeError(`createFakeTokenService: lifetimeSeconds must be a positive number of seconds; received ${String(seconds)}`);
  }

  return seconds;
}
