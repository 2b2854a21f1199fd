import { Controller, Get, HttpStatus, Logger, Res } from '@nestjs/common';
import { MoltinTokenService } from 'nestjs-moltin-auth';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  accessToken: { held: boolean; grantType: string; expiresAt?: string };
}

/**
 * Reports whether the app has a valid access token, without waiting on the store. When none is
 * held it starts a token request in the background, so a later check can pass. The token itself is
 * never part of the response.
 */
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(private readonly tokens: MoltinTokenService) {}

  @Get()
  check(@Res({ passthrough: true }) response: { status(code: number): unknown }): HealthReport {
    const grantType = this.tokens.defaultGrant;
    const token = this.tokens.peekToken();

    if (token) {
      return { status: 'ok', accessToken: { held: true, grantType, expiresAt: token.expiresAt.toISOString() } };
    }

    // MoltinTokenService shares one request however often this runs, and logs its own failures.
    this.tokens.getToken().catch((error: unknown) => this.logger.debug(`Background token request failed: ${String(error)}`));
    response.status(HttpStatus.SERVICE_UNAVAILABLE);

    return { status: 'unavailable', accessToken: { held: false, grantType } };
  }
}
