import { MoltinEmulator } from './moltin-emulator.js';
import { DEFAULT_PRODUCTS } from './product-catalog.js';

interface ProductsBody {
  data: Array<{ type: string; id: string; attributes: Record<string, unknown> }>;
  meta: { results: { total: number } };
}

async function getProducts(emulator: MoltinEmulator, bearer: string): Promise<{ status: number; body: ProductsBody }> {
  const response = await fetch(`${emulator.url}/v2/products?page[limit]=25`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: response.status, body: (await response.json()) as ProductsBody };
}

describe('GET /v2/products', () => {
  let emulator: MoltinEmulator;

  beforeAll(async () => {
    emulator = await MoltinEmulator.start();
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it('lists every default product to client_credentials', async () => {
    const response = await getProducts(emulator, emulator.issueAccessToken('client_credentials').access_token);

    expect(response.status).toBe(200);
    expect(response.body.data).toHaveLength(DEFAULT_PRODUCTS.length);
    expect(response.body.meta).toEqual({ results: { total: DEFAULT_PRODUCTS.length } });
    expect(response.body.data[0]).toEqual({
      type: 'product',
      id: '9a3a1f4e-5b1c-4b52-9c33-2f7a4c1d0e01',
      attributes: {
        name: 'Classic Cotton T-Shirt',
        sku: 'TSHIRT-CLASSIC-M',
        slug: 'classic-cotton-t-shirt',
        description: 'A plain cotton t-shirt, size M.',
        status: 'live',
        price: { USD: { amount: 1999, includes_tax: true } },
      },
    });
  });

  it('lists only live products to implicit', async () => {
    const response = await getProducts(emulator, emulator.issueAccessToken('implicit').access_token);

    expect(response.status).toBe(200);
    expect(response.body.data.map((product) => product.attributes.status)).toEqual(['live', 'live', 'live']);
    expect(response.body.meta.results.total).toBe(3);
  });

  it('records the query string', async () => {
    emulator.resetCounters();

    await getProducts(emulator, emulator.issueAccessToken('implicit').access_token);

    expect(emulator.requests('products')[0]?.query).toEqual({ 'page[limit]': '25' });
  });

  it('serves seeded products instead of the defaults', async () => {
    const seeded = await MoltinEmulator.start({ products: [{ id: 'p-1', name: 'Only Product', sku: 'ONLY-1' }] });
    try {
      const first = await getProducts(seeded, seeded.issueAccessToken('implicit').access_token);
      expect(first.body.data).toEqual([{ type: 'product', id: 'p-1', attributes: { name: 'Only Product', sku: 'ONLY-1', status: 'live' } }]);

      const added = seeded.addProduct({ name: 'Added', sku: 'ADDED-1', price: { EUR: { amount: 500, includes_tax: false } } });
      const second = await getProducts(seeded, seeded.issueAccessToken('implicit').access_token);

      expect(added.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(second.body.meta.results.total).toBe(2);
      expect(second.body.data[1]?.attributes.price).toEqual({ EUR: { amount: 500, includes_tax: false } });
    } finally {
      await seeded.stop();
    }
  });

  it('serves an empty catalog', async () => {
    const empty = await MoltinEmulator.start({ products: [] });
    try {
      const response = await getProducts(empty, empty.issueAccessToken('implicit').access_token);

      expect(response.body).toEqual({ data: [], meta: { results: { total: 0 } } });
    } finally {
      await empty.stop();
    }
  });

  it('rejects a duplicate product id', () => {
    expect(() => emulator.addProduct({ id: DEFAULT_PRODUCTS[0]?.id, name: 'Copy', sku: 'COPY' })).toThrow(
      `MoltinEmulator already has a product with id "${DEFAULT_PRODUCTS[0]?.id}".`,
    );
  });
});
