import { Controller, Get } from '@nestjs/common';

import { ProductSummary, ProductsService } from './products.service';

@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  async list(): Promise<{ data: ProductSummary[] }> {
    return { data: await this.products.list() };
  }
}
