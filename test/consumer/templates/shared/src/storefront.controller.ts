import { Controller, Get, UseGuards } from '@nestjs/common';
import { CurrentCustomer, CustomerAuthGuard, MoltinHttpService, RequireCustomer } from 'nestjs-moltin-auth';
import type { MoltinCustomer } from 'nestjs-moltin-auth';
import { firstValueFrom } from 'rxjs';

interface ProductList {
  data: Array<{ id: string; attributes?: { name?: string } }>;
}

@Controller()
export class StorefrontController {
  constructor(private readonly moltinHttp: MoltinHttpService) {}

  /** Outbound route: lists the store's products with the app's access token. */
  @Get('products')
  async products(): Promise<{ count: number }> {
    const { data } = await firstValueFrom(this.moltinHttp.get<ProductList>('/v2/products'));

    return { count: data.data.length };
  }

  /** Guarded route: returns the customer only for a request with a valid customer token. */
  @Get('me')
  @UseGuards(CustomerAuthGuard)
  me(@CurrentCustomer() customer: MoltinCustomer): { id: string; email: string } {
    return { id: customer.id, email: customer.email };
  }

  /** Guarded route whose outbound call carries the customer token. */
  @Get('me/products')
  @RequireCustomer()
  async myProducts(@CurrentCustomer('id') customerId: string): Promise<{ customerId: string; count: number }> {
    const { data } = await firstValueFrom(this.moltinHttp.get<ProductList>('/v2/products'));

    return { customerId, count: data.data.length };
  }
}
