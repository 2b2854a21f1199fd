import { fingerprint } from './fingerprint.util';
import { redactSecrets } from './redact.util';

describe('redactSecrets', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redactSecrets('a s3cret-value b s3cret-value', ['s3cret-value'])).toBe('a [redacted] b [redacted]');
  });

  it('ignores missing and very short secrets', () => {
    expect(redactSecrets('abc', [undefined, 'a'])).toBe('abc');
  });
});

describe('fingerprint', () => {
  it('gives 8 hex digits that differ between tokens', () => {
    expect(fingerprint('token-a')).toMatch(/^[0-9a-f]{8}$/);
    expect(fingerprint('token-a')).not.toBe(fingerprint('token-b'));
    expect(fingerprint('token-a')).not.toContain('token');
  });
});
