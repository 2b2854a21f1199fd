import {
  BadGatewayException,
  BadRequestException,
  HttpException,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';

import { MoltinApiErrorObject, describeFirstApiError, isRecord } from '../errors/moltin-api-error-object.js';
import { redactSecrets } from '../utils/redact.util.js';
import { CustomerApiClient, CustomerApiResponse, describeFailure } from './customer-api.client.js';
import { CustomerLogMessages, CustomerLoginMessages } from './customer-auth.messages.js';
import { MoltinCustomerOidcLogin, MoltinCustomerPasswordLogin, MoltinCustomerToken } from './moltin-customer.interface.js';

/** Path of the customer token endpoint. */
export const MOLTIN_CUSTOMER_TOKENS_PATH = '/v2/customers/tokens';

/** Statuses of the token endpoint that mean the credentials were rejected. */
const REJECTED_STATUSES = new Set([401, 403, 404]);

/** Statuses of the token endpoint that blame the request body. */
const BAD_REQUEST_STATUSES = new Set([400, 422]);

/** Latest time a JavaScript `Date` can hold, in epoch milliseconds. */
const MAX_DATE_MS = 8_640_000_000_000_000;

type LoginMechanism = 'password' | 'oidc';

/**
 * Logs customers in with `POST /v2/customers/tokens`, sent with an implicit access token.
 *
 * Failures are Nest HTTP exceptions, so a controller can let them propagate:
 *
 * - `UnauthorizedException` (401): the API rejected the credentials. The message contains the API's.
 * - `BadRequestException` (400): an argument is empty, or the API rejected the request body.
 * - `ServiceUnavailableException` (503): the API did not respond, timed out, or returned 429 or 5xx.
 * - `BadGatewayException` (502): the API returned a response the library cannot use.
 *
 * Exceptions and log lines pass on the API's error text with the password, the authorization code
 * and the code verifier replaced by `[redacted]` (`redactSecrets` skips values under 4
 * characters). They never contain a token.
 */
@Injectable()
export class MoltinCustomerAuthService {
  private readonly logger = new Logger('MoltinCustomerAuth');

  constructor(private readonly api: CustomerApiClient) {}

  /** Exchanges a customer's email and password for a customer token. */
  async login(credentials: MoltinCustomerPasswordLogin): Promise<MoltinCustomerToken> {
    const email = requireText(credentials?.email, 'email');
    const password = requireText(credentials?.password, 'password');

    return this.requestToken('password', { email, password, authentication_mechanism: 'password' }, [password]);
  }

  /**
   * Exchanges the authorization code of an OpenID Connect login, with its PKCE verifier, for a
   * customer token.
   */
  async loginWithOidc(login: MoltinCustomerOidcLogin): Promise<MoltinCustomerToken> {
    const code = requireText(login?.authorizationCode, 'authorizationCode');
    const redirectUri = requireText(login?.redirectUri, 'redirectUri');
    const verifier = requireText(login?.codeVerifier, 'codeVerifier');

    return this.requestToken(
      'oidc',
      { authentication_mechanism: 'oidc', oauth_authorization_code: code, oauth_redirect_uri: redirectUri, oauth_code_verifier: verifier },
      [code, verifier],
    );
  }

  private async requestToken(mechanism: LoginMechanism, fields: Record<string, string>, secrets: string[]): Promise<MoltinCustomerToken> {
    let response: CustomerApiResponse;

    try {
      response = await this.api.send({ method: 'POST', path: MOLTIN_CUSTOMER_TOKENS_PATH, body: { data: { type: 'token', ...fields } } });
    } catch (error) {
      this.logger.error(CustomerLogMessages.loginUnavailable(mechanism, describeFailure(error, secrets)));

      throw new ServiceUnavailableException(CustomerLoginMessages.unavailable());
    }

    if (response.status >= 200 && response.status <= 299) {
      return this.readToken(mechanism, response);
    }

    throw this.toLoginException(mechanism, response, secrets);
  }

  private readToken(mechanism: LoginMechanism, response: CustomerApiResponse): MoltinCustomerToken {
    const data = isRecord(response.data) ? response.data.data : undefined;
    const token = isRecord(data) ? data.token : undefined;
    const customerId = isRecord(data) ? data.customer_id : undefined;
    const expires = isRecord(data) ? toEpochSeconds(data.expires) : undefined;

    if (typeof token !== 'string' || token === '' || typeof customerId !== 'string' || customerId === '' || expires === undefined) {
      this.logger.error(CustomerLogMessages.loginInvalidResponse(mechanism, response.status, 'its body lacks data.token, data.customer_id or a numeric data.expires'));

      throw new BadGatewayException(CustomerLoginMessages.invalidResponse());
    }

    return { token, customerId, expiresAt: new Date(expires * 1000) };
  }

  private toLoginException(mechanism: LoginMechanism, response: CustomerApiResponse, secrets: string[]): HttpException {
    const { status } = response;
    const apiMessage = redactSecrets(describeErrors(response.errors, status), secrets);

    if (REJECTED_STATUSES.has(status)) {
      this.logger.log(CustomerLogMessages.loginRejected(mechanism, status, apiMessage));
      return new UnauthorizedException(CustomerLoginMessages.rejected(apiMessage));
    }

    if (BAD_REQUEST_STATUSES.has(status)) {
      this.logger.warn(CustomerLogMessages.loginRejected(mechanism, status, apiMessage));
      return new BadRequestException(CustomerLoginMessages.rejected(apiMessage));
    }

    if (status === 429 || status >= 500) {
      this.logger.error(CustomerLogMessages.loginUnavailable(mechanism, `HTTP ${status}: ${apiMessage}`));
      return new ServiceUnavailableException(CustomerLoginMessages.unavailable());
    }

    this.logger.error(CustomerLogMessages.loginInvalidResponse(mechanism, status, `that status is not expected: ${apiMessage}`));

    return new BadGatewayException(CustomerLoginMessages.invalidResponse());
  }
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadRequestException(CustomerLoginMessages.invalidArgument(field));
  }

  return value;
}

/** Reads `expires` as epoch seconds. The API sends a number, but a numeric string is accepted too. */
function toEpochSeconds(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;

  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 && seconds * 1000 <= MAX_DATE_MS ? seconds : undefined;
}

function describeErrors(errors: MoltinApiErrorObject[], status: number): string {
  return describeFirstApiError(errors) || `HTTP ${status}`;
}
