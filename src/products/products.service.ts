import { Injectable } from '@nestjs/common';
import { MoltinHttpService } from 'nestjs-moltin-auth';
import { firstValueFrom } from 'rxjs';

export interface ProductSummary {
  id: string;
  name: string;
  sku: string;
}

interface ProductListResponse {
  data: Array<{ id: string; attributes?: { name?: string; sku?: string } }>;
}

/**
 * Reads the store's catalog through `MoltinHttpService`, which adds the access token.
 */
@Injectable()
export class ProductsService {
  constructor(private readonly http: MoltinHttpService) {}

  async list(): Promise<ProductSummary[]> {
    const response = await firstValueFrom(this.http.get<ProductListResponse>('/v2/products'));

    return response.data.data.map((product) => ({
      id: product.id,
      name: product.attributes?.name ?? '',
      sku: product.attributes?.sku ?? '',
    }));
  }
}
