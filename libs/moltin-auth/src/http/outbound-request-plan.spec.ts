import { AxiosHeaders, InternalAxiosRequestConfig } from 'axios';

import { MoltinGrantType } from '../moltin-auth.constants';
import { MoltinRequestOptions } from './moltin-request-options';
import { OriginAllowList } from './origin-allow-list';
import { applyPlanHeaders, planRequest, PlanInputs } from './outbound-request-plan';

const API = 'https://euwest.api.elasticpath.com';

function requestConfig(overrides: Partial<InternalAxiosRequestConfig> & { moltin?: MoltinRequestOptions } = {}): InternalAxiosRequestConfig {
  return { baseURL: API, url: '/v2/products', method: 'get', headers: new AxiosHeaders(), ...overrides } as InternalAxiosRequestConfig;
}

function inputs(overrides: Partial<PlanInputs> = {}): PlanInputs {
  return { allowList: new OriginAllowList([API]), defaultGrant: MoltinGrantType.ClientCredentials, ...overrides };
}

describe('planRequest', () => {
  it('plans a GET to the API with the default grant', () => {
    expect(planRequest(requestConfig(), inputs())).toEqual({
      method: 'GET',
      path: '/v2/products',
      grant: 'client_credentials',
      customerToken: undefined,
      retryTransient: true,
    });
  });

  it.each([
    ['another origin', { url: 'https://evil.test/v2/products' }],
    ['a foreign baseURL', { baseURL: 'https://evil.test' }],
    ['the token endpoint', { url: '/oauth/access_token', method: 'post' }],
    ['a Unix socket', { socketPath: '/var/run/proxy.sock' }],
    ['a protocol-relative URL', { url: '//evil.test/v2' }],
  ])('leaves a request to %s alone', (_case, overrides) => {
    expect(planRequest(requestConfig(overrides), inputs())).toBeUndefined();
  });

  it('uses implicit with the context customer token', () => {
    const plan = planRequest(requestConfig(), inputs({ contextCustomerToken: 'customer-jwt' }));

    expect(plan).toMatchObject({ grant: 'implicit', customerToken: 'customer-jwt' });
  });

  it('prefers a named customer token over the context', () => {
    const plan = planRequest(requestConfig({ moltin: { customerToken: 'named-jwt' } }), inputs({ contextCustomerToken: 'context-jwt' }));

    expect(plan).toMatchObject({ grant: 'implicit', customerToken: 'named-jwt' });
  });

  it('drops the context token when the request opts out', () => {
    const plan = planRequest(requestConfig({ moltin: { customerToken: false } }), inputs({ contextCustomerToken: 'context-jwt' }));

    expect(plan).toMatchObject({ grant: 'client_credentials', customerToken: undefined });
  });

  it('drops the context token for an explicit client_credentials grant', () => {
    const plan = planRequest(requestConfig({ moltin: { grant: 'client_credentials' } }), inputs({ contextCustomerToken: 'context-jwt' }));

    expect(plan).toEqual(expect.objectContaining({ grant: 'client_credentials' }));
    expect(plan?.customerToken).toBeUndefined();
  });

  it('rejects a named customer token with client_credentials', () => {
    const config = requestConfig({ moltin: { grant: 'client_credentials', customerToken: 'named-jwt' } });

    expect(() => planRequest(config, inputs())).toThrow(TypeError);
  });

  it('uses implicit when the caller sent a customer token header', () => {
    const config = requestConfig({ headers: new AxiosHeaders({ 'X-Moltin-Customer-Token': 'own-jwt' }) });

    expect(planRequest(config, inputs({ contextCustomerToken: 'context-jwt' }))).toMatchObject({ grant: 'implicit', customerToken: undefined });
  });

  it('keeps a caller Authorization header and adds no context token', () => {
    const config = requestConfig({ headers: new AxiosHeaders({ authorization: 'Bearer own-token' }) });
    const plan = planRequest(config, inputs({ contextCustomerToken: 'context-jwt' }));

    expect(plan?.grant).toBeUndefined();
    expect(plan?.customerToken).toBeUndefined();
  });

  it('plans a POST without transient retries unless marked idempotent', () => {
    expect(planRequest(requestConfig({ method: 'post' }), inputs())?.retryTransient).toBe(false);
    expect(planRequest(requestConfig({ method: 'post', moltin: { idempotent: true } }), inputs())?.retryTransient).toBe(true);
  });

  it.each([
    ['a non-object moltin option', 'implicit', 'config.moltin must be an object (received a string of 8 characters)'],
    ['an unknown grant', { grant: 'password' }, 'config.moltin.grant must be "client_credentials" or "implicit" (received "password")'],
    ['an empty customer token', { customerToken: ' ' }, 'config.moltin.customerToken must be a non-empty string or false (received a string of 1 characters)'],
    ['a non-boolean idempotent flag', { idempotent: 'yes' }, 'config.moltin.idempotent must be a boolean (received a string of 3 characters)'],
  ])('rejects %s', (_case, moltin, message) => {
    const config = requestConfig({ moltin: moltin as MoltinRequestOptions });

    expect(() => planRequest(config, inputs())).toThrow(new TypeError(message));
  });
});

describe('applyPlanHeaders', () => {
  it('sets the Bearer and customer token headers', () => {
    const config = requestConfig();

    applyPlanHeaders(config, { method: 'GET', path: '/v2/products', grant: 'implicit', customerToken: 'customer-jwt', retryTransient: true }, 'access-token');

    expect(config.headers.get('Authorization')).toBe('Bearer access-token');
    expect(config.headers.get('X-Moltin-Customer-Token')).toBe('customer-jwt');
  });

  it('leaves the headers alone without a token', () => {
    const config = requestConfig({ headers: new AxiosHeaders({ Authorization: 'Basic abc' }) });

    applyPlanHeaders(config, { method: 'GET', path: '/v2/products', retryTransient: true }, undefined);

    expect(config.headers.get('Authorization')).toBe('Basic abc');
    expect(config.headers.has('X-Moltin-Customer-Token')).toBe(false);
  });
});
