import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CustomerTokenValidator, MoltinAuthModule } from 'nestjs-moltin-auth';
import { EmulatorCustomer, MoltinEmulator } from 'nestjs-moltin-auth/testing';

// Store faults must not turn a genuine shopper away: when the API's response proves nothing about the
// customer token, the result is "unavailable" (503), and it is not cached.
describe('customer token validation under store faults', () => {
  let emulator: MoltinEmulator;
  let app: INestApplicationContext;
  let validator: CustomerTokenValidator;
  let customer: EmulatorCustomer;

  beforeEach(async () => {
    emulator = await MoltinEmulator.start({ logger: false });
    customer = emulator.addCustomer({ name: 'April Ludgate', email: 'april@example.com', password: 'janet-snakehole' });
    const moduleRef = await Test.createTestingModule({
      imports: [MoltinAuthModule.forRoot({ baseUrl: emulator.url, clientId: emulator.clientId, retry: { attempts: 1 } })],
    }).compile();
    app = await moduleRef.init();
    validator = app.get(CustomerTokenValidator);
  });

  afterEach(async () => {
    await app.close();
    await emulator.stop();
  });

  it.each([
    ['a text body', 'garbage'],
    ['data null', { data: null }],
    ['data without an id', { data: { type: 'customer' } }],
  ])('treats a 200 with %s as unavailable', async (_case, body) => {
    const { token } = emulator.issueCustomerToken(customer.id);
    emulator.respondNext('getCustomer', 1, 200, body);

    const first = await validator.validate(token);
    const second = await validator.validate(token);

    expect(first.outcome).toBe('unavailable');
    expect(second.outcome).toBe('valid');
    expect(emulator.requestCount('getCustomer')).toBe(2);
  });

  it('rejects a 200 for another customer', async () => {
    const { token } = emulator.issueCustomerToken(customer.id);
    emulator.respondNext('getCustomer', 1, 200, { data: { type: 'customer', id: 'someone-else' } });

    const result = await validator.validate(token);

    expect(result.outcome).toBe('invalid');
  });

  it('accepts shoppers after two app token revocations in a row', async () => {
    await validator.validate(emulator.issueCustomerToken(customer.id).token);
    emulator.revokeAllAccessTokens();
    const afterFirstRevocation = await validator.validate(emulator.issueCustomerToken(customer.id).token);
    emulator.revokeAllAccessTokens();
    const tokenRequestsBefore = emulator.requestCount('token');

    const afterSecondRevocation = await validator.validate(emulator.issueCustomerToken(customer.id).token);

    expect(afterFirstRevocation.outcome).toBe('valid');
    expect(afterSecondRevocation.outcome).toBe('valid');
    expect(emulator.requestCount('token')).toBe(tokenRequestsBefore + 1);
  });

  it('answers unavailable when a refresh did not cure the access token 401', async () => {
    const accessTokenRejected = { errors: [{ status: '401', title: 'Unable to validate access token' }] };
    await validator.validate(emulator.issueCustomerToken(customer.id).token);
    emulator.respondNext('getCustomer', 3, 401, accessTokenRejected);
    const tokenRequestsBefore = emulator.requestCount('token');

    const refreshedInVain = await validator.validate(emulator.issueCustomerToken(customer.id).token);
    const withinInterval = await validator.validate(emulator.issueCustomerToken(customer.id).token);

    expect(refreshedInVain.outcome).toBe('invalid');
    expect(withinInterval.outcome).toBe('unavailable');
    expect(emulator.requestCount('token')).toBe(tokenRequestsBefore + 1);
  });

  describe('validation rate limit', () => {
    let limited: INestApplicationContext;

    afterEach(async () => {
      await limited.close();
    });

    it('caps upstream validations of a flood of new tokens', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [
          MoltinAuthModule.forRoot({
            baseUrl: emulator.url,
            clientId: emulator.clientId,
            customerAuth: { maxValidationsPerSecond: 5, validationMaxWaitMs: 0 },
          }),
        ],
      }).compile();
      limited = await moduleRef.init();
      const limitedValidator = limited.get(CustomerTokenValidator);
      const tokens = Array.from({ length: 20 }, (_, i) => emulator.issueCustomerToken(customer.id, { lifetimeSeconds: 600 + i }).token);

      const results = await Promise.all(tokens.map((token) => limitedValidator.validate(token)));
      const outcomes = results.map((result) => result.outcome);

      expect(outcomes.filter((outcome) => outcome === 'valid')).toHaveLength(5);
      expect(outcomes.filter((outcome) => outcome === 'unavailable')).toHaveLength(15);
      expect(emulator.requestCount('getCustomer')).toBe(5);
      expect(limitedValidator.cacheSize).toBe(5);
    });
  });
});
