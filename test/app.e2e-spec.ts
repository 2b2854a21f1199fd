import { INestApplication, ValidationPipe } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { MoltinTokenService } from 'nestjs-moltin-auth';
import { MoltinEmulator } from 'nestjs-moltin-auth/testing';
import request from 'supertest';

import { AppModule } from '../src/app.module';
import { moltinConfig } from '../src/config/moltin.config';
import { DEMO_CUSTOMER } from '../src/embedded-store/embedded-store';
import { MoltinErrorFilter } from '../src/moltin-error.filter';
import { CapturingLogger } from './support/log-capture';
import { sleep, waitFor } from './support/wait';

describe('example app against the emulator', () => {
  let emulator: MoltinEmulator;
  let app: INestApplication;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    emulator = await MoltinEmulator.start({ logger: false, customers: [DEMO_CUSTOMER] });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(moltinConfig.KEY)
      .useValue({
        baseUrl: emulator.url,
        clientId: emulator.clientId,
        clientSecret: emulator.clientSecret,
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      })
      .setLogger(logger)
      .compile();
    app = moduleRef.createNestApplication();
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
    app.useGlobalFilters(new MoltinErrorFilter(app.get(HttpAdapterHost)));
    await app.init();
  });

  afterAll(async () => {
    await app.close();
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.reset();
  });

  async function login(): Promise<string> {
    const response = await request(app.getHttpServer()).post('/auth/login').send({ email: DEMO_CUSTOMER.email, password: DEMO_CUSTOMER.password }).expect(200);

    return response.body.token as string;
  }

  it('lists the live products with an implicit token', async () => {
    const response = await request(app.getHttpServer()).get('/products').expect(200);
    const authorization = emulator.requests('products')[0]?.headers.authorization ?? '';

    expect(response.body.data.length).toBeGreaterThan(0);
    expect(response.body.data[0]).toEqual({ id: expect.any(String), name: expect.any(String), sku: expect.any(String) });
    expect(emulator.accessTokenGrant(authorization.replace('Bearer ', ''))).toBe('implicit');
    expect(emulator.requestCount('products')).toBe(1);
  });

  it('never lists draft products', async () => {
    const draft = emulator.addProduct({ name: 'Secret Prototype', sku: 'DRAFT-1', status: 'draft' });

    const response = await request(app.getHttpServer()).get('/products').expect(200);

    expect(response.body.data.map((product: { id: string }) => product.id)).not.toContain(draft.id);
  });

  it.each([
    ['a text body', 'not json'],
    ['data null', { data: null }],
    ['a null product', { data: [null] }],
  ])('answers 502 when the store returns %s', async (_case, body) => {
    emulator.respondNext('products', 1, 200, body);

    const response = await request(app.getHttpServer()).get('/products').expect(502);

    expect(response.body).toMatchObject({ statusCode: 502, message: 'The store returned a product list in an unexpected format' });
  });

  it('logs a customer in', async () => {
    const response = await request(app.getHttpServer()).post('/auth/login').send({ email: DEMO_CUSTOMER.email, password: DEMO_CUSTOMER.password }).expect(200);

    expect(response.body).toEqual({ token: expect.any(String), customerId: expect.any(String), expiresAt: expect.any(String) });
    expect(Date.parse(response.body.expiresAt)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  });

  it('answers 401 to a wrong password', async () => {
    const response = await request(app.getHttpServer()).post('/auth/login').send({ email: DEMO_CUSTOMER.email, password: 'wrong' }).expect(401);

    expect(response.body.statusCode).toBe(401);
    expect(JSON.stringify(response.body)).not.toContain('wrong');
  });

  it('answers 400 to a malformed login body', async () => {
    await request(app.getHttpServer()).post('/auth/login').send({ email: 'not-an-email' }).expect(400);

    expect(emulator.requestCount('customerToken')).toBe(0);
  });

  it('returns the logged-in customer', async () => {
    const token = await login();

    const response = await request(app.getHttpServer()).get('/account/me').set('X-Moltin-Customer-Token', token).expect(200);

    expect(response.body.data).toMatchObject({ email: DEMO_CUSTOMER.email, name: DEMO_CUSTOMER.name, id: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toContain(token);
  });

  it('answers 401 to the account route without a token', async () => {
    const response = await request(app.getHttpServer()).get('/account/me').expect(401);

    expect(response.body).toMatchObject({ statusCode: 401 });
  });

  it('reports 503 on the health route until a token is held', async () => {
    const tokens = app.get(MoltinTokenService);
    tokens.invalidate();

    const cold = await request(app.getHttpServer()).get('/health').expect(503);
    await waitFor(() => tokens.peekToken() !== undefined, 2_000, 'the background token request');
    const warm = await request(app.getHttpServer()).get('/health').expect(200);

    expect(cold.body).toEqual({ status: 'unavailable', accessToken: { held: false, grantType: 'client_credentials' } });
    expect(warm.body).toEqual({ status: 'ok', accessToken: { held: true, grantType: 'client_credentials', expiresAt: expect.any(String) } });
    expect(JSON.stringify(warm.body)).not.toContain(tokens.peekToken()?.accessToken);
  });

  it('answers 503 when the store fails', async () => {
    emulator.failNext('products', 2, 503);

    const response = await request(app.getHttpServer()).get('/products').expect(503);

    expect(response.body).toMatchObject({ statusCode: 503, upstreamStatus: 503 });
  });

  it('logs a burst of store failures in a few lines', async () => {
    // Lets the once-per-second log window of earlier failures pass.
    await sleep(1_100);
    emulator.failNext('products', 40, 503);
    const linesBefore = logger.from('MoltinErrorFilter').length;

    for (let i = 0; i < 20; i++) {
      await request(app.getHttpServer()).get('/products').expect(503);
    }
    const lines = logger.from('MoltinErrorFilter').slice(linesBefore);

    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThan(20);
    expect(lines.join('\n')).not.toContain(emulator.clientSecret);
  });
});
