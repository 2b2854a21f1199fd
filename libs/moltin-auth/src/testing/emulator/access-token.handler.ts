import { timingSafeEqual } from 'node:crypto';

import type { RouteContext } from './emulator-request.js';
import type { EmulatorResponse } from './json-api-error.js';

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/**
 * Handles `POST /oauth/access_token`. Like the API, it reads only form-encoded bodies, and it
 * returns the token fields flat or wrapped in `data` as the response shape setting chooses.
 */
export function handleAccessTokenRequest({ request, state }: RouteContext): EmulatorResponse {
  if (request.mediaType !== FORM_MEDIA_TYPE) {
    const received = request.mediaType === undefined ? 'no Content-Type header' : `"${request.mediaType}"`;
    return state.errorResponse(
      400,
      'Bad Request',
      `The token endpoint accepts only Content-Type: ${FORM_MEDIA_TYPE}; received ${received}.`,
    );
  }

  const form = new URLSearchParams(request.bodyText);
  const grantType = form.get('grant_type');
  const clientId = form.get('client_id');

  if (!grantType) {
    return state.errorResponse(400, 'Bad Request', 'grant_type is missing; use client_credentials or implicit.');
  }
  if (grantType !== 'client_credentials' && grantType !== 'implicit') {
    return state.errorResponse(
      400,
      'Bad Request',
      `grant_type "${grantType}" is not supported; use client_credentials or implicit.`,
    );
  }
  if (!clientId) {
    return state.errorResponse(400, 'Bad Request', 'client_id is missing.');
  }

  if (grantType === 'client_credentials') {
    const clientSecret = form.get('client_secret');
    if (!clientSecret) {
      return state.errorResponse(400, 'Bad Request', 'client_secret is missing; the client_credentials grant requires it.');
    }
    if (!equalSecrets(clientId, state.clientId) || !equalSecrets(clientSecret, state.clientSecret)) {
      return state.errorResponse(401, 'Unauthorized', 'The client_id or client_secret is invalid.');
    }
  } else if (!equalSecrets(clientId, state.clientId)) {
    return state.errorResponse(401, 'Unauthorized', 'The client_id is invalid.');
  }

  const issued = state.issueAccessToken(grantType);
  const body = state.settings.tokenResponseShape === 'data' ? { data: issued } : issued;
  return { status: 200, body };
}

function equalSecrets(actual: string, expected: string): boolean {
  const actualBytes = Buffer.from(actual, 'utf8');
  const expectedBytes = Buffer.from(expected, 'utf8');
  return actualBytes.length === expectedBytes.length && timingSafeEqual(actualBytes, expectedBytes);
}
