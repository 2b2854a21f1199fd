import { MoltinAuthError } from '../errors/moltin-auth.error.js';
import { MoltinGrantType } from '../moltin-auth.constants.js';
import { DEFAULT_FAKE_ACCESS_TOKENS, DEFAULT_FAKE_BASE_URL, createFakeTokenService } from './fake-token-service.js';
import { ManualClock } from './manual-clock.js';

describe('createFakeTokenService', () => {
  it('hands out the default token of each grant', async () => {
    const fake = createFakeTokenService();

    expect(await fake.getAccessToken()).toBe(DEFAULT_FAKE_ACCESS_TOKENS.client_credentials);
    expect(await fake.getAccessToken(MoltinGrantType.Implicit)).toBe(DEFAULT_FAKE_ACCESS_TOKENS.implicit);
    expect(fake.defaultGrant).toBe(MoltinGrantType.ClientCredentials);
    expect(fake.baseUrl).toBe(DEFAULT_FAKE_BASE_URL);
  });

  it('hands out the given tokens', async () => {
    const fake = createFakeTokenService({ tokens: { client_credentials: 'cc-1', implicit: 'imp-1' } });

    expect(await fake.getAccessToken(MoltinGrantType.ClientCredentials)).toBe('cc-1');
    expect(await fake.getAccessToken(MoltinGrantType.Implicit)).toBe('imp-1');
    expect((await fake.refresh(MoltinGrantType.Implicit)).accessToken).toBe('imp-1');
  });

  it('defaults to implicit without a client_credentials token', async () => {
    const fake = createFakeTokenService({ tokens: { implicit: 'imp-only' } });

    expect(fake.defaultGrant).toBe(MoltinGrantType.Implicit);
    expect(await fake.getAccessToken()).toBe('imp-only');
  });

  it('rejects a grant without a token like the real service', async () => {
    const fake = createFakeTokenService({ tokens: { implicit: 'imp-only' } });

    const error = await fake.getAccessToken(MoltinGrantType.ClientCredentials).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MoltinAuthError);
    expect((error as MoltinAuthError).code).toBe('grant_not_configured');
    expect(fake.peekToken(MoltinGrantType.ClientCredentials)).toBeUndefined();
  });

  it('reports expiry from its clock', async () => {
    const clock = new ManualClock(1_000_000);
    const fake = createFakeTokenService({ clock, lifetimeSeconds: 60 });

    const token = await fake.getToken();
    clock.advance(30_000);
    const later = await fake.getToken();

    expect(token.expiresAt.getTime()).toBe(1_060_000);
    expect(later.expiresAt.getTime()).toBe(1_090_000);
    expect(token.tokenType).toBe('Bearer');
    expect(token.grantType).toBe(MoltinGrantType.ClientCredentials);
  });

  it('records every call in order', async () => {
    const fake = createFakeTokenService();

    await fake.getAccessToken();
    await fake.getToken(MoltinGrantType.Implicit);
    await fake.refresh(undefined, { rejectedAccessToken: 'stale' });
    fake.invalidate(MoltinGrantType.Implicit);
    fake.peekToken();

    expect(fake.calls).toEqual([
      { method: 'getAccessToken', grant: 'client_credentials' },
      { method: 'getToken', grant: 'implicit' },
      { method: 'refresh', grant: 'client_credentials', rejectedAccessToken: 'stale' },
      { method: 'invalidate', grant: 'implicit' },
      { method: 'peekToken', grant: 'client_credentials' },
    ]);
    expect(fake.callCount('getAccessToken')).toBe(1);
    expect(fake.callCount('refresh', MoltinGrantType.Implicit)).toBe(0);
  });

  it('keeps serving after shutdown', async () => {
    const fake = createFakeTokenService();

    fake.beforeApplicationShutdown();

    expect(await fake.getAccessToken()).toBe(DEFAULT_FAKE_ACCESS_TOKENS.client_credentials);
  });

  it('strips a trailing slash from baseUrl', () => {
    expect(createFakeTokenService({ baseUrl: 'http://127.0.0.1:4010/' }).baseUrl).toBe('http://127.0.0.1:4010');
  });

  it.each([
    [{ tokens: {} }, /at least one grant/],
    [{ tokens: { implicit: '' } }, /implicit token must be a non-empty string/],
    [{ tokens: { password: 'x' } as never }, /unknown grant "password"/],
    [{ lifetimeSeconds: 0 }, /lifetimeSeconds must be a positive number/],
  ])('rejects invalid options %#', (options, message) => {
    expect(() => createFakeTokenService(options)).toThrow(message);
  });
});
