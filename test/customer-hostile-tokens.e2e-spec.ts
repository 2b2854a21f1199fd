import { EmulatorCustomer, MoltinEmulator, signCustomerToken } from 'nestjs-moltin-auth/testing';
import { CustomerAuthApp, HTTP_PLATFORMS, send, sendRawHeader, startCustomerAuthApp } from './fixtures/customer-auth-app';

const TOKEN_HEADER = 'x-moltin-customer-token';
const GUARD_MESSAGES = ['missing customer token', 'invalid customer token', 'customer token expired'];
const HEX_SIGNATURE = 'ab'.repeat(32);

function segment(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64');
}

function jwt(payload: unknown, header: unknown = { alg: 'HS256', typ: 'JWT' }, signature = HEX_SIGNATURE): string {
  return `${segment(header)}.${segment(payload)}.${signature}`;
}

/** Sends a UTF-8 string as raw bytes: Node's client passes Latin-1 header values through byte for byte. */
function utf8Bytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

interface HostileCase {
  name: string;
  value: (customer: EmulatorCustomer, exp: number) => string | string[];
  /** Whether the value is well formed enough that one validation request is allowed. */
  mayReachApi: boolean;
}

const HOSTILE_CASES: HostileCase[] = [
  { name: 'a 5,000-character value', value: () => 'a'.repeat(5_000), mayReachApi: false },
  { name: 'a well-formed token padded to 5,000 characters', value: (c, exp) => jwt({ sub: c.id, exp, pad: 'x'.repeat(5_000) }), mayReachApi: false },
  { name: 'Latin-1 binary bytes', value: () => '\xff\xfe\xfd\x80\x81.\x90\x91.\xa0\xa1', mayReachApi: false },
  { name: 'a tab inside the token', value: (c, exp) => jwt({ sub: c.id, exp }).replace('.', '\t.'), mayReachApi: false },
  { name: 'UTF-8 unicode', value: () => utf8Bytes('tökén.☃.💩'), mayReachApi: false },
  { name: 'the literal null', value: () => 'null', mayReachApi: false },
  { name: 'a lone dot', value: () => '.', mayReachApi: false },
  { name: 'empty segments', value: () => '..', mayReachApi: false },
  { name: 'one segment', value: (c, exp) => segment({ sub: c.id, exp }), mayReachApi: false },
  { name: 'two segments', value: (c, exp) => jwt({ sub: c.id, exp }).split('.').slice(0, 2).join('.'), mayReachApi: false },
  { name: 'four segments', value: (c, exp) => `${jwt({ sub: c.id, exp })}.${HEX_SIGNATURE}`, mayReachApi: false },
  { name: 'alg none with no signature', value: (c, exp) => jwt({ sub: c.id, exp }, { alg: 'none' }, ''), mayReachApi: false },
  { name: 'alg none with a signature', value: (c, exp) => jwt({ sub: c.id, exp }, { alg: 'none' }), mayReachApi: false },
  { name: 'a header that is an array', value: (c, exp) => jwt({ sub: c.id, exp }, ['HS256']), mayReachApi: false },
  { name: 'a payload that is an array', value: (c, exp) => jwt([{ sub: c.id, exp }]), mayReachApi: false },
  { name: 'a payload that is a string', value: (c) => jwt(JSON.stringify(c.id)), mayReachApi: false },
  { name: 'a payload that is a number', value: () => jwt('42'), mayReachApi: false },
  { name: 'a payload that is null', value: () => jwt('null'), mayReachApi: false },
  { name: 'a payload that is not JSON', value: () => jwt('{"sub":'), mayReachApi: false },
  { name: 'a numeric sub', value: (_c, exp) => jwt({ sub: 1234, exp }), mayReachApi: false },
  { name: 'an object sub', value: (c, exp) => jwt({ sub: { id: c.id }, exp }), mayReachApi: false },
  { name: 'an array sub', value: (c, exp) => jwt({ sub: [c.id], exp }), mayReachApi: false },
  { name: 'an empty sub', value: (_c, exp) => jwt({ sub: '', exp }), mayReachApi: false },
  { name: 'a string exp', value: (c, exp) => jwt({ sub: c.id, exp: String(exp) }), mayReachApi: false },
  { name: 'a boolean exp', value: (c) => jwt({ sub: c.id, exp: true }), mayReachApi: false },
  { name: 'an exp beyond the Date range', value: (c) => jwt({ sub: c.id, exp: 1e308 }), mayReachApi: false },
  { name: 'no exp', value: (c) => jwt({ sub: c.id }), mayReachApi: false },
  { name: 'sub ".."', value: (_c, exp) => jwt({ sub: '..', exp }), mayReachApi: false },
  { name: 'claims only under __proto__', value: (c, exp) => jwt(`{"__proto__":{"sub":"${c.id}","exp":${exp}}}`), mayReachApi: false },
  { name: 'claims only under constructor.prototype', value: (c, exp) => jwt({ constructor: { prototype: { sub: c.id, exp } } }), mayReachApi: false },
  { name: 'a JSON object instead of a token', value: (c) => JSON.stringify({ sub: c.id }), mayReachApi: false },
  { name: 'a Bearer prefix', value: (c, exp) => `Bearer ${jwt({ sub: c.id, exp })}`, mayReachApi: false },
  { name: 'SQL text', value: () => "' OR 1=1 --", mayReachApi: false },
  { name: 'two tokens in repeated headers', value: (c, exp) => [jwt({ sub: c.id, exp }), jwt({ sub: c.id, exp })], mayReachApi: false },
  { name: 'sub with ../ path traversal', value: (_c, exp) => jwt({ sub: '../../oauth/access_token', exp }), mayReachApi: true },
  { name: 'sub with an encoded slash and query', value: (_c, exp) => jwt({ sub: '%2F..%2F?x=1#y', exp }), mayReachApi: true },
  { name: 'a real customer with a __proto__ key', value: (c, exp) => jwt(`{"__proto__":{"admin":true},"sub":"${c.id}","exp":${exp}}`), mayReachApi: true },
  { name: 'a valid token with extra signature characters', value: (c) => `${signCustomerToken({ sub: c.id, name: c.name, exp: Math.floor(Date.now() / 1000) + 600, iat: 0, jti: 'j' }, 'x')}ff`, mayReachApi: true },
];

describe.each(HTTP_PLATFORMS)('CustomerAuthGuard with hostile headers on %s', (platform) => {
  let emulator: MoltinEmulator;
  let customer: EmulatorCustomer;
  let context: CustomerAuthApp;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start({ logger: false });
    customer = emulator.addCustomer({ name: 'Ron Swanson', email: 'ron@example.com', password: 'bacon-and-eggs' });
    context = await startCustomerAuthApp(platform, emulator);
  });

  afterAll(async () => {
    await context.close();
    await emulator.stop();
  });

  it('covers at least 20 hostile values', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(HOSTILE_CASES.map((hostile) => [hostile.name, hostile] as const))('rejects %s with 401', async (_name, hostile) => {
    const exp = Math.floor(Date.now() / 1000) + 3_600;
    const before = emulator.requestCount('getCustomer');

    const response = await send(context.url, '/account', { headers: { [TOKEN_HEADER]: hostile.value(customer, exp) } });
    const upstreamCalls = emulator.requestCount('getCustomer') - before;

    expect(response.status).toBe(401);
    expect(response.body.statusCode).toBe(401);
    expect(GUARD_MESSAGES).toContain(response.body.message);
    expect(upstreamCalls).toBeLessThanOrEqual(hostile.mayReachApi ? 1 : 0);
  });

  it('ignores a hostile Authorization header by default', async () => {
    const response = await send(context.url, '/account', { headers: { authorization: `Bearer \xff\xfe${'a'.repeat(5_000)}` } });

    expect(response.status).toBe(401);
    expect(response.body.message).toBe('missing customer token');
  });

  it.each([
    ['a NUL byte', 'X-Moltin-Customer-Token: a\x00b'],
    ['a control byte', 'X-Moltin-Customer-Token: a\x01b'],
    ['a bare carriage return', 'X-Moltin-Customer-Token: a\rb'],
    ['DEL', 'X-Moltin-Customer-Token: a\x7fb'],
  ])('never returns 500 for raw %s', async (_name, headerLine) => {
    const status = await sendRawHeader(context.url, '/account', headerLine);

    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });
});
