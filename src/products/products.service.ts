import { BadGatewayException, Injectable } from '@nestjs/common';
import { MoltinGrantType, MoltinHttpService } from 'nestjs-moltin-auth';
import { firstValueFrom } from 'rxjs';

export interface ProductSummary {
  id: string;
  name: string;
  sku: string;
}

/**
 * Reads the store's live catalog through `MoltinHttpService`, which adds the access token.
 *
 * It requests the list with an implicit token: that grant
 * reads live products only, so drafts never reach a
 * public route. A client_credentials token would list every product, drafts included.
 */
@Injectable()
export class ProductsService {
  constructor(private readonly http: MoltinHttpService) {}

  async list(): Promise<ProductSummary[]> {
    const response = await firstValueFrom(this.http.get<unknown>('/v2/products', { moltin: { grant: MoltinGrantType.Implicit } }));

    return toProductSummaries(response.data);
  }
}

function toProductSummaries(body: unknown): ProductSummary[] {
  const products = isRecord(body) ? body.data : undefined;

  if (!Array.isArray(products) || !products.every((product) => isRecord(product) && typeof product.id === 'string')) {
    throw new BadGatewayException('The store returned a product list in an unexpected format');
  }

  return products.map((product: Record<string, unknown>) => {
    const attributes = isRecord(product.attributes) ? product.attributes : {};

    return {
      id: product.id as string,
      name: typeof attributes.name === 'string' ? attributes.name : '',
      sku: typeof attributes.sku === 'string' ? attributes.sku : '',
    };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
