import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, OnApplicationShutdown, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import axios, { AxiosInstance } from 'axios';

import { ResolvedMoltinAuthOptions } from '../interfaces/moltin-auth-module-options.interface.js';
import { MOLTIN_AUTH_RESOLVED_OPTIONS } from '../moltin-auth.internal-constants.js';
import { MoltinAuthError } from '../errors/moltin-auth.error.js';
import { MoltinBearerInterceptor } from './moltin-bearer.interceptor.js';
import { MoltinHttpMessages } from './moltin-http.messages.js';

/**
 * `HttpService` for the Moltin API: its axios instance has `baseURL` set to the module's `baseUrl`,
 * `timeout` set to `http.timeoutMs`, and {@link MoltinBearerInterceptor} attached from
 * `onModuleInit()` until the module is destroyed.
 *
 * Its observables emit the axios response. When an API call still fails after its retries, they
 * error with `MoltinApiError`, which has the status, the API's `errors[]`, method and path, and
 * never a token. They error with `MoltinAuthError` when no access token can be obtained, and with
 * `TypeError` for an invalid `moltin` request option. Calls to other origins through it get no
 * token, and their errors are the plain axios errors.
 *
 * @example
 * const { data } = await firstValueFrom(this.moltinHttp.get('/v2/products', { moltin: { grant: 'implicit' } }));
 */
@Injectable()
export class MoltinHttpService extends HttpService implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private detach?: () => void;

  // Parameter 0 must name its token, because the subclass inherits HttpService's
  // @Inject(AXIOS_INSTANCE_TOKEN) metadata for that position.
  constructor(
    @Inject(MOLTIN_AUTH_RESOLVED_OPTIONS) options: ResolvedMoltinAuthOptions,
    @Inject(MoltinBearerInterceptor) private readonly bearer: MoltinBearerInterceptor,
  ) {
    super(createApiAxiosInstance(options));
  }

  onModuleInit(): void {
    this.detach = this.bearer.attachTo(this.axiosRef);
  }

  /**
   * Detaches the interceptor and makes every later call fail with `MoltinAuthError`
   * (`shutting_down`), so nothing is sent to the API without a token while the app closes.
   */
  onModuleDestroy(): void {
    this.detach?.();
    this.axiosRef.interceptors.request.use(() =>
      Promise.reject(new MoltinAuthError(MoltinHttpMessages.calledAfterShutdown(), { code: 'shutting_down' })),
    );
  }

  /**
   * Closes the idle keep-alive sockets of the instance's own agents and stops keeping sockets
   * alive, so calls still in flight complete and then leave no socket open.
   */
  onApplicationShutdown(): void {
    const { httpAgent, httpsAgent } = this.axiosRef.defaults;

    stopKeepAlive(httpAgent as HttpAgent);
    stopKeepAlive(httpsAgent as HttpsAgent);
  }
}

function stopKeepAlive(agent: HttpAgent | HttpsAgent): void {
  // An agent reads keepAlive each time a request ends, so sockets freed from now on are closed.
  (agent as unknown as { keepAlive: boolean }).keepAlive = false;

  for (const sockets of Object.values(agent.freeSockets)) {
    for (const socket of sockets ?? []) {
      socket.destroy();
    }
  }
}

function createApiAxiosInstance(options: ResolvedMoltinAuthOptions): AxiosInstance {
  return axios.create({
    baseURL: options.baseUrl,
    timeout: options.http.timeoutMs,
    headers: { Accept: 'application/json' },
    httpAgent: new HttpAgent({ keepAlive: true }),
    httpsAgent: new HttpsAgent({ keepAlive: true }),
  });
}
