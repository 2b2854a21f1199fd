import { randomUUID } from 'node:crypto';

import { validateProductSeed } from './emulator-options.js';
import type { AccessTokenGrant, EmulatorProduct, ProductSeed } from './moltin-emulator.interfaces.js';

/** Catalog served when the `products` option is not given. */
export const DEFAULT_PRODUCTS: readonly ProductSeed[] = [
  {
    id: '9a3a1f4e-5b1c-4b52-9c33-2f7a4c1d0e01',
    name: 'Classic Cotton T-Shirt',
    sku: 'TSHIRT-CLASSIC-M',
    slug: 'classic-cotton-t-shirt',
    description: 'A plain cotton t-shirt, size M.',
    price: { USD: { amount: 1999, includes_tax: true } },
  },
  {
    id: '9a3a1f4e-5b1c-4b52-9c33-2f7a4c1d0e02',
    name: 'Canvas Tote Bag',
    sku: 'BAG-TOTE-CANVAS',
    slug: 'canvas-tote-bag',
    description: 'A natural canvas tote bag.',
    price: { USD: { amount: 2450, includes_tax: true } },
  },
  {
    id: '9a3a1f4e-5b1c-4b52-9c33-2f7a4c1d0e03',
    name: 'Ceramic Coffee Mug',
    sku: 'MUG-CERAMIC-350',
    slug: 'ceramic-coffee-mug',
    description: 'A 350 ml ceramic mug.',
    price: { USD: { amount: 1200, includes_tax: true } },
  },
  {
    id: '9a3a1f4e-5b1c-4b52-9c33-2f7a4c1d0e04',
    name: 'Wool Beanie (unreleased)',
    sku: 'HAT-BEANIE-WOOL',
    slug: 'wool-beanie',
    description: 'A draft product, listed to client_credentials tokens only.',
    status: 'draft',
    price: { USD: { amount: 2800, includes_tax: true } },
  },
];

/** In-memory product catalog. */
export class ProductCatalog {
  private readonly products = new Map<string, EmulatorProduct>();

  /** Validates and stores a product; throws if the id is already taken. */
  add(seed: ProductSeed): EmulatorProduct {
    const valid = validateProductSeed(seed);
    const product: EmulatorProduct = Object.freeze({
      ...valid,
      id: valid.id ?? randomUUID(),
      status: valid.status ?? 'live',
    });

    if (this.products.has(product.id)) {
      throw new Error(`MoltinEmulator already has a product with id "${product.id}".`);
    }
    this.products.set(product.id, product);
    return product;
  }

  /**
   * Lists the products a grant may read: every product for client_credentials, and only `live`
   * products for implicit tokens, which read live data only.
   */
  list(grant: AccessTokenGrant): EmulatorProduct[] {
    const products = [...this.products.values()];
    return grant === 'client_credentials' ? products : products.filter((product) => product.status === 'live');
  }
}
