import { signCustomerToken } from '../testing/emulator/index.js';
import { decodeCustomerToken } from './customer-token.decoder.js';

const NOW_MS = Date.UTC(2026, 0, 1);
const NOW_S = NOW_MS / 1000;
const OPTIONS = { maxLength: 4096, nowMs: NOW_MS };
const HEX_SIGNATURE = 'a'.repeat(64);

function base64(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64');
}

function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');
}

function token(payload: unknown, header: unknown = { alg: 'HS256', typ: 'JWT' }, signature = HEX_SIGNATURE): string {
  return `${base64(header)}.${base64(payload)}.${signature}`;
}

describe('decodeCustomerToken', () => {
  const claims = { sub: 'customer-1', name: 'Ron', exp: NOW_S + 3600, iat: NOW_S, jti: 'token-1' };

  it('decodes a Moltin token with padded base64 and a hex signature', () => {
    const signed = signCustomerToken(claims, 'secret');

    expect(signed.split('.')[1]).toMatch(/=$/);
    expect(decodeCustomerToken(signed, OPTIONS)).toEqual({ ok: true, hint: { sub: 'customer-1', exp: NOW_S + 3600 } });
  });

  it('decodes a standard base64url token', () => {
    const signed = `${base64url({ alg: 'HS256' })}.${base64url(claims)}.${base64url('s'.repeat(32))}`;

    expect(decodeCustomerToken(signed, OPTIONS)).toEqual({ ok: true, hint: { sub: 'customer-1', exp: NOW_S + 3600 } });
  });

  it('reports an expired token', () => {
    expect(decodeCustomerToken(token({ sub: 'c', exp: NOW_S - 1 }), OPTIONS)).toEqual({ ok: false, reason: 'expired' });
  });

  it('treats exp equal to now as expired', () => {
    expect(decodeCustomerToken(token({ sub: 'c', exp: NOW_S }), OPTIONS)).toEqual({ ok: false, reason: 'expired' });
  });

  it('reports a token over the maximum length', () => {
    const long = token({ sub: 'c', exp: NOW_S + 60, pad: 'x'.repeat(200) });

    expect(decodeCustomerToken(long, { ...OPTIONS, maxLength: 100 })).toEqual({ ok: false, reason: 'too_long' });
  });

  const malformed: Array<[string, unknown]> = [
    ['a number', 42],
    ['undefined', undefined],
    ['an empty string', ''],
    ['two segments', `${base64({ alg: 'HS256' })}.${base64(claims)}`],
    ['four segments', `${token(claims)}.extra`],
    ['an empty signature', `${base64({ alg: 'HS256' })}.${base64(claims)}.`],
    ['a short signature', token(claims, undefined, 'abc')],
    ['whitespace inside', token(claims).replace('.', ' .')],
    ['unicode characters', `${token(claims)}é`],
    ['alg none', token(claims, { alg: 'none' })],
    ['alg NONE', token(claims, { alg: 'NONE' })],
    ['no alg', token(claims, { typ: 'JWT' })],
    ['a header that is not JSON', `${base64('not json')}.${base64(claims)}.${HEX_SIGNATURE}`],
    ['a payload that is an array', token([claims])],
    ['a payload that is a string', token('"customer-1"')],
    ['a payload that is null', token('null')],
    ['a payload that is not JSON', token('{"sub":')],
    ['invalid UTF-8 in the payload', `${base64({ alg: 'HS256' })}.${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64')}.${HEX_SIGNATURE}`],
    ['a numeric sub', token({ sub: 12345, exp: NOW_S + 60 })],
    ['an empty sub', token({ sub: '', exp: NOW_S + 60 })],
    ['a blank sub', token({ sub: '   ', exp: NOW_S + 60 })],
    ['sub ".."', token({ sub: '..', exp: NOW_S + 60 })],
    ['a sub with a newline', token({ sub: 'a\nb', exp: NOW_S + 60 })],
    ['a sub of 300 characters', token({ sub: 'a'.repeat(300), exp: NOW_S + 60 })],
    ['a string exp', token({ sub: 'c', exp: String(NOW_S + 60) })],
    ['an ISO exp', token({ sub: 'c', exp: '2030-01-01T00:00:00Z' })],
    ['a negative exp', token({ sub: 'c', exp: -1 })],
    ['an exp past the Date range', token({ sub: 'c', exp: 1e300 })],
    ['no exp', token({ sub: 'c' })],
    ['sub only in __proto__', token(JSON.parse(`{"__proto__":{"sub":"c","exp":${NOW_S + 60}}}`))],
    ['padding in the middle of a segment', `${base64({ alg: 'HS256' })}.=${base64(claims)}.${HEX_SIGNATURE}`],
    ['padding that does not complete a group', `${base64url({ alg: 'HS256' })}=.${base64(claims)}.${HEX_SIGNATURE}`],
  ];

  it.each(malformed)('rejects %s as malformed', (_case, value) => {
    expect(decodeCustomerToken(value, OPTIONS)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('ignores a __proto__ key beside real claims', () => {
    const payload = JSON.parse(`{"__proto__":{"admin":true},"sub":"c","exp":${NOW_S + 60}}`);

    expect(decodeCustomerToken(token(payload), OPTIONS)).toEqual({ ok: true, hint: { sub: 'c', exp: NOW_S + 60 } });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
