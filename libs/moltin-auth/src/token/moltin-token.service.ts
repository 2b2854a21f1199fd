import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';

import { MoltinAuthError } from '../errors/moltin-auth.error.js';
import { ResolvedMoltinAuthOptions } from '../interfaces/moltin-auth-module-options.interface.js';
import { MoltinGrantType } from '../moltin-auth.constants.js';
import { MOLTIN_AUTH_RESOLVED_OPTIONS } from '../moltin-auth.internal-constants.js';
import { MoltinAuthMessages } from '../moltin-auth.messages.js';
import { MoltinClock } from '../moltin-clock.js';
import { computeBackoffDelay } from '../utils/backoff.util.js';
import { fingerprint } from '../utils/fingerprint.util.js';
import { AccessTokenClient } from './access-token.client.js';
import { MoltinAccessToken } from './moltin-access-token.interface.js';
import { TokenRefreshScheduler } from './token-refresh.scheduler.js';

/**
 * Cache entry of one grant: the token held, the single in-flight request, and the refresh state.
 */
interface TokenSlot {
  grantType: MoltinGrantType;
  timeoutName: string;
  current?: MoltinAccessToken;
  /** When the held token enters its refresh margin, in epoch milliseconds. */
  refreshAtMs?: number;
  inFlight?: Promise<MoltinAccessToken>;
  failedRefreshes: number;
}

export interface RefreshOptions {
  /**
   * Token that the API has just rejected. When the held token is already a different, valid one
   * (another caller refreshed first), it is returned without a new request.
   */
  rejectedAccessToken?: string;
}

// Floor of the delay before a scheduled refresh, so a server that issues very short-lived tokens
// cannot drive back-to-back token requests. A token that expires sooner is requested on demand.
const MIN_REFRESH_DELAY_MS = 1_000;

let instanceCount = 0;

/**
 * Obtains, caches and refreshes the application's access tokens.
 *
 * Tokens are cached per base URL, client ID and grant type. However many callers wait, one
 * `POST /oauth/access_token` is in flight per grant at a time (single-flight), and each token
 * schedules its own refresh ahead of expiry.
 */
@Injectable()
export class MoltinTokenService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(MoltinTokenService.name);
  private readonly slots = new Map<string, TokenSlot>();
  private readonly instanceId = ++instanceCount;
  private closed = false;

  constructor(
    @Inject(MOLTIN_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedMoltinAuthOptions,
    private readonly client: AccessTokenClient,
    private readonly scheduler: TokenRefreshScheduler,
    private readonly clock: MoltinClock,
  ) {}

  /** Grant used when a caller names none. */
  get defaultGrant(): MoltinGrantType {
    return this.options.defaultGrant;
  }

  /** API base URL the tokens are valid for, without a trailing slash. */
  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /**
   * Returns a valid access token, from the cache unless the cached one is within the refresh
   * margin of its expiry.
   *
   * @throws MoltinAuthError when no valid token can be obtained.
   */
  async getAccessToken(grant?: MoltinGrantType): Promise<string> {
    return (await this.getToken(grant)).accessToken;
  }

  /**
   * Returns a valid token with its grant type, token type and expiry.
   *
   * A caller waits only when no valid token is held. A held token inside its refresh margin is
   * returned at once while the refresh runs in the background, normally already started by the
   * scheduled timeout.
   *
   * @throws MoltinAuthError when no valid token is held and none can be obtained.
   */
  async getToken(grant?: MoltinGrantType): Promise<MoltinAccessToken> {
    const slot = this.slotFor(grant);
    const held = this.validToken(slot);

    if (!held) {
      return this.fetchToken(slot);
    }

    if (this.clock.now() >= (slot.refreshAtMs ?? 0)) {
      this.refreshInBackground(slot);
    }

    return held;
  }

  /**
   * Requests a new token now, sharing any request already in flight for that grant.
   */
  async refresh(grant?: MoltinGrantType, options: RefreshOptions = {}): Promise<MoltinAccessToken> {
    const slot = this.slotFor(grant);
    const rejected = options.rejectedAccessToken;

    if (rejected !== undefined) {
      const held = this.validToken(slot);

      if (held && held.accessToken !== rejected) {
        return held;
      }

      if (held) {
        this.drop(slot);
      }
    }

    return this.fetchToken(slot);
  }

  /**
   * Drops the cached token of a grant and its scheduled refresh. The next caller requests a new
   * one.
   */
  invalidate(grant?: MoltinGrantType): void {
    this.drop(this.slotFor(grant));
  }

  /**
   * Returns the held token when it has not expired, without any request.
   */
  peekToken(grant?: MoltinGrantType): MoltinAccessToken | undefined {
    return this.validToken(this.slotFor(grant));
  }

  beforeApplicationShutdown(): void {
    this.closed = true;
    this.scheduler.cancelAll();
  }

  private slotFor(grant: MoltinGrantType = this.options.defaultGrant): TokenSlot {
    if (grant === MoltinGrantType.ClientCredentials && !this.options.clientSecret) {
      throw new MoltinAuthError(MoltinAuthMessages.grantNotConfigured(), { code: 'grant_not_configured', grantType: grant });
    }

    const key = `${this.options.baseUrl}|${this.options.clientId}|${grant}`;
    let slot = this.slots.get(key);

    if (!slot) {
      slot = { grantType: grant, timeoutName: `moltin-auth:refresh:${grant}:${fingerprint(key)}:${this.instanceId}`, failedRefreshes: 0 };
      this.slots.set(key, slot);
    }

    return slot;
  }

  private fetchToken(slot: TokenSlot): Promise<MoltinAccessToken> {
    if (this.closed) {
      return Promise.reject(new MoltinAuthError(MoltinAuthMessages.shuttingDown(slot.grantType), { code: 'shutting_down', grantType: slot.grantType }));
    }

    if (!slot.inFlight) {
      slot.inFlight = this.requestAndStore(slot);
    }

    return slot.inFlight;
  }

  private async requestAndStore(slot: TokenSlot): Promise<MoltinAccessToken> {
    try {
      const token = await this.client.requestToken(slot.grantType);
      this.store(slot, token);

      return token;
    } finally {
      slot.inFlight = undefined;
    }
  }

  private store(slot: TokenSlot, token: MoltinAccessToken): void {
    const now = this.clock.now();
    const expiresAtMs = token.expiresAt.getTime();
    const marginMs = Math.min(this.options.refreshMarginSeconds * 1000, (expiresAtMs - now) / 2);

    slot.current = token;
    slot.refreshAtMs = Math.max(expiresAtMs - marginMs, now + MIN_REFRESH_DELAY_MS);
    slot.failedRefreshes = 0;

    this.logger.log(`Obtained ${token.grantType} access token ${fingerprint(token.accessToken)}, expires at ${token.expiresAt.toISOString()}`);
    this.scheduleRefresh(slot, slot.refreshAtMs - now);
  }

  private scheduleRefresh(slot: TokenSlot, delayMs: number): void {
    if (this.closed) {
      return;
    }

    this.scheduler.schedule(slot.timeoutName, delayMs, () => void this.runScheduledRefresh(slot));
    this.logger.debug(`Refresh of the ${slot.grantType} access token scheduled in ${Math.round(delayMs)} ms`);
  }

  /**
   * Starts a refresh unless one is in flight or scheduled: a scheduled one is either due any
   * moment or a retry waiting out its backoff, which callers must not cut short.
   */
  private refreshInBackground(slot: TokenSlot): void {
    if (!slot.inFlight && !this.scheduler.isScheduled(slot.timeoutName)) {
      void this.runScheduledRefresh(slot);
    }
  }

  private async runScheduledRefresh(slot: TokenSlot): Promise<void> {
    try {
      await this.fetchToken(slot);
    } catch (error) {
      this.onRefreshFailed(slot, error);
    }
  }

  private onRefreshFailed(slot: TokenSlot, error: unknown): void {
    if (this.closed) {
      return;
    }

    const reason = error instanceof Error ? error.message : String(error);
    const held = this.validToken(slot);
    slot.failedRefreshes += 1;

    if (!held) {
      this.drop(slot);
      this.logger.error(`Refresh of the ${slot.grantType} access token failed: ${reason}. No valid token is held; the next caller requests a new one`);
      return;
    }

    const untilExpiryMs = held.expiresAt.getTime() - this.clock.now();
    const retryInMs = Math.min(computeBackoffDelay(slot.failedRefreshes, this.options.retry), untilExpiryMs);

    this.logger.warn(
      `Refresh of the ${slot.grantType} access token failed: ${reason}. Retry ${slot.failedRefreshes} in ${retryInMs} ms; the held token stays valid until ${held.expiresAt.toISOString()}`,
    );
    this.scheduleRefresh(slot, retryInMs);
  }

  private validToken(slot: TokenSlot): MoltinAccessToken | undefined {
    const held = slot.current;

    return held && this.clock.now() < held.expiresAt.getTime() ? held : undefined;
  }

  private drop(slot: TokenSlot): void {
    slot.current = undefined;
    slot.refreshAtMs = undefined;
    this.scheduler.cancel(slot.timeoutName);
  }
}
