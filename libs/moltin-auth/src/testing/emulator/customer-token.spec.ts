import { createHmac } from 'node:crypto';

import {
  CUSTOMER_TOKEN_HEADER_JSON,
  decodeCustomerToken,
  signCustomerToken,
  verifyCustomerToken,
  type CustomerTokenClaims,
} from './customer-token.js';

const SECRET = 'test-secret';
const NOW_SECONDS = 1_510_597_800;

function claimsFor(name: string, overrides: Partial<CustomerTokenClaims> = {}): CustomerTokenClaims {
  return {
    sub: '79cc0486-1a8f-4b6c-9e4b-3a44bd5b8d0f',
    name,
    exp: NOW_SECONDS + 86400,
    iat: NOW_SECONDS,
    jti: '36f05940-3c0d-4d1b-b3a8-0b5c7d2a1e11',
    ...overrides,
  };
}

/** Replaces the payload segment of a token, keeping its header and signature. */
function withPayload(token: string, payload: string): string {
  const [header, , signature] = token.split('.');
  return `${header}.${payload}.${signature}`;
}

describe('signCustomerToken', () => {
  it('encodes the documented header', () => {
    const [header] = signCustomerToken(claimsFor('Ron Swanson'), SECRET).split('.');

    expect(Buffer.from(header as string, 'base64').toString('utf8')).toBe('{"alg": "HS256", "typ": "JWT"}');
    expect(header).toBe(Buffer.from(CUSTOMER_TOKEN_HEADER_JSON).toString('base64'));
    expect(header?.startsWith('eyJhbGciOiAiSFMyNTYi')).toBe(true);
  });

  it('keeps base64 padding in the payload', () => {
    // Three consecutive name lengths cover every remainder of the payload length modulo 3.
    const payloads = ['Ron', 'Ronn', 'Ronny'].map((name) => signCustomerToken(claimsFor(name), SECRET).split('.')[1] as string);

    for (const payload of payloads) {
      expect(payload.length % 4).toBe(0);
      expect(payload).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    }
    expect(payloads.some((payload) => payload.endsWith('='))).toBe(true);
  });

  it('encodes the claims as JSON in the payload', () => {
    const claims = claimsFor('Ron Swanson');
    const [, payload] = signCustomerToken(claims, SECRET).split('.');

    expect(payload).toBe(Buffer.from(JSON.stringify(claims)).toString('base64'));
    expect(JSON.parse(Buffer.from(payload as string, 'base64').toString('utf8'))).toEqual(claims);
  });

  it('signs with 64 lower-case hex characters', () => {
    const token = signCustomerToken(claimsFor('Ron Swanson'), SECRET);
    const [header, payload, signature] = token.split('.');

    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(signature).toBe(createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('hex'));
  });
});

describe('verifyCustomerToken', () => {
  const validNowMs = (NOW_SECONDS + 10) * 1000;

  it('accepts a token it signed', () => {
    const claims = claimsFor('Ron Swanson');

    expect(verifyCustomerToken(signCustomerToken(claims, SECRET), SECRET, validNowMs)).toEqual({ valid: true, claims });
  });

  it('rejects another secret', () => {
    const token = signCustomerToken(claimsFor('Ron Swanson'), 'other-secret');

    expect(verifyCustomerToken(token, SECRET, validNowMs)).toEqual({ valid: false, reason: 'invalid_signature' });
  });

  it('rejects a changed payload', () => {
    const token = signCustomerToken(claimsFor('Ron Swanson'), SECRET);
    const forged = withPayload(token, Buffer.from(JSON.stringify(claimsFor('Ron Swanson', { sub: 'someone-else' }))).toString('base64'));

    expect(verifyCustomerToken(forged, SECRET, validNowMs)).toEqual({ valid: false, reason: 'invalid_signature' });
  });

  it('rejects an upper-case signature', () => {
    const token = signCustomerToken(claimsFor('Ron Swanson'), SECRET);
    const [header, payload, signature] = token.split('.');

    const result = verifyCustomerToken(`${header}.${payload}.${(signature as string).toUpperCase()}`, SECRET, validNowMs);

    expect(result).toEqual({ valid: false, reason: 'invalid_signature' });
  });

  it('expires at exp', () => {
    const claims = claimsFor('Ron Swanson', { exp: NOW_SECONDS + 60 });
    const token = signCustomerToken(claims, SECRET);

    expect(verifyCustomerToken(token, SECRET, (NOW_SECONDS + 60) * 1000 - 1).valid).toBe(true);
    expect(verifyCustomerToken(token, SECRET, (NOW_SECONDS + 60) * 1000)).toEqual({ valid: false, reason: 'expired' });
  });

  it.each([
    ['an empty string', ''],
    ['two segments', 'abc.def'],
    ['four segments', 'a.b.c.d'],
    ['a payload that is not base64', `${Buffer.from(CUSTOMER_TOKEN_HEADER_JSON).toString('base64')}.%%%.${'0'.repeat(64)}`],
    ['a payload that is not JSON', `${Buffer.from(CUSTOMER_TOKEN_HEADER_JSON).toString('base64')}.${Buffer.from('nope').toString('base64')}.${'0'.repeat(64)}`],
  ])('rejects %s as malformed', (_case, token) => {
    expect(verifyCustomerToken(token, SECRET, validNowMs)).toEqual({ valid: false, reason: 'malformed' });
  });

  it('rejects claims of the wrong types', () => {
    const header = Buffer.from(CUSTOMER_TOKEN_HEADER_JSON).toString('base64');
    const payload = Buffer.from(JSON.stringify({ ...claimsFor('Ron'), exp: '2030-01-01T00:00:00Z' })).toString('base64');

    expect(verifyCustomerToken(`${header}.${payload}.${'0'.repeat(64)}`, SECRET, validNowMs)).toEqual({
      valid: false,
      reason: 'malformed',
    });
  });
});

describe('decodeCustomerToken', () => {
  it('decodes the documented sample token', () => {
    // Sample response token from Elastic Path's "Customer Tokens" docs page.
    const sample =
      'eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiI3OWNjMDQ4Ni1iYmRmLTQ5MWItYTBhMi03MjIzODNiNjI4OGIiLCJuYW1lIjoiUm9uIFN3YW5zb24iLCJleHAiOjE1MTA2ODQyMDAsImlhdCI6MTUxMDU5NzgwMCwianRpIjoiMzZmMDU5NDAtMGQzOC00MTFhLTg5MDktM2FlYTU4YmMxZjA5In0=.ea948e346d0683803aa4a2c09441bcbf7c79bd9234bed2ce8456ab3af257ea9f';
    const [header, payload, signature] = sample.split('.');

    expect(header).toBe(Buffer.from(CUSTOMER_TOKEN_HEADER_JSON).toString('base64'));
    expect(payload?.endsWith('=')).toBe(true);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(decodeCustomerToken(sample)).toEqual({
      sub: '79cc0486-bbdf-491b-a0a2-722383b6288b',
      name: 'Ron Swanson',
      exp: 1510684200,
      iat: 1510597800,
      jti: '36f05940-0d38-411a-8909-3aea58bc1f09',
    });
  });

  it('decodes padded standard base64', () => {
    const claims = claimsFor('Ron Swanson');

    expect(decodeCustomerToken(signCustomerToken(claims, SECRET))).toEqual(claims);
  });

  it('decodes unpadded base64url', () => {
    const claims = claimsFor('Ron Swanson ~~~ ???');
    const token = signCustomerToken(claims, SECRET);
    const urlSafe = withPayload(token, Buffer.from(JSON.stringify(claims)).toString('base64url'));

    expect(decodeCustomerToken(urlSafe)).toEqual(claims);
  });

  it('ignores the signature', () => {
    const claims = claimsFor('Ron Swanson');
    const token = signCustomerToken(claims, 'unknown-secret');

    expect(decodeCustomerToken(token)).toEqual(claims);
  });

  it('drops extra claims', () => {
    const header = Buffer.from(CUSTOMER_TOKEN_HEADER_JSON).toString('base64');
    const payload = Buffer.from(JSON.stringify({ ...claimsFor('Ron'), scope: 'admin' })).toString('base64');

    expect(decodeCustomerToken(`${header}.${payload}.sig`)).toEqual(claimsFor('Ron'));
  });

  it('returns undefined for garbage', () => {
    expect(decodeCustomerToken('not a token')).toBeUndefined();
    expect(decodeCustomerToken('a.b.c')).toBeUndefined();
    expect(decodeCustomerToken(`x.${Buffer.from('[1,2]').toString('base64')}.y`)).toBeUndefined();
  });
});
