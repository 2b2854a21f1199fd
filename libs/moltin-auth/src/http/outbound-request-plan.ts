import { AxiosHeaders, InternalAxiosRequestConfig } from 'axios';

import { MOLTIN_CUSTOMER_TOKEN_HEADER, MOLTIN_GRANT_TYPES, MoltinGrantType } from '../moltin-auth.constants.js';
import { describeOptionValue, MoltinHttpMessages } from './moltin-http.messages.js';
import { MoltinRequestOptions } from './moltin-request-options.js';
import { OriginAllowList, resolveRequestUrl } from './origin-allow-list.js';
import { mayRetryTransient } from './retry-policy.js';

/**
 * Decisions of the Bearer interceptor for one request to an allowed origin.
 */
export interface OutboundRequestPlan {
  /** Upper-case HTTP method. */
  method: string;
  /** Path of the resolved URL, without the query string, for logs and errors. */
  path: string;
  /** Grant of the access token to attach, or `undefined` to keep the caller's Authorization header. */
  grant?: MoltinGrantType;
  /** Customer token to send in `X-Moltin-Customer-Token`. */
  customerToken?: string;
  /** Whether 429, 5xx, network errors and time-outs are retried. */
  retryTransient: boolean;
}

/** Values the plan depends on besides the request itself. */
export interface PlanInputs {
  allowList: OriginAllowList;
  defaultGrant: MoltinGrantType;
  /** Customer token validated for the incoming request being handled, if any. */
  contextCustomerToken?: string;
}

/**
 * Plans a request, or returns `undefined` when the interceptor must leave it untouched: its URL is
 * not on an allowed origin, is an OAuth endpoint, or the request goes to a Unix socket.
 *
 * A request that already has an Authorization header keeps it and gets no customer token from the
 * incoming request, only one named in `config.moltin.customerToken`. Otherwise the access token's
 * grant is the one named in `config.moltin.grant`, else `implicit` when a customer token is sent (the
 * API reads a customer token only next to an implicit token), else the module's default grant. A
 * request for a `client_credentials` token never gets the incoming request's customer token.
 *
 * @throws TypeError when `config.moltin` contains an invalid value.
 */
export function planRequest(config: InternalAxiosRequestConfig, inputs: PlanInputs): OutboundRequestPlan | undefined {
  if (config.socketPath) {
    return undefined;
  }

  const url = resolveRequestUrl(config);

  if (!url || !inputs.allowList.manages(url)) {
    return undefined;
  }

  const options = validateRequestOptions(config.moltin);
  const method = (config.method ?? 'get').toUpperCase();
  const headers = AxiosHeaders.from(config.headers);
  const plan: OutboundRequestPlan = { method, path: url.pathname, retryTransient: mayRetryTransient(method, options) };

  if (headers.has('Authorization')) {
    plan.customerToken = typeof options.customerToken === 'string' ? options.customerToken : undefined;

    return plan;
  }

  return { ...plan, ...chooseCredentials(options, headers.has(MOLTIN_CUSTOMER_TOKEN_HEADER), inputs) };
}

/**
 * Sets the Authorization and customer token headers that `plan` calls for.
 */
export function applyPlanHeaders(config: InternalAxiosRequestConfig, plan: OutboundRequestPlan, accessToken: string | undefined): void {
  const headers = AxiosHeaders.from(config.headers);

  if (accessToken !== undefined) {
    headers.set('Authorization', `Bearer ${accessToken}`);
  }

  if (plan.customerToken !== undefined) {
    headers.set(MOLTIN_CUSTOMER_TOKEN_HEADER, plan.customerToken);
  }

  config.headers = headers;
}

function chooseCredentials(
  options: MoltinRequestOptions,
  callerSentCustomerToken: boolean,
  inputs: PlanInputs,
): Pick<OutboundRequestPlan, 'grant' | 'customerToken'> {
  const namedToken = typeof options.customerToken === 'string' ? options.customerToken : undefined;

  if (options.grant === MoltinGrantType.ClientCredentials) {
    if (namedToken !== undefined) {
      throw new TypeError(MoltinHttpMessages.customerTokenWithClientCredentials());
    }

    return { grant: MoltinGrantType.ClientCredentials };
  }

  const contextToken = options.customerToken === false || callerSentCustomerToken ? undefined : inputs.contextCustomerToken;
  const customerToken = namedToken ?? contextToken;
  const sendsCustomerToken = customerToken !== undefined || callerSentCustomerToken;

  return {
    grant: options.grant ?? (sendsCustomerToken ? MoltinGrantType.Implicit : inputs.defaultGrant),
    customerToken,
  };
}

/**
 * Checks `config.moltin` at run time, since JavaScript callers and untyped configs bypass the
 * type. Messages describe a bad value without echoing it.
 */
function validateRequestOptions(value: unknown): MoltinRequestOptions {
  if (value === undefined || value === null) {
    return {};
  }

  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(MoltinHttpMessages.invalidRequestOptions(describeOptionValue(value)));
  }

  const options = value as Record<string, unknown>;

  if (options.grant !== undefined && !MOLTIN_GRANT_TYPES.includes(options.grant as MoltinGrantType)) {
    throw new TypeError(MoltinHttpMessages.invalidGrantOption(describeGrant(options.grant)));
  }

  const customerToken = options.customerToken;

  if (customerToken !== undefined && customerToken !== false && (typeof customerToken !== 'string' || customerToken.trim() === '')) {
    throw new TypeError(MoltinHttpMessages.invalidCustomerTokenOption(describeOptionValue(customerToken)));
  }

  if (options.idempotent !== undefined && typeof options.idempotent !== 'boolean') {
    throw new TypeError(MoltinHttpMessages.invalidIdempotentOption(describeOptionValue(options.idempotent)));
  }

  return options as MoltinRequestOptions;
}

/** Describes a grant value. A grant name is no secret, so a short string is shown as it is. */
function describeGrant(value: unknown): string {
  return typeof value === 'string' && value.length <= 40 ? JSON.stringify(value) : describeOptionValue(value);
}
