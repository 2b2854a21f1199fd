import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MoltinTokenService } from 'nestjs-moltin-auth';
import { ManualClock, MoltinAuthTestHarness, MoltinAuthTestingModule, MoltinEmulator } from 'nestjs-moltin-auth/testing';

import { waitFor } from './support/wait';

// A test can move through a whole token lifetime in milliseconds: the ManualClock of the testing
// module drives both the expiry checks and the scheduled refresh.
describe('MoltinAuthTestingModule clock', () => {
  let emulator: MoltinEmulator;
  let app: INestApplicationContext;
  let clock: ManualClock;
  let tokens: MoltinTokenService;
  let harness: MoltinAuthTestHarness;

  beforeEach(async () => {
    emulator = await MoltinEmulator.start({ logger: false });
    const moduleRef = await Test.createTestingModule({ imports: [MoltinAuthTestingModule.forEmulator(emulator)] }).compile();
    app = await moduleRef.init();
    clock = app.get(ManualClock);
    tokens = app.get(MoltinTokenService);
    harness = app.get(MoltinAuthTestHarness);
  });

  afterEach(async () => {
    await app.close();
    await emulator.stop();
  });

  it('runs the scheduled refresh when the clock reaches it', async () => {
    const first = await tokens.getAccessToken();

    clock.advance(3_600_000 - 61_000);
    const beforeRefresh = harness.tokenRequestCount();
    clock.advance(2_000);
    await waitFor(() => harness.tokenRequestCount() === 2, 2_000, 'the scheduled refresh');
    await waitFor(() => tokens.peekToken()?.accessToken !== first, 1_000, 'the new token');

    expect(beforeRefresh).toBe(1);
    expect(emulator.isAccessTokenValid(tokens.peekToken()?.accessToken ?? '')).toBe(true);
    expect(clock.pendingTimers).toBe(1);
  });

  it('keeps one refresh timer per grant through many refreshes', async () => {
    await tokens.getAccessToken();

    for (let refresh = 2; refresh <= 5; refresh++) {
      clock.advance(3_600_000);
      await waitFor(() => harness.tokenRequestCount() === refresh, 2_000, `refresh ${refresh}`);
      await waitFor(() => clock.pendingTimers === 1, 1_000, 'the next refresh to be scheduled');
    }

    expect(harness.tokenRequestCount()).toBe(5);
  });

  it('leaves no timer after the app closes', async () => {
    await tokens.getAccessToken();

    await app.close();

    expect(clock.pendingTimers).toBe(0);
  });
});
