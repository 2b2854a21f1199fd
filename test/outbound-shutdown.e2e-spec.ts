import { Test } from '@nestjs/testing';
import { MoltinAuthError, MoltinAuthModule, MoltinHttpService } from 'nestjs-moltin-auth';
import { MoltinEmulator } from 'nestjs-moltin-auth/testing';
import { firstValueFrom } from 'rxjs';

describe('MoltinHttpService around shutdown', () => {
  let emulator: MoltinEmulator;

  beforeEach(async () => {
    emulator = await MoltinEmulator.start({ logger: false });
  });

  afterEach(async () => {
    await emulator.stop();
  });

  async function startApp() {
    const moduleRef = await Test.createTestingModule({
      imports: [
        MoltinAuthModule.forRoot({
          baseUrl: emulator.url,
          clientId: emulator.clientId,
          clientSecret: emulator.clientSecret,
          retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 40 },
        }),
      ],
    }).compile();

    return moduleRef.init();
  }

  it('sends nothing after the app has closed', async () => {
    const app = await startApp();
    const http = app.get(MoltinHttpService);
    await app.close();

    const error = await firstValueFrom(http.get('/v2/products')).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MoltinAuthError);
    expect(error).toMatchObject({ code: 'shutting_down' });
    expect(emulator.requestCount('products')).toBe(0);
  });

  it('raises no listener warning with many calls in retry', async () => {
    const app = await startApp();
    const http = app.get(MoltinHttpService);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    // Every attempt fails, so each of the 20 calls makes exactly 3 attempts.
    emulator.failNext('products', 1_000, 503);

    try {
      const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => firstValueFrom(http.get('/v2/products'))));
      expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
      await app.close();
    }

    expect(warnings).not.toContain('MaxListenersExceededWarning');
    expect(emulator.requestCount('products')).toBe(60);
  });

  it('lets a call in flight finish when the app closes', async () => {
    const app = await startApp();
    const http = app.get(MoltinHttpService);
    await firstValueFrom(http.get('/v2/products'));
    emulator.setLatency('products', 300);

    const inFlight = firstValueFrom(http.get('/v2/products'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.close();
    const response = await inFlight;
    await new Promise((resolve) => setImmediate(resolve));

    expect(response.status).toBe(200);
    expect(Object.keys(http.axiosRef.defaults.httpAgent.freeSockets)).toEqual([]);
  });
});
