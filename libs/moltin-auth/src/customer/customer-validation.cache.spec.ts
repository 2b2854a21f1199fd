import { CustomerValidationCache, customerTokenCacheKey } from './customer-validation.cache.js';

describe('CustomerValidationCache', () => {
  it('returns a stored value until it expires', () => {
    const cache = new CustomerValidationCache<string>(10);
    cache.set('a', 'value', 1_000);

    expect(cache.get('a', 999)).toBe('value');
    expect(cache.get('a', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never holds more than the maximum', () => {
    const cache = new CustomerValidationCache<number>(3);

    for (let i = 0; i < 10; i++) {
      cache.set(`key-${i}`, i, Number.MAX_SAFE_INTEGER);
      expect(cache.size).toBeLessThanOrEqual(3);
    }

    expect(cache.get('key-6', 0)).toBeUndefined();
    expect(cache.get('key-7', 0)).toBe(7);
    expect(cache.get('key-9', 0)).toBe(9);
  });

  it('evicts the least recently read entry', () => {
    const cache = new CustomerValidationCache<string>(2);
    cache.set('a', 'A', Number.MAX_SAFE_INTEGER);
    cache.set('b', 'B', Number.MAX_SAFE_INTEGER);

    cache.get('a', 0);
    cache.set('c', 'C', Number.MAX_SAFE_INTEGER);

    expect(cache.get('a', 0)).toBe('A');
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('c', 0)).toBe('C');
  });

  it('replaces the value of an existing key', () => {
    const cache = new CustomerValidationCache<string>(2);
    cache.set('a', 'old', 100);
    cache.set('a', 'new', 200);

    expect(cache.get('a', 150)).toBe('new');
    expect(cache.size).toBe(1);
  });

  it('rejects a maximum below one', () => {
    expect(() => new CustomerValidationCache(0)).toThrow(RangeError);
  });
});

describe('customerTokenCacheKey', () => {
  it('hashes the token instead of storing it', () => {
    const key = customerTokenCacheKey('header.payload.signature');

    expect(key).not.toContain('payload');
    expect(key).toHaveLength(44);
    expect(customerTokenCacheKey('header.payload.signature')).toBe(key);
    expect(customerTokenCacheKey('header.payload.signaturf')).not.toBe(key);
  });
});
