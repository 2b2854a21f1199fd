import { MoltinAuthError, MoltinGrantType } from 'nestjs-moltin-auth';
import { MoltinEmulator } from 'nestjs-moltin-auth/testing';

import { TokenTestContext, createTokenContext } from './support/token-module';
import { sleep, waitFor } from './support/wait';

describe('MoltinTokenService against the emulator', () => {
  let emulator: MoltinEmulator;
  let context: TokenTestContext | undefined;

  beforeEach(async () => {
    emulator = await MoltinEmulator.start({ logger: false });
  });

  afterEach(async () => {
    await context?.app.close();
    context = undefined;
    await emulator.stop();
  });

  async function start(overrides: Parameters<typeof createTokenContext>[1] = {}): Promise<TokenTestContext> {
    context = await createTokenContext(emulator, overrides);

    return context;
  }

  describe('cold start and cache', () => {
    it('requests one token, then serves it from the cache', async () => {
      const { tokens } = await start();

      const first = await tokens.getAccessToken();
      const second = await tokens.getAccessToken();

      expect(first).toBe(second);
      expect(emulator.isAccessTokenValid(first)).toBe(true);
      expect(emulator.accessTokenGrant(first)).toBe('client_credentials');
      expect(emulator.requestCount('token')).toBe(1);
    });

    it('sends a form-encoded body with the grant fields', async () => {
      const { tokens } = await start();

      await tokens.getAccessToken(MoltinGrantType.ClientCredentials);
      await tokens.getAccessToken(MoltinGrantType.Implicit);
      const [credentials, implicit] = emulator.requests('token');

      expect(credentials?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(credentials?.body).toEqual({ grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: emulator.clientSecret });
      expect(implicit?.body).toEqual({ grant_type: 'implicit', client_id: emulator.clientId });
    });

    it('caches each grant separately', async () => {
      const { tokens } = await start();

      const credentials = await tokens.getAccessToken(MoltinGrantType.ClientCredentials);
      const implicit = await tokens.getAccessToken(MoltinGrantType.Implicit);

      expect(credentials).not.toBe(implicit);
      expect(emulator.accessTokenGrant(implicit)).toBe('implicit');
      expect(await tokens.getAccessToken(MoltinGrantType.ClientCredentials)).toBe(credentials);
      expect(await tokens.getAccessToken(MoltinGrantType.Implicit)).toBe(implicit);
      expect(emulator.requestCount('token')).toBe(2);
    });

    it('defaults to implicit without a client secret', async () => {
      const { tokens } = await start({ clientSecret: undefined });

      const token = await tokens.getToken();

      expect(token.grantType).toBe('implicit');
      expect(emulator.accessTokenGrant(token.accessToken)).toBe('implicit');
    });

    it('rejects client_credentials without a client secret', async () => {
      const { tokens } = await start({ clientSecret: undefined });

      await expect(tokens.getAccessToken(MoltinGrantType.ClientCredentials)).rejects.toMatchObject({
        name: 'MoltinAuthError',
        code: 'grant_not_configured',
      });
      expect(emulator.requestCount('token')).toBe(0);
    });

    it('returns the grant, token type and expiry', async () => {
      const { tokens } = await start();
      const before = Date.now();

      const token = await tokens.getToken();

      expect(token.grantType).toBe('client_credentials');
      expect(token.tokenType).toBe('Bearer');
      expect(token.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3_600_000 - 1_000);
      expect(token.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
    });
  });

  describe('single-flight', () => {
    it('makes one token request for 200 concurrent callers', async () => {
      const { tokens } = await start();
      emulator.setLatency('token', 50);

      const results = await Promise.all(Array.from({ length: 200 }, () => tokens.getAccessToken()));

      expect(new Set(results).size).toBe(1);
      expect(emulator.requestCount('token')).toBe(1);
    });

    it('shares one request between a refresh and waiting callers', async () => {
      const { tokens } = await start();
      emulator.setLatency('token', 50);

      const [refreshed, ...waiting] = await Promise.all([tokens.refresh(), tokens.getToken(), tokens.getToken()]);

      expect(waiting.map((token) => token.accessToken)).toEqual([refreshed.accessToken, refreshed.accessToken]);
      expect(emulator.requestCount('token')).toBe(1);
    });

    it('refreshes a rejected token once for many callers', async () => {
      const { tokens } = await start();
      const rejected = await tokens.getAccessToken();
      emulator.setLatency('token', 30);

      const renewed = await Promise.all(Array.from({ length: 50 }, () => tokens.refresh(undefined, { rejectedAccessToken: rejected })));
      const later = await tokens.refresh(undefined, { rejectedAccessToken: rejected });

      expect(new Set(renewed.map((token) => token.accessToken)).size).toBe(1);
      expect(renewed[0]?.accessToken).not.toBe(rejected);
      expect(later.accessToken).toBe(renewed[0]?.accessToken);
      expect(emulator.requestCount('token')).toBe(2);
    });

    it('rejects every waiter with the same error, then recovers', async () => {
      const { tokens } = await start({ retry: { attempts: 1 } });
      emulator.failNext('token', 1, 500);
      emulator.setLatency('token', 30);

      const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => tokens.getAccessToken()));
      const reasons = new Set(outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : undefined)));
      const recovered = await tokens.getAccessToken();

      expect(reasons.size).toBe(1);
      expect([...reasons][0]).toBeInstanceOf(MoltinAuthError);
      expect([...reasons][0]).toMatchObject({ status: 500, code: 'token_request_failed' });
      expect(emulator.isAccessTokenValid(recovered)).toBe(true);
      expect(emulator.requestCount('token')).toBe(2);
    });
  });

  describe('failures', () => {
    it('retries 5xx within the configured attempts', async () => {
      const { tokens } = await start({ retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
      emulator.failNext('token', 2, 503);

      const token = await tokens.getAccessToken();

      expect(emulator.isAccessTokenValid(token)).toBe(true);
      expect(emulator.requestCount('token')).toBe(3);
    });

    it('gives up after the last attempt with the API errors', async () => {
      const { tokens } = await start({ retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
      emulator.failNext('token', 2, 502);

      const error = await tokens.getAccessToken().catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(MoltinAuthError);
      expect(error).toMatchObject({ status: 502, grantType: 'client_credentials', retryable: true });
      expect((error as MoltinAuthError).errors[0]?.status).toBe(502);
      expect(emulator.requestCount('token')).toBe(2);
    });

    it('does not retry invalid credentials', async () => {
      const { tokens } = await start({ clientSecret: 'not-the-emulator-secret' });

      const error = await tokens.getAccessToken().catch((caught: unknown) => caught);

      expect(error).toMatchObject({ name: 'MoltinAuthError', status: 401, code: 'token_request_failed' });
      expect(JSON.stringify(error)).not.toContain('not-the-emulator-secret');
      expect(String(error)).not.toContain('not-the-emulator-secret');
      expect(emulator.requestCount('token')).toBe(1);
    });

    it('reads numeric and string error statuses alike', async () => {
      const { tokens } = await start({ retry: { attempts: 1 } });
      emulator.setErrorStatusFormat('number');
      emulator.failNext('token', 1, 400);

      const error = (await tokens.getAccessToken().catch((caught: unknown) => caught)) as MoltinAuthError;

      expect(error.status).toBe(400);
      expect(error.errors[0]?.status).toBe(400);
    });

    it('reports a network error when nothing listens', async () => {
      const { url } = emulator;
      await emulator.stop();
      const { tokens } = await start({ baseUrl: url, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });

      await expect(tokens.getAccessToken()).rejects.toMatchObject({ code: 'network_error', retryable: true });
      emulator = await MoltinEmulator.start({ logger: false });
    });

    it('times out a slow token endpoint', async () => {
      const { tokens } = await start({ requestTimeoutMs: 100, retry: { attempts: 1 } });
      emulator.setLatency('token', 1_000);

      await expect(tokens.getAccessToken()).rejects.toMatchObject({ code: 'timeout' });
    });
  });

  describe('response shapes and clocks', () => {
    it('reads a token wrapped in data', async () => {
      emulator.setTokenResponseShape('data');
      const { tokens } = await start();

      const token = await tokens.getAccessToken();

      expect(emulator.isAccessTokenValid(token)).toBe(true);
    });

    it.each([3600, -3600])('computes expiry from expires_in when the server clock is off by %i s', async (offset) => {
      emulator.setClockOffset(offset);
      const { tokens } = await start();
      const before = Date.now();

      const token = await tokens.getToken();

      expect(token.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3_600_000 - 1_000);
      expect(token.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
      expect(await tokens.getAccessToken()).toBe(token.accessToken);
      expect(emulator.requestCount('token')).toBe(1);
    });

    it('rejects a 2xx body without access_token and keeps the held token', async () => {
      const { tokens } = await start();
      const held = await tokens.getAccessToken();
      emulator.respondNext('token', 1, 200, { token_type: 'Bearer', expires_in: 3600 });

      const error = await tokens.refresh().catch((caught: unknown) => caught);

      expect(error).toMatchObject({ code: 'invalid_token_response', status: 200 });
      expect(await tokens.getAccessToken()).toBe(held);
    });

    it('rejects a token that expired before it arrived', async () => {
      emulator.setTokenLifetime(1);
      const { tokens } = await start({ retry: { attempts: 1 } });
      emulator.setLatency('token', 1_100);

      await expect(tokens.getToken()).rejects.toMatchObject({ name: 'MoltinAuthError', code: 'invalid_token_response' });
      expect(tokens.peekToken()).toBeUndefined();
      expect(emulator.requestCount('token')).toBe(1);
    });

    it.each([1e13, 1e300])('rejects an expires_in of %d s', async (expiresIn) => {
      const { tokens } = await start({ retry: { attempts: 1 } });
      emulator.respondNext('token', 1, 200, { access_token: 'a'.repeat(40), token_type: 'Bearer', expires_in: expiresIn });

      await expect(tokens.getToken()).rejects.toMatchObject({ name: 'MoltinAuthError', code: 'invalid_token_response' });
    });

    it('spaces the refreshes of very short-lived tokens', async () => {
      const { tokens } = await start();
      emulator.respondNext('token', 20, 200, { access_token: 'b'.repeat(40), token_type: 'Bearer', expires_in: 0.5 });

      await tokens.getAccessToken();
      await sleep(1_500);

      // One request at start and one scheduled refresh after the 1 s floor, not one every 250 ms.
      expect(emulator.requestCount('token')).toBe(2);
    });

    it('fails a cold start on a 2xx body without access_token', async () => {
      const { tokens } = await start();
      emulator.respondNext('token', 1, 200, { data: { expires_in: 3600 } });

      await expect(tokens.getAccessToken()).rejects.toMatchObject({ code: 'invalid_token_response' });
      expect(emulator.requestCount('token')).toBe(1);
    });
  });

  describe('scheduled refresh', () => {
    it('refreshes ahead of expiry so that no caller waits', async () => {
      emulator.setTokenLifetime(3);
      const { tokens } = await start({ refreshMarginSeconds: 1 });
      const first = await tokens.getAccessToken();

      await waitFor(() => emulator.requestCount('token') === 2, 4_000, 'the scheduled refresh');
      await waitFor(() => tokens.peekToken()?.accessToken !== first, 1_000, 'the new token to be stored');
      const countBefore = emulator.requestCount('token');
      const second = await tokens.getAccessToken();

      expect(second).not.toBe(first);
      expect(emulator.isAccessTokenValid(second)).toBe(true);
      expect(emulator.requestCount('token')).toBe(countBefore);
    });

    it('serves callers from the cache throughout several refreshes', async () => {
      emulator.setTokenLifetime(2);
      const { tokens } = await start({ refreshMarginSeconds: 1 });
      await tokens.getAccessToken();
      emulator.setLatency('token', 200);
      let waited = 0;

      // A call served from the cache settles before the next turn of the event loop; one that
      // waits for the 200 ms token request cannot.
      for (let i = 0; i < 40; i++) {
        const settled = await Promise.race([
          tokens.getAccessToken().then(() => true),
          new Promise<boolean>((resolve) => setImmediate(() => resolve(false))),
        ]);
        if (!settled) waited++;
        await sleep(75);
      }

      expect(waited).toBe(0);
      expect(emulator.requestCount('token')).toBeGreaterThanOrEqual(3);
    });

    it('retries a failed refresh with backoff while the token is valid', async () => {
      emulator.setTokenLifetime(4);
      const { tokens } = await start({ refreshMarginSeconds: 3, retry: { attempts: 1, baseDelayMs: 100, maxDelayMs: 200 } });
      const first = await tokens.getAccessToken();
      emulator.failNext('token', 2, 500);

      await waitFor(() => emulator.requestCount('token') === 4, 3_000, 'two failed refreshes and a successful one');
      await waitFor(() => tokens.peekToken()?.accessToken !== first, 1_000, 'the new token to be stored');

      expect(emulator.isAccessTokenValid(tokens.peekToken()?.accessToken ?? '')).toBe(true);
      expect(context?.logger.lines.filter((line) => line.includes('Refresh of the client_credentials access token failed'))).toHaveLength(2);
    });

    it('keeps returning the held token while refreshes fail, then none once it expires', async () => {
      emulator.setTokenLifetime(2);
      const { tokens } = await start({ refreshMarginSeconds: 1, retry: { attempts: 1, baseDelayMs: 100, maxDelayMs: 200 } });
      const held = await tokens.getAccessToken();
      emulator.failNext('token', 1_000, 503);

      await sleep(1_300);
      const duringMargin = await tokens.getAccessToken();
      await sleep(1_000);
      const afterExpiry = await tokens.getAccessToken().catch((caught: unknown) => caught);

      expect(duringMargin).toBe(held);
      expect(afterExpiry).toBeInstanceOf(MoltinAuthError);
      expect(tokens.peekToken()).toBeUndefined();
    });

    it('invalidate drops the token so the next call requests a new one', async () => {
      const { tokens } = await start();
      const first = await tokens.getAccessToken();

      tokens.invalidate();
      const second = await tokens.getAccessToken();

      expect(second).not.toBe(first);
      expect(emulator.requestCount('token')).toBe(2);
    });
  });

  describe('logging', () => {
    it('logs obtained tokens by fingerprint, never the secret or the token', async () => {
      const { tokens, logger } = await start({ retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
      emulator.failNext('token', 1, 500);

      const token = await tokens.getAccessToken();
      const text = logger.lines.join('\n');

      expect(logger.from('MoltinTokenService').some((line) => line.includes('Obtained client_credentials access token'))).toBe(true);
      expect(logger.from('MoltinTokenService').some((line) => line.includes('retry 1 of 1'))).toBe(true);
      expect(text).not.toContain(token);
      expect(text).not.toContain(emulator.clientSecret);
    });
  });
});
