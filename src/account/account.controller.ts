import { Controller, Get } from '@nestjs/common';
import { CurrentCustomer, MoltinCustomer, RequireCustomer } from 'nestjs-moltin-auth';

@Controller('account')
@RequireCustomer()
export class AccountController {
  @Get('me')
  me(@CurrentCustomer() customer: MoltinCustomer): { data: MoltinCustomer } {
    return { data: customer };
  }
}
