import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { MoltinCustomerAuthService } from 'nestjs-moltin-auth';

import { LoginDto } from './login.dto';

export interface LoginResponse {
  token: string;
  customerId: string;
  expiresAt: string;
}

/**
 * Shopper login. The customer token goes back to the shopper, who sends it as
 * `X-Moltin-Customer-Token` on later requests.
 */
@Controller('auth')
export class AuthController {
  constructor(private readonly customers: MoltinCustomerAuthService) {}

  @Post('login')
  @HttpCode(HttpStatus.OK)
  async login(@Body() credentials: LoginDto): Promise<LoginResponse> {
    const session = await this.customers.login(credentials);

    return { token: session.token, customerId: session.customerId, expiresAt: session.expiresAt.toISOString() };
  }
}
