import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

import { HttpModule, HttpService } from '@nestjs/axios';
import { INestApplicationContext, Injectable, OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MoltinAuthModule, MoltinAuthModuleOptions, MoltinBearerInterceptor, MoltinHttpService, MoltinRequestContext } from 'nestjs-moltin-auth';
import { firstValueFrom } from 'rxjs';

import { MoltinEmulator } from 'nestjs-moltin-auth/testing';

const CUSTOMER_TOKEN = 'customer-token-from-the-incoming-request';
const CUSTOMER_TOKEN_HEADER = 'x-moltin-customer-token';

interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** Loopback HTTP server that records every request it receives. */
interface LoopbackServer {
  url: string;
  port: number;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

type Handler = (request: IncomingMessage, response: ServerResponse, server: LoopbackServer) => void;

async function startServer(handler: Handler): Promise<LoopbackServer> {
  const received: ReceivedRequest[] = [];
  let server: Server | undefined;
  const loopback: LoopbackServer = {
    url: '',
    port: 0,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server?.close(() => resolve());
        server?.closeAllConnections();
      }),
  };

  server = createServer((request, response) => {
    received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    request.resume();
    request.on('end', () => handler(request, response, loopback));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  loopback.port = (server.address() as AddressInfo).port;
  loopback.url = `http://127.0.0.1:${loopback.port}`;

  return loopback;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Responds to every request with 200 and a small JSON body. */
const respondOk: Handler = (_request, response) => sendJson(response, 200, { ok: true });

/** Provider of an app that opts its own HttpService, whose baseURL is a foreign server, in. */
@Injectable()
class ForeignClient implements OnModuleInit {
  constructor(
    readonly http: HttpService,
    private readonly bearer: MoltinBearerInterceptor,
  ) {}

  onModuleInit(): void {
    this.bearer.attachTo(this.http);
  }
}

describe('Outbound HTTP origin allow-list', () => {
  let emulator: MoltinEmulator;
  let unrelated: LoopbackServer;
  let app: INestApplicationContext | undefined;

  beforeEach(async () => {
    emulator = await MoltinEmulator.start({ logger: false });
    unrelated = await startServer(respondOk);
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await unrelated.close();
    await emulator.stop();
  });

  async function start(options: Partial<MoltinAuthModuleOptions> = {}, foreignBaseUrl?: string): Promise<INestApplicationContext> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        HttpModule.register({ baseURL: foreignBaseUrl }),
        MoltinAuthModule.forRoot({
          baseUrl: emulator.url,
          clientId: emulator.clientId,
          clientSecret: emulator.clientSecret,
          retry: { attempts: 3, baseDelayMs: 2, maxDelayMs: 10 },
          ...options,
        }),
      ],
      providers: foreignBaseUrl ? [ForeignClient] : [],
    }).compile();
    app = await moduleRef.init();

    return app;
  }

  /** Runs `call` as if inside an incoming request whose customer token was validated. */
  function inCustomerRequest<T>(context: INestApplicationContext, call: () => Promise<T>): Promise<T> {
    return context.get(MoltinRequestContext).run({ customerToken: CUSTOMER_TOKEN }, call);
  }

  function expectNoTokens(request: ReceivedRequest | undefined): void {
    expect(request).toBeDefined();
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers[CUSTOMER_TOKEN_HEADER]).toBeUndefined();
  }

  describe('unrelated server', () => {
    it('gets no tokens for an absolute URL', async () => {
      const context = await start();
      const http = context.get(MoltinHttpService);

      await inCustomerRequest(context, () => firstValueFrom(http.get(`${unrelated.url}/absolute`)));

      expectNoTokens(unrelated.received[0]);
      expect(emulator.requestCount('token')).toBe(0);
    });

    it('gets no tokens for a relative URL with its baseURL', async () => {
      const context = await start();
      const http = context.get(MoltinHttpService);

      await inCustomerRequest(context, () => firstValueFrom(http.get('/relative', { baseURL: unrelated.url })));

      expectNoTokens(unrelated.received[0]);
    });

    it('gets no tokens through an app HttpService with its baseURL', async () => {
      const context = await start({}, unrelated.url);
      const client = context.get(ForeignClient);

      await inCustomerRequest(context, () => firstValueFrom(client.http.get('/app-relative')));
      await inCustomerRequest(context, () => firstValueFrom(client.http.get(`${emulator.url}/v2/products`)));

      expectNoTokens(unrelated.received[0]);
      expect(emulator.requests('products')[0]?.headers.authorization).toMatch(/^Bearer /);
      expect(emulator.requests('products')[0]?.headers[CUSTOMER_TOKEN_HEADER]).toBe(CUSTOMER_TOKEN);
    });

    it('gets no Bearer token through a userinfo URL', async () => {
      const context = await start();
      const http = context.get(MoltinHttpService);
      const trick = `http://127.0.0.1:${emulator.port}@127.0.0.1:${unrelated.port}/userinfo`;

      await inCustomerRequest(context, () => firstValueFrom(http.get(trick)));
      const received = unrelated.received[0];

      // axios sends the URL's userinfo as Basic credentials; the access token must not appear.
      expect(received?.headers.authorization).toBe(`Basic ${Buffer.from(`127.0.0.1:${emulator.port}`).toString('base64')}`);
      expect(received?.headers[CUSTOMER_TOKEN_HEADER]).toBeUndefined();
      expect(emulator.requestCount('token')).toBe(0);
    });

    it('receives nothing for a protocol-relative URL', async () => {
      const context = await start();
      const http = context.get(MoltinHttpService);

      await expect(firstValueFrom(http.get(`//127.0.0.1:${unrelated.port}/protocol-relative`))).rejects.toThrow();

      expect(unrelated.received).toHaveLength(0);
      expect(emulator.requestCount('token')).toBe(0);
    });

    it('gets the token once listed in allowedOrigins', async () => {
      const context = await start({ http: { allowedOrigins: [unrelated.url] } });
      const http = context.get(MoltinHttpService);

      await inCustomerRequest(context, () => firstValueFrom(http.get(`${unrelated.url}/files`)));
      const received = unrelated.received[0];

      expect(received?.headers.authorization).toMatch(/^Bearer [0-9a-f]{40}$/);
      expect(received?.headers[CUSTOMER_TOKEN_HEADER]).toBe(CUSTOMER_TOKEN);
    });
  });

  describe('redirects', () => {
    let api: LoopbackServer;
    let issued = 0;

    /** API origin that issues tokens and redirects, standing in for a Moltin API behind a proxy. */
    const redirectingApi: Handler = (request, response, server) => {
      if (request.method === 'POST' && request.url === '/oauth/access_token') {
        issued += 1;
        const expires = Math.floor(Date.now() / 1000) + 3600;

        sendJson(response, 200, { access_token: `redirecting-api-token-${issued}`, token_type: 'Bearer', expires_in: 3600, expires, identifier: 'client_credentials' });
      } else if (request.url === '/v2/away') {
        sendJson(response, 302, {}, { location: `${unrelated.url}/landing` });
      } else if (request.url === '/v2/home') {
        sendJson(response, 302, {}, { location: `${server.url}/v2/landing` });
      } else {
        sendJson(response, 200, { path: request.url });
      }
    };

    beforeEach(async () => {
      issued = 0;
      api = await startServer(redirectingApi);
    });

    afterEach(async () => {
      await api.close();
    });

    async function startAgainstApi(): Promise<INestApplicationContext> {
      return start({ baseUrl: api.url, clientSecret: 'redirecting-api-secret' });
    }

    it('strips the access token when the API redirects away', async () => {
      const context = await startAgainstApi();
      const http = context.get(MoltinHttpService);

      const response = await firstValueFrom(http.get('/v2/away'));
      const first = api.received.find((request) => request.url === '/v2/away');

      expect(response.data).toEqual({ ok: true });
      expect(first?.headers.authorization).toBe('Bearer redirecting-api-token-1');
      expectNoTokens(unrelated.received[0]);
    });

    it('strips both tokens when the API redirects away', async () => {
      const context = await startAgainstApi();
      const http = context.get(MoltinHttpService);

      await inCustomerRequest(context, () => firstValueFrom(http.get('/v2/away')));
      const first = api.received.find((request) => request.url === '/v2/away');

      expect(first?.headers[CUSTOMER_TOKEN_HEADER]).toBe(CUSTOMER_TOKEN);
      expectNoTokens(unrelated.received[0]);
    });

    it('keeps the tokens on a redirect within the API origin', async () => {
      const context = await startAgainstApi();
      const http = context.get(MoltinHttpService);

      const response = await inCustomerRequest(context, () => firstValueFrom(http.get('/v2/home')));
      const landing = api.received.find((request) => request.url === '/v2/landing');

      expect(response.data).toEqual({ path: '/v2/landing' });
      expect(landing?.headers.authorization).toMatch(/^Bearer redirecting-api-token-/);
      expect(landing?.headers[CUSTOMER_TOKEN_HEADER]).toBe(CUSTOMER_TOKEN);
    });

    it('still calls the caller beforeRedirect hook', async () => {
      const context = await startAgainstApi();
      const http = context.get(MoltinHttpService);
      const redirectedTo: string[] = [];

      await firstValueFrom(http.get('/v2/away', { beforeRedirect: (options) => void redirectedTo.push(String(options.href)) }));

      expect(redirectedTo).toEqual([`${unrelated.url}/landing`]);
      expectNoTokens(unrelated.received[0]);
    });

    it('never intercepts the token endpoint', async () => {
      const context = await startAgainstApi();
      const http = context.get(MoltinHttpService);

      await firstValueFrom(http.post('/oauth/access_token', 'grant_type=implicit&client_id=someone'));
      const tokenRequests = api.received.filter((request) => request.url === '/oauth/access_token');

      expect(tokenRequests).toHaveLength(1);
      expect(tokenRequests[0]?.headers.authorization).toBeUndefined();
    });
  });

  describe('network errors', () => {
    let flaky: LoopbackServer;
    let resetsLeft = 0;

    /** Resets the connection of the first requests, then responds with 200. */
    const resetFirstRequests: Handler = (request, response) => {
      if (resetsLeft > 0) {
        resetsLeft -= 1;
        request.socket.destroy();
        return;
      }

      sendJson(response, 200, { ok: true });
    };

    beforeEach(async () => {
      flaky = await startServer(resetFirstRequests);
    });

    afterEach(async () => {
      await flaky.close();
    });

    it('retries a GET after connection resets', async () => {
      const context = await start({ http: { allowedOrigins: [flaky.url] } });
      resetsLeft = 2;

      const response = await firstValueFrom(context.get(MoltinHttpService).get(`${flaky.url}/files`));

      expect(response.status).toBe(200);
      expect(flaky.received).toHaveLength(3);
    });

    it('sends a POST once after a connection reset', async () => {
      const context = await start({ http: { allowedOrigins: [flaky.url] } });
      resetsLeft = 1;

      const failure = firstValueFrom(context.get(MoltinHttpService).post(`${flaky.url}/files`, { name: 'x' }));

      await expect(failure).rejects.toMatchObject({ name: 'MoltinApiError', code: 'network_error', method: 'POST', path: '/files' });
      expect(flaky.received).toHaveLength(1);
    });

    it('leaves errors of foreign requests as axios errors', async () => {
      const context = await start();
      resetsLeft = 1;

      const failure = firstValueFrom(context.get(MoltinHttpService).get(`${flaky.url}/files`));

      await expect(failure).rejects.toMatchObject({ isAxiosError: true, code: 'ECONNRESET' });
      expect(flaky.received).toHaveLength(1);
    });
  });
});
