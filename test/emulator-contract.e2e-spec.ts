import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { parse } from 'yaml';

import { MoltinEmulator } from 'nestjs-moltin-auth/testing';

/**
 * Contract test of the emulator's token endpoint against Elastic Path's Authentication OpenAPI
 * spec, copied into test/fixtures/openapi (see the README there).
 */
const SPEC_PATH = resolve(__dirname, 'fixtures/openapi/authentication.yaml');

/** The subset of JSON Schema that the spec's token schemas use. */
interface JsonSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
}

interface OpenApiSpec {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, OpenApiResponse> };
}

interface OpenApiOperation {
  requestBody: { content: Record<string, { schema: JsonSchema; examples: Record<string, { value: Record<string, string> }> }> };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
}

interface OpenApiResponse {
  content: Record<string, { schema: JsonSchema; examples: Record<string, { value: string }> }>;
}

interface CheckOptions {
  /**
   * Treats every declared property as required. The spec's `Bearer` schema lists no `required`
   * fields, but every client reads all five, so the contract needs them all.
   */
  requireAllProperties?: boolean;
}

/** Keywords that only document a schema, which the checker ignores. */
const ANNOTATION_KEYWORDS = new Set(['description', 'examples', 'example', 'title', 'format']);
const VALIDATION_KEYWORDS = new Set(['$ref', 'type', 'properties', 'required', 'enum', 'items']);

/**
 * Checks `value` against `schema` and returns one message per violation, empty when it conforms.
 * Supports `$ref` to `#/components/schemas`, `type`, `properties`, `required`, `enum` and
 * `items`. It throws on any other validation keyword, so a spec update that uses one cannot pass
 * unchecked.
 */
function checkSchema(value: unknown, schema: JsonSchema, spec: OpenApiSpec, options: CheckOptions = {}, at = '$'): string[] {
  const resolved = resolveSchemaRef(schema, spec);
  for (const keyword of Object.keys(resolved)) {
    if (!VALIDATION_KEYWORDS.has(keyword) && !ANNOTATION_KEYWORDS.has(keyword)) {
      throw new Error(`Schema keyword "${keyword}" at ${at} is outside the subset this checker supports.`);
    }
  }

  const problems: string[] = [];
  if (resolved.enum !== undefined && !resolved.enum.some((allowed) => Object.is(allowed, value))) {
    problems.push(`${at} must be one of ${JSON.stringify(resolved.enum)}; received ${JSON.stringify(value)}`);
  }
  if (resolved.type !== undefined && !matchesType(value, resolved.type)) {
    problems.push(`${at} must be of type ${resolved.type}; received ${JSON.stringify(value)}`);
    return problems;
  }

  if (resolved.properties !== undefined || resolved.required !== undefined) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${at} must be an object; received ${JSON.stringify(value)}`);
      return problems;
    }
    const record = value as Record<string, unknown>;
    const properties = resolved.properties ?? {};
    const required = options.requireAllProperties ? Object.keys(properties) : (resolved.required ?? []);

    for (const name of required) {
      if (!(name in record)) {
        problems.push(`${at}.${name} is missing`);
      }
    }
    for (const [name, propertySchema] of Object.entries(properties)) {
      if (name in record) {
        problems.push(...checkSchema(record[name], propertySchema, spec, options, `${at}.${name}`));
      }
    }
  }

  if (resolved.items !== undefined && Array.isArray(value)) {
    value.forEach((item, index) => problems.push(...checkSchema(item, resolved.items as JsonSchema, spec, options, `${at}[${index}]`)));
  }
  return problems;
}

function resolveSchemaRef(schema: JsonSchema, spec: OpenApiSpec): JsonSchema {
  if (schema.$ref === undefined) {
    return schema;
  }
  const prefix = '#/components/schemas/';
  const target = schema.$ref.startsWith(prefix) ? spec.components.schemas[schema.$ref.slice(prefix.length)] : undefined;
  if (target === undefined) {
    throw new Error(`Cannot resolve schema $ref "${schema.$ref}".`);
  }
  // Sibling keywords next to a $ref (such as `type: object`) are kept, as OpenAPI 3.1 allows.
  const { $ref: _ref, ...siblings } = schema;
  return resolveSchemaRef({ ...target, ...siblings }, spec);
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'null':
      return value === null;
    default:
      throw new Error(`Schema type "${type}" is outside the subset this checker supports.`);
  }
}

function loadSpec(): OpenApiSpec {
  return parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiSpec;
}

describe('emulator contract with authentication.yaml', () => {
  const spec = loadSpec();
  const operation = spec.paths['/oauth/access_token']?.post as OpenApiOperation;
  const formRequest = operation.requestBody.content['application/x-www-form-urlencoded'];
  const successResponse = operation.responses['200'] as OpenApiResponse;
  const schemas = spec.components.schemas;
  const tokenSchema = schemas.Token as JsonSchema;
  const bearerSchema = schemas.Bearer as JsonSchema;
  const errorResponseSchema = schemas.ErrorResponse as JsonSchema;
  const clientCredentialsExample = formRequest?.examples['client-credentials']?.value as Record<string, string>;

  let emulator: MoltinEmulator;

  async function requestToken(fields: Record<string, string>): Promise<{ status: number; contentType: string | null; body: unknown }> {
    const response = await fetch(`${emulator.url}/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
  }

  beforeAll(async () => {
    // The emulator takes the example's credentials, so the spec's own example request must succeed.
    emulator = await MoltinEmulator.start({
      clientId: clientCredentialsExample.client_id,
      clientSecret: clientCredentialsExample.client_secret,
    });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.reset();
  });

  describe('spec fixture', () => {
    it('declares the form request and JSON responses', () => {
      expect(formRequest?.schema.$ref).toBe('#/components/schemas/Token');
      expect(Object.keys(successResponse.content)).toEqual(['application/json']);
      expect(successResponse.content['application/json']?.schema.properties?.data?.$ref).toBe('#/components/schemas/Bearer');
      expect(tokenSchema.required).toEqual(['grant_type', 'client_id']);
      expect(Object.keys(bearerSchema.properties ?? {})).toEqual(['access_token', 'token_type', 'identifier', 'expires_in', 'expires']);
      expect(errorResponseSchema.required).toEqual(['errors']);
    });
  });

  describe('schema checker', () => {
    const validBearer = {
      access_token: 'xa3521ca621113e44eeed9232fa3e54571cb08bc',
      token_type: 'Bearer',
      identifier: 'implicit',
      expires_in: 3600,
      expires: 1524486008,
    };

    it('accepts the spec examples', () => {
      const examples = successResponse.content['application/json']?.examples ?? {};
      expect(Object.keys(examples)).toEqual(['client_credentials', 'implicit']);

      for (const example of Object.values(examples)) {
        const body: unknown = JSON.parse(example.value);
        expect(checkSchema(body, successResponse.content['application/json']?.schema as JsonSchema, spec, { requireAllProperties: true })).toEqual([]);
      }
    });

    it('accepts the spec error examples', () => {
      for (const name of ['BadRequestError', 'UnauthorizedError', 'InternalServerError']) {
        const content = spec.components.responses[name]?.content['application/json'];
        for (const example of Object.values(content?.examples ?? {})) {
          expect(checkSchema(JSON.parse(example.value), content?.schema as JsonSchema, spec)).toEqual([]);
        }
      }
    });

    const { access_token: _token, ...withoutAccessToken } = validBearer;

    it.each<[string, unknown, string[]]>([
      ['a string expires', { ...validBearer, expires: '1524486008' }, ['$.expires must be of type integer; received "1524486008"']],
      ['a fractional expires_in', { ...validBearer, expires_in: 3600.5 }, ['$.expires_in must be of type integer; received 3600.5']],
      ['a missing access_token', withoutAccessToken, ['$.access_token is missing']],
      ['a numeric token_type', { ...validBearer, token_type: 1 }, ['$.token_type must be of type string; received 1']],
      ['an array body', [1], ['$ must be an object; received [1]']],
    ])('rejects a Bearer with %s', (_case, body, problems) => {
      expect(checkSchema(body, bearerSchema, spec, { requireAllProperties: true })).toEqual(problems);
    });

    it('rejects an error with a numeric status', () => {
      const body = { errors: [{ status: 401, title: 'Unauthorized' }] };

      expect(checkSchema(body, errorResponseSchema, spec)).toEqual(['$.errors[0].status must be of type string; received 401']);
    });

    it('rejects an error body without errors', () => {
      expect(checkSchema({ error: 'Unauthorized' }, errorResponseSchema, spec)).toEqual(['$.errors is missing']);
    });

    it('rejects a value outside an enum', () => {
      const schema: JsonSchema = { type: 'string', enum: ['client_credentials', 'implicit'] };

      expect(checkSchema('password', schema, spec)).toEqual(['$ must be one of ["client_credentials","implicit"]; received "password"']);
      expect(checkSchema('implicit', schema, spec)).toEqual([]);
    });

    it('throws on keywords outside its subset', () => {
      expect(() => checkSchema('x', { oneOf: [] } as JsonSchema, spec)).toThrow('Schema keyword "oneOf" at $ is outside the subset');
    });
  });

  describe('token request', () => {
    it('accepts the spec client_credentials example', async () => {
      expect(checkSchema(clientCredentialsExample, tokenSchema, spec)).toEqual([]);

      const response = await requestToken(clientCredentialsExample);

      expect(response.status).toBe(200);
      expect(emulator.requests('token')[0]?.body).toEqual(clientCredentialsExample);
    });

    it('accepts implicit with the required fields only', async () => {
      const fields = Object.fromEntries((tokenSchema.required ?? []).map((name) => [name, name === 'grant_type' ? 'implicit' : emulator.clientId]));
      expect(checkSchema(fields, tokenSchema, spec)).toEqual([]);

      const response = await requestToken(fields);

      expect(response.status).toBe(200);
      expect((response.body as { identifier: string }).identifier).toBe('implicit');
    });

    it('requires client_secret for client_credentials only', async () => {
      const { client_secret: _secret, ...withoutSecret } = clientCredentialsExample;
      expect(checkSchema(withoutSecret, tokenSchema, spec)).toEqual([]);

      const response = await requestToken(withoutSecret);

      expect(response.status).toBe(400);
      expect(checkSchema(response.body, errorResponseSchema, spec)).toEqual([]);
    });

    it.each(['grant_type', 'client_id'])('rejects a request without %s', async (field) => {
      const fields = Object.fromEntries(Object.entries(clientCredentialsExample).filter(([name]) => name !== field));
      expect(checkSchema(fields, tokenSchema, spec)).toEqual([`$.${field} is missing`]);

      const response = await requestToken(fields);

      expect(response.status).toBe(400);
      expect(checkSchema(response.body, errorResponseSchema, spec)).toEqual([]);
    });

    it('uses only fields that Token declares', async () => {
      await requestToken(clientCredentialsExample);
      await requestToken({ grant_type: 'implicit', client_id: emulator.clientId });

      const declared = Object.keys(tokenSchema.properties ?? {});
      for (const recorded of emulator.requests('token')) {
        expect(Object.keys(recorded.body as Record<string, string>).filter((name) => !declared.includes(name))).toEqual([]);
      }
    });
  });

  describe('token response', () => {
    it.each(['client_credentials', 'implicit'])('flat %s body matches Bearer', async (grant) => {
      const fields = grant === 'implicit' ? { grant_type: 'implicit', client_id: emulator.clientId } : clientCredentialsExample;

      const response = await requestToken(fields);

      expect(response.status).toBe(200);
      expect(Object.keys(successResponse.content)).toContain(response.contentType);
      expect(checkSchema(response.body, bearerSchema, spec, { requireAllProperties: true })).toEqual([]);
      expect((response.body as { identifier: string }).identifier).toBe(grant);
      expect((response.body as { token_type: string }).token_type).toBe('Bearer');
    });

    it('data-wrapped body matches the 200 schema', async () => {
      emulator.setTokenResponseShape('data');

      const response = await requestToken(clientCredentialsExample);

      expect(response.status).toBe(200);
      const schema = successResponse.content['application/json']?.schema as JsonSchema;
      expect(checkSchema(response.body, schema, spec, { requireAllProperties: true })).toEqual([]);
    });

    it('flat body differs from the 200 schema', async () => {
      // The spec wraps the token in `data`, but the SDKs read it flat, so the emulator sends it flat by default.
      const response = await requestToken(clientCredentialsExample);

      const schema = successResponse.content['application/json']?.schema as JsonSchema;
      expect(checkSchema(response.body, schema, spec, { requireAllProperties: true })).toEqual(['$.data is missing']);
    });
  });

  describe('error responses', () => {
    it('401 and 400 bodies match ErrorResponse', async () => {
      const unauthorized = await requestToken({ ...clientCredentialsExample, client_secret: 'wrong' });
      const badRequest = await requestToken({ grant_type: 'password', client_id: emulator.clientId });

      expect(unauthorized.status).toBe(401);
      expect(checkSchema(unauthorized.body, errorResponseSchema, spec)).toEqual([]);
      expect(badRequest.status).toBe(400);
      expect(checkSchema(badRequest.body, errorResponseSchema, spec)).toEqual([]);
    });

    it('numeric statuses differ from ErrorResponse', async () => {
      // The error guides show numeric statuses, while the spec declares strings.
      emulator.setErrorStatusFormat('number');

      const response = await requestToken({ ...clientCredentialsExample, client_secret: 'wrong' });

      expect(checkSchema(response.body, errorResponseSchema, spec)).toEqual(['$.errors[0].status must be of type string; received 401']);
    });
  });
});
