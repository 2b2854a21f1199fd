import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { MoltinAuthError, MoltinTokenService } from 'nestjs-moltin-auth';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  accessToken: { held: boolean; grantType: string; expiresAt?: string; error?: string };
}

/**
 * Reports whether the app holds a valid access token, obtaining one if it holds none. The token
 * itself is never part of the answer.
 */
@Controller('health')
export class HealthController {
  constructor(private readonly tokens: MoltinTokenService) {}

  @Get()
  @HttpCode(HttpStatus.OK)
  async check(@Res({ passthrough: true }) response: { status(code: number): unknown }): Promise<HealthReport> {
    const grantType = this.tokens.defaultGrant;

    try {
      const token = this.tokens.peekToken() ?? (await this.tokens.getToken());

      return { status: 'ok', accessToken: { held: true, grantType, expiresAt: token.expiresAt.toISOString() } };
    } catch (error) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      const reason = error instanceof MoltinAuthError ? error.code : 'unknown_error';

      return { status: 'unavailable', accessToken: { held: false, grantType, error: reason } };
    }
  }
}
