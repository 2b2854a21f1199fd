import { resolveEmulatorOptions } from './emulator-options.js';
import { MoltinEmulator } from './moltin-emulator.js';
import type { MoltinEmulatorOptions } from './moltin-emulator.interfaces.js';

describe('resolveEmulatorOptions', () => {
  it('applies the defaults', () => {
    const resolved = resolveEmulatorOptions();

    expect(resolved).toMatchObject({
      port: 0,
      host: '127.0.0.1',
      clientId: 'emulator-client-id',
      clientSecret: 'emulator-client-secret',
      tokenLifetimeSeconds: 3600,
      customerTokenLifetimeSeconds: 86400,
      tokenResponseShape: 'flat',
      errorStatusFormat: 'string',
      clockOffsetSeconds: 0,
      customers: undefined,
      products: undefined,
      rateLimitPerSecond: undefined,
      logger: console,
    });
    expect(resolved.customerTokenSecret).toMatch(/^[0-9a-f]{64}$/);
  });

  it('draws a new secret each time', () => {
    expect(resolveEmulatorOptions().customerTokenSecret).not.toBe(resolveEmulatorOptions().customerTokenSecret);
  });

  it('keeps valid values', () => {
    const resolved = resolveEmulatorOptions({
      port: 8123,
      host: '127.0.0.2',
      clientId: 'id',
      clientSecret: 'secret',
      tokenLifetimeSeconds: 5,
      customerTokenLifetimeSeconds: 10,
      tokenResponseShape: 'data',
      errorStatusFormat: 'number',
      clockOffsetSeconds: -30.5,
      rateLimitPerSecond: 25,
      customerTokenSecret: 'hs256-secret',
      logger: false,
    });

    expect(resolved).toMatchObject({
      port: 8123,
      host: '127.0.0.2',
      tokenResponseShape: 'data',
      errorStatusFormat: 'number',
      clockOffsetSeconds: -30.5,
      rateLimitPerSecond: 25,
      customerTokenSecret: 'hs256-secret',
      logger: undefined,
    });
  });

  it.each<[string, MoltinEmulatorOptions, string]>([
    ['a port over 65535', { port: 70000 }, 'MoltinEmulator option "port" must be an integer from 0 to 65535 (0 picks a free port); received 70000.'],
    ['a fractional port', { port: 80.5 }, 'option "port" must be an integer'],
    ['a public host', { host: '0.0.0.0' }, 'MoltinEmulator option "host" must be a loopback address (127.0.0.1, another 127.x.y.z, ::1 or localhost); received "0.0.0.0".'],
    ['a host name', { host: 'example.com' }, 'option "host" must be a loopback address'],
    ['an empty clientId', { clientId: '' }, 'MoltinEmulator clientId must be a non-empty string; received "".'],
    ['a numeric clientSecret', { clientSecret: 42 as never }, 'MoltinEmulator clientSecret must be a non-empty string; received 42.'],
    ['a zero token lifetime', { tokenLifetimeSeconds: 0 }, 'MoltinEmulator tokenLifetimeSeconds must be a positive integer of seconds; received 0.'],
    ['a fractional customer token lifetime', { customerTokenLifetimeSeconds: 1.5 }, 'MoltinEmulator customerTokenLifetimeSeconds must be a positive integer of seconds; received 1.5.'],
    ['an unknown response shape', { tokenResponseShape: 'nested' as never }, 'MoltinEmulator tokenResponseShape must be "flat" or "data"; received "nested".'],
    ['an unknown status format', { errorStatusFormat: 'int' as never }, 'MoltinEmulator errorStatusFormat must be "string" or "number"; received "int".'],
    ['an infinite clock offset', { clockOffsetSeconds: Infinity }, 'MoltinEmulator clockOffsetSeconds must be a finite number of seconds; received Infinity.'],
    ['a zero rate limit', { rateLimitPerSecond: 0 }, 'MoltinEmulator rateLimitPerSecond must be a positive integer of requests per second, or undefined for no limit; received 0.'],
    ['an empty token secret', { customerTokenSecret: '' }, 'MoltinEmulator customerTokenSecret must be a non-empty string; received "".'],
    ['a customers object', { customers: {} as never }, 'MoltinEmulator option "customers" must be an array; received a value of type object.'],
    ['a customer without email', { customers: [{ name: 'A', password: 'p' } as never] }, 'MoltinEmulator customers[0].email must be a non-empty string; received undefined.'],
    ['a customer id with a slash', { customers: [{ id: 'a/b', name: 'A', email: 'a@example.com', password: 'p' }] }, 'MoltinEmulator customers[0].id must be a non-empty string of letters, digits, ".", "_", "~" or "-"; received "a/b".'],
    ['a product without sku', { products: [{ name: 'P' } as never] }, 'MoltinEmulator products[0].sku must be a non-empty string; received undefined.'],
    ['an unknown product status', { products: [{ name: 'P', sku: 'S', status: 'archived' as never }] }, 'MoltinEmulator products[0].status must be "live" or "draft"; received "archived".'],
    ['a fractional price', { products: [{ name: 'P', sku: 'S', price: { USD: { amount: 9.99, includes_tax: true } } }] }, "MoltinEmulator products[0].price.USD.amount must be an integer in the currency's minor unit; received 9.99."],
    ['a price without includes_tax', { products: [{ name: 'P', sku: 'S', price: { USD: { amount: 999 } as never } }] }, 'MoltinEmulator products[0].price.USD.includes_tax must be a boolean; received undefined.'],
    ['a logger without error', { logger: {} as never }, 'MoltinEmulator option "logger" must have an error(message) method, or be false.'],
    ['a misspelt option', { clientSecert: 'x' } as never, 'MoltinEmulator option "clientSecert" is unknown; valid options are port, host, clientId,'],
  ])('rejects %s', (_case, options, message) => {
    expect(() => resolveEmulatorOptions(options)).toThrow(TypeError);
    expect(() => resolveEmulatorOptions(options)).toThrow(message);
  });

  it('rejects options that are not an object', () => {
    expect(() => resolveEmulatorOptions(null as never)).toThrow('MoltinEmulator options must be an object; received null.');
    expect(() => resolveEmulatorOptions([] as never)).toThrow('MoltinEmulator options must be an object; received an array.');
  });

  it('cuts long strings in messages', () => {
    expect(() => resolveEmulatorOptions({ host: 'h'.repeat(100) })).toThrow(`received "${'h'.repeat(60)}"...`);
  });

  it('rejects a duplicate seeded email', () => {
    // Duplicates are found when the emulator stores the seeds, before it listens.
    const customers = [
      { name: 'A', email: 'same@example.com', password: 'p' },
      { name: 'B', email: 'SAME@example.com', password: 'p' },
    ];

    return expect(MoltinEmulator.start({ customers })).rejects.toThrow('MoltinEmulator already has a customer with email "SAME@example.com".');
  });
});

describe('MoltinEmulator setters', () => {
  let emulator: MoltinEmulator;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start();
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it('validate their values', () => {
    expect(() => emulator.setTokenLifetime(0)).toThrow('MoltinEmulator setTokenLifetime seconds must be a positive integer of seconds; received 0.');
    expect(() => emulator.setCustomerTokenLifetime(-5)).toThrow('MoltinEmulator setCustomerTokenLifetime seconds must be a positive integer');
    expect(() => emulator.setTokenResponseShape('xml' as never)).toThrow('MoltinEmulator tokenResponseShape must be "flat" or "data"');
    expect(() => emulator.setErrorStatusFormat('bool' as never)).toThrow('MoltinEmulator errorStatusFormat must be "string" or "number"');
    expect(() => emulator.setClockOffset(Number.NaN)).toThrow('MoltinEmulator clockOffsetSeconds must be a finite number of seconds');
    expect(() => emulator.issueAccessToken('password' as never)).toThrow('MoltinEmulator issueAccessToken: grant must be');
    expect(() => emulator.issueAccessToken('implicit', { lifetimeSeconds: 0 })).toThrow('MoltinEmulator issueAccessToken lifetimeSeconds must be a positive integer');
  });
});
