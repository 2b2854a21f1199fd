import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MoltinApiError, MoltinAuthError } from 'nestjs-moltin-auth';

/**
 * Converts failed store calls into JSON responses. A failed token request, an unreachable store,
 * 429 or 5xx gives 503, and any other failed API call gives 502 with the API's status. Neither
 * error type contains tokens, so the response cannot leak one.
 */
const LOG_INTERVAL_MS = 1_000;

@Catch(MoltinAuthError, MoltinApiError)
export class MoltinErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(MoltinErrorFilter.name);
  private lastLogMs = Number.NEGATIVE_INFINITY;
  private unlogged = 0;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: MoltinAuthError | MoltinApiError, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response = host.switchToHttp().getResponse<unknown>();
    const unavailable = error instanceof MoltinAuthError || error.code !== 'http_error' || error.status === 429 || (error.status ?? 500) >= 500;
    const status = unavailable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY;

    this.logFailure(error);
    httpAdapter.reply(
      response,
      { statusCode: status, message: unavailable ? 'The store is unavailable; try again shortly' : 'The store rejected the request', upstreamStatus: error.status },
      status,
    );
  }

  /** Logs at most one failure per second, with the count of those left out, so an outage cannot flood the log. */
  private logFailure(error: Error): void {
    const now = Date.now();

    if (now - this.lastLogMs < LOG_INTERVAL_MS) {
      this.unlogged += 1;
      return;
    }

    const left = this.unlogged > 0 ? ` (${this.unlogged} more failures since the previous message)` : '';
    this.logger.warn(`Store call failed: ${error.message}${left}`);
    this.lastLogMs = now;
    this.unlogged = 0;
  }
}
