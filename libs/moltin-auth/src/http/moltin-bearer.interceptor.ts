import { setMaxListeners } from 'node:events';

import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import axios, { AxiosInstance, InternalAxiosRequestConfig } from 'axios';

import { MoltinRequestContext } from '../context/moltin-request-context.js';
import { ResolvedMoltinAuthOptions } from '../interfaces/moltin-auth-module-options.interface.js';
import { MOLTIN_AUTH_RESOLVED_OPTIONS } from '../moltin-auth.internal-constants.js';
import { MoltinTokenService } from '../token/moltin-token.service.js';
import { createMoltinApiError, MoltinApiError, secretsInHeaders } from './moltin-api.error.js';
import { MoltinHttpMessages } from './moltin-http.messages.js';
import { applyPlanHeaders, planRequest } from './outbound-request-plan.js';
import { OriginAllowList, resolveRequestUrl } from './origin-allow-list.js';
import { guardRedirects, resolveAdapter } from './redirect-guard.js';
import { createRetryingAdapter } from './retrying-adapter.js';

/** Anything that exposes its axios instance, such as `HttpService` from `@nestjs/axios`. */
export interface AxiosInstanceHolder {
  readonly axiosRef: AxiosInstance;
}

/**
 * Axios interceptor that authorizes calls to the Moltin API with the module's access tokens.
 *
 * Attach it to an axios instance, usually an `HttpService`'s, from a provider's `onModuleInit()`;
 * `MoltinHttpService` comes with it attached. For each request whose resolved URL (`baseURL` plus
 * `url`) has an origin in `http.allowedOrigins` (the API's own origin is always one), has no
 * userinfo and is not under `/oauth/`, it:
 *
 * - sets `Authorization: Bearer <token>` from `MoltinTokenService`, unless the request already
 *   has an Authorization header;
 * - sends the incoming request's customer token, from `MoltinRequestContext`, in
 *   `X-Moltin-Customer-Token` with an `implicit` token, unless the request names the
 *   `client_credentials` grant or sets `moltin.customerToken`;
 * - removes both headers when a redirect leaves the allowed origins, or turns redirects off for
 *   adapters other than Node.js `http`;
 * - after a 401 that blames the access token it attached, refreshes the token once (one token
 *   request however many requests failed together) and sends the request once more;
 * - retries 429, 5xx, network errors and time-outs of GET, HEAD, OPTIONS, PUT and DELETE (and of
 *   POST or PATCH with `moltin: { idempotent: true }`) with backoff, up to `retry.attempts`
 *   attempts in all, logging each retry with method, path and attempt;
 * - rejects with `MoltinApiError` instead of the axios error, whose config contains the tokens.
 *
 * Statuses the request's `validateStatus` accepts are returned unchanged, without refresh or retry.
 * Requests to any other URL pass through untouched. Every attachment is ejected when the module is
 * destroyed.
 *
 * @example
 * // A provider in a module that imports HttpModule and can inject from MoltinAuthModule:
 * constructor(private readonly http: HttpService, private readonly bearer: MoltinBearerInterceptor) {}
 *
 * onModuleInit(): void {
 *   this.bearer.attachTo(this.http);
 * }
 */
@Injectable()
export class MoltinBearerInterceptor implements OnModuleDestroy {
  private readonly logger = new Logger(MoltinBearerInterceptor.name);
  private readonly allowList: OriginAllowList;
  private readonly attachments = new Map<AxiosInstance, () => void>();
  private readonly shutdown = new AbortController();

  constructor(
    @Inject(MOLTIN_AUTH_RESOLVED_OPTIONS) private readonly options: ResolvedMoltinAuthOptions,
    private readonly tokens: MoltinTokenService,
    private readonly context: MoltinRequestContext,
  ) {
    this.allowList = new OriginAllowList(options.http.allowedOrigins);
    // Every retry wait listens to this signal, and an outage puts many calls into retry at once.
    setMaxListeners(0, this.shutdown.signal);
  }

  /**
   * Registers the interceptor on an axios instance, or on the instance of an `HttpService`.
   * Attaching twice to one instance registers it once.
   *
   * @returns a function that ejects the interceptor again; calling it twice is harmless.
   * @throws Error when the module has already been destroyed.
   */
  attachTo(target: AxiosInstance | AxiosInstanceHolder): () => void {
    if (this.shutdown.signal.aborted) {
      throw new Error(MoltinHttpMessages.attachedAfterShutdown());
    }

    const instance = isAxiosInstanceHolder(target) ? target.axiosRef : target;
    const existing = this.attachments.get(instance);

    if (existing) {
      return existing;
    }

    const requestId = instance.interceptors.request.use((config) => this.authorize(config));
    const responseId = instance.interceptors.response.use(undefined, (error: unknown) => Promise.reject(this.toSafeError(error)));
    const detach = (): void => {
      if (this.attachments.get(instance) !== detach) {
        return;
      }

      instance.interceptors.request.eject(requestId);
      instance.interceptors.response.eject(responseId);
      this.attachments.delete(instance);
    };

    this.attachments.set(instance, detach);

    return detach;
  }

  /**
   * Ejects every attachment and ends pending retry waits, so no request keeps the application
   * alive and later calls through the same instances carry no token.
   */
  onModuleDestroy(): void {
    this.shutdown.abort();

    for (const detach of [...this.attachments.values()]) {
      detach();
    }
  }

  private async authorize(config: InternalAxiosRequestConfig): Promise<InternalAxiosRequestConfig> {
    const plan = planRequest(config, {
      allowList: this.allowList,
      defaultGrant: this.tokens.defaultGrant,
      contextCustomerToken: this.context.current()?.customerToken,
    });

    if (!plan) {
      return config;
    }

    const adapter = resolveAdapter(config);
    const accessToken = plan.grant === undefined ? undefined : await this.tokens.getAccessToken(plan.grant);

    applyPlanHeaders(config, plan, accessToken);
    guardRedirects(config, adapter, this.allowList);
    config.adapter = createRetryingAdapter(adapter, {
      plan,
      accessToken,
      tokens: this.tokens,
      retry: this.options.retry,
      logger: this.logger,
      shutdownSignal: this.shutdown.signal,
    });

    return config;
  }

  /**
   * Replaces an axios error of a managed request, such as the `CanceledError` axios raises after
   * the adapter, with a `MoltinApiError`. Errors of other requests and non-axios errors, such as a
   * `MoltinAuthError` when no token could be obtained, pass through.
   */
  private toSafeError(error: unknown): unknown {
    if (error instanceof MoltinApiError || !axios.isAxiosError(error) || !error.config) {
      return error;
    }

    const url = error.config.socketPath ? undefined : resolveRequestUrl(error.config);

    if (!url || !this.allowList.manages(url)) {
      return error;
    }

    const method = (error.config.method ?? 'get').toUpperCase();

    return createMoltinApiError(error, { method, path: url.pathname, secrets: secretsInHeaders(error.config.headers) });
  }
}

function isAxiosInstanceHolder(target: AxiosInstance | AxiosInstanceHolder): target is AxiosInstanceHolder {
  return 'axiosRef' in target;
}
