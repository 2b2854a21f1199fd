import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MoltinApiError, MoltinAuthError } from 'nestjs-moltin-auth';

/**
 * Converts failed store calls into JSON responses. A failed token request, an unreachable store,
 * 429 or 5xx gives 503, and any other failed API call gives 502 with the API's status. Neither
 * error type contains tokens, so the response cannot leak one.
 */
@Catch(MoltinAuthError, MoltinApiError)
export class MoltinErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(MoltinErrorFilter.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: MoltinAuthError | MoltinApiError, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response = host.switchToHttp().getResponse<unknown>();
    const unavailable = error instanceof MoltinAuthError || error.code !== 'http_error' || error.status === 429 || (error.status ?? 500) >= 500;
    const status = unavailable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY;

    this.logger.warn(`Store call failed: ${error.message}`);
    httpAdapter.reply(
      response,
      { statusCode: status, message: unavailable ? 'The store is unavailable; try again shortly' : 'The store rejected the request', upstreamStatus: error.status },
      status,
    );
  }
}
