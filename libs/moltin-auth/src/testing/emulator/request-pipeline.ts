import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

import type { EmulatorRequest } from './emulator-request.js';
import { matchRoute } from './emulator-router.js';
import type { EmulatorState } from './emulator-state.js';
import type { FaultInjector } from './fault-injector.js';
import type { EmulatorResponse } from './json-api-error.js';
import type { EmulatorLogger } from './moltin-emulator.interfaces.js';
import type { RateLimiter } from './rate-limiter.js';
import {
  MAX_REQUEST_BODY_BYTES,
  parseBodyForRecord,
  parseMediaType,
  readRequestBody,
  type RequestBodyResult,
} from './request-body.js';
import type { RequestLog } from './request-log.js';

/** Parts of the emulator that the pipeline reads and updates. */
export interface PipelineDependencies {
  readonly state: EmulatorState;
  readonly requestLog: RequestLog;
  readonly faults: FaultInjector;
  readonly rateLimiter: RateLimiter;
  readonly delays: PendingDelays;
  readonly logger: EmulatorLogger | undefined;
  isStopped(): boolean;
}

/** Latency timers still pending, so that `stop()` can cancel them and leave no open handles. */
export class PendingDelays {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  /** Resolves after `ms` milliseconds, or at once when `cancelAll` runs first. */
  wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  cancelAll(): void {
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}

/**
 * Turns one HTTP request into one JSON response, in these steps:
 * 1. count the request for its route;
 * 2. read the body, with 413 past 64 KiB;
 * 3. record the request;
 * 4. wait for the injected latency;
 * 5. apply the rate limit, with 429;
 * 6. match a route, with 404 when none matches;
 * 7. send a queued injected response, if any;
 * 8. run the route handler.
 * Every error becomes a JSON:API response, so nothing is thrown out of the server.
 */
export class RequestPipeline {
  constructor(private readonly deps: PipelineDependencies) {}

  /** Listener for the `request` event of a `node:http` server. */
  readonly listener = (request: IncomingMessage, response: ServerResponse): void => {
    // Errors after the body is read mean the client disconnected, so no response can reach it.
    request.on('error', ignoreError);
    response.on('error', ignoreError);
    void this.process(request, response);
  };

  private async process(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { state, requestLog, faults, rateLimiter, delays } = this.deps;
    const receivedAt = Date.now();
    const method = request.method ?? 'GET';
    const rawUrl = request.url ?? '/';

    try {
      const url = parseRequestUrl(rawUrl);
      if (url === undefined) {
        await discardBody(request);
        send(response, state.errorResponse(400, 'Bad Request', 'The request target must be a path starting with "/".'));
        return;
      }

      const match = matchRoute(method, url.pathname);
      if (match !== undefined) {
        requestLog.increment(match.route);
      }

      let body: RequestBodyResult;
      try {
        body = await readRequestBody(request);
      } catch {
        return; // The client disconnected while sending the body.
      }

      const emulatorRequest: EmulatorRequest = {
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: flattenHeaders(request.headers),
        mediaType: parseMediaType(request.headers['content-type']),
        bodyText: body.kind === 'ok' ? body.text : '',
      };
      if (match !== undefined) {
        requestLog.record(match.route, {
          method,
          path: emulatorRequest.path,
          query: emulatorRequest.query,
          headers: emulatorRequest.headers,
          body: parseBodyForRecord(emulatorRequest.bodyText, emulatorRequest.mediaType),
          receivedAt,
        });
      }

      if (body.kind === 'tooLarge') {
        const detail = `The request body exceeds the limit of ${MAX_REQUEST_BODY_BYTES} bytes.`;
        send(response, state.errorResponse(413, 'Payload Too Large', detail), !body.drained);
        return;
      }

      const latencyMs = faults.latencyFor(match?.route);
      if (latencyMs > 0) {
        await delays.wait(latencyMs);
        if (this.deps.isStopped()) {
          return;
        }
      }

      if (!rateLimiter.tryAcquire()) {
        const detail = `The rate limit of ${rateLimiter.limitPerSecond} requests per second was exceeded.`;
        send(response, state.errorResponse(429, 'Too Many Requests', detail));
        return;
      }

      if (match === undefined) {
        send(response, state.errorResponse(404, 'Not Found', `No route matches ${method} ${url.pathname}.`));
        return;
      }

      const injected = faults.takeNext(match.route);
      if (injected !== undefined) {
        const injectedBody = injected.body === undefined ? state.errorResponse(injected.status).body : injected.body;
        send(response, { status: injected.status, body: injectedBody });
        return;
      }

      send(response, match.handler({ request: emulatorRequest, params: match.params, state }));
    } catch (error) {
      this.deps.logger?.error(`MoltinEmulator failed to handle ${method} ${pathOf(rawUrl)}: ${describeError(error)}`);
      send(
        response,
        state.errorResponse(500, 'Internal Server Error', 'there was a problem processing your request'),
      );
    }
  }
}

/** Writes a JSON response unless one was already sent or the connection is gone. */
function send(response: ServerResponse, emulatorResponse: EmulatorResponse, closeConnection = false): void {
  if (response.headersSent || response.destroyed) {
    return;
  }

  const { status, body } = emulatorResponse;
  let payload: string | Buffer;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    payload = body;
  } else if (body === undefined) {
    payload = '';
  } else {
    payload = JSON.stringify(body);
  }
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...(closeConnection ? { connection: 'close' } : {}),
  });
  response.end(payload);

  if (closeConnection) {
    // The unread rest of the body would otherwise keep the socket busy.
    response.once('finish', () => response.socket?.destroy());
  }
}

function parseRequestUrl(rawUrl: string): URL | undefined {
  if (!rawUrl.startsWith('/')) {
    return undefined;
  }
  try {
    // A fixed origin keeps a path such as "//host/x" from being read as a host name.
    return new URL(`http://emulator${rawUrl}`);
  } catch {
    return undefined;
  }
}

async function discardBody(request: IncomingMessage): Promise<void> {
  try {
    await readRequestBody(request);
  } catch {
    // The client disconnected; the caller's response write is then skipped.
  }
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      flat[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return flat;
}

/** Returns the path of a request target without its query string, which may carry secrets. */
function pathOf(rawUrl: string): string {
  return rawUrl.split('?')[0] ?? rawUrl;
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function ignoreError(): void {}
