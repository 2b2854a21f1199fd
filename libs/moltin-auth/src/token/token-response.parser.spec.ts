import { parseTokenResponse } from './token-response.parser';

describe('parseTokenResponse', () => {
  const flat = { expires: 1524486008, identifier: 'client_credentials', expires_in: 3600, access_token: 'a'.repeat(40), token_type: 'Bearer' };

  it('reads a flat body', () => {
    expect(parseTokenResponse(flat)).toEqual({ accessToken: 'a'.repeat(40), tokenType: 'Bearer', lifetimeMs: 3_600_000 });
  });

  it('reads a body wrapped in data', () => {
    expect(parseTokenResponse({ data: flat })).toEqual({ accessToken: 'a'.repeat(40), tokenType: 'Bearer', lifetimeMs: 3_600_000 });
  });

  it('prefers top-level fields when both shapes are present', () => {
    const body = { ...flat, access_token: 'top', data: { ...flat, access_token: 'nested' } };

    expect(parseTokenResponse(body)).toMatchObject({ accessToken: 'top' });
  });

  it('accepts expires_in as a numeric string', () => {
    expect(parseTokenResponse({ ...flat, expires_in: '120' })).toMatchObject({ lifetimeMs: 120_000 });
  });

  it('falls back to expires measured against the Date header', () => {
    const body = { access_token: 'token', expires: 1_000_000 + 600 };
    const serverDate = new Date(1_000_000 * 1000).toUTCString();

    expect(parseTokenResponse(body, serverDate)).toMatchObject({ lifetimeMs: 600_000 });
  });

  it.each([
    ['null', null],
    ['an array', [flat]],
    ['a string', 'access_token=abc'],
    ['no access_token', { expires_in: 3600 }],
    ['an empty access_token', { ...flat, access_token: '' }],
    ['a numeric access_token', { ...flat, access_token: 12345 }],
    ['an oversized access_token', { ...flat, access_token: 'a'.repeat(5000) }],
    ['data without access_token', { data: { expires_in: 3600 } }],
    ['no expiry', { access_token: 'token' }],
    ['a zero expires_in and no Date', { access_token: 'token', expires_in: 0, expires: 5 }],
    ['a negative expires_in', { access_token: 'token', expires_in: -10 }],
    ['a non-numeric expires_in', { access_token: 'token', expires_in: 'soon' }],
  ])('rejects %s', (_case, body) => {
    expect(parseTokenResponse(body)).toHaveProperty('invalid');
  });
});
