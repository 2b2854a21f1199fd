import { describeFirstApiError, parseApiErrors, redactApiErrors } from './moltin-api-error-object';
import { MoltinAuthError } from './moltin-auth.error';

describe('parseApiErrors', () => {
  it('normalises string and numeric statuses', () => {
    const body = { errors: [{ status: '401', title: 'Unauthorized' }, { status: 429, title: '...', request_id: 'r-1' }] };

    expect(parseApiErrors(body)).toEqual([
      { status: 401, title: 'Unauthorized' },
      { status: 429, title: '...', requestId: 'r-1' },
    ]);
  });

  it.each([null, 'text', [], { errors: 'none' }, { errors: [null, 5] }])('returns no errors for %p', (body) => {
    expect(parseApiErrors(body)).toEqual([]);
  });

  it('drops a status that is not an integer', () => {
    expect(parseApiErrors({ errors: [{ status: 'bad', title: 'x' }] })).toEqual([{ title: 'x' }]);
  });
});

describe('describeFirstApiError', () => {
  it('joins the first title and detail', () => {
    expect(describeFirstApiError([{ title: 'Unauthorized', detail: 'bad key' }, { title: 'ignored' }])).toBe('Unauthorized: bad key');
    expect(describeFirstApiError([{ status: 500 }])).toBe('');
    expect(describeFirstApiError([])).toBe('');
  });
});

describe('redactApiErrors', () => {
  it('redacts titles and details and keeps other fields', () => {
    const redacted = redactApiErrors([{ status: 400, title: 'bad s3cret-value', detail: 'echo s3cret-value', requestId: 'r-1' }, { status: 401 }], ['s3cret-value']);

    expect(redacted).toEqual([{ status: 400, title: 'bad [redacted]', detail: 'echo [redacted]', requestId: 'r-1' }, { status: 401 }]);
  });
});

describe('MoltinAuthError', () => {
  it('classifies retryable failures', () => {
    expect(new MoltinAuthError('m', { code: 'token_request_failed', status: 503 }).retryable).toBe(true);
    expect(new MoltinAuthError('m', { code: 'token_request_failed', status: 429 }).retryable).toBe(true);
    expect(new MoltinAuthError('m', { code: 'timeout' }).retryable).toBe(true);
    expect(new MoltinAuthError('m', { code: 'token_request_failed', status: 401 }).retryable).toBe(false);
    expect(new MoltinAuthError('m', { code: 'invalid_token_response', status: 200 }).retryable).toBe(false);
  });

  it('serialises its fields', () => {
    const error = new MoltinAuthError('failed', { code: 'token_request_failed', status: 400, grantType: 'implicit', errors: [{ status: 400 }] });

    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'MoltinAuthError',
      code: 'token_request_failed',
      message: 'failed',
      grantType: 'implicit',
      status: 400,
      errors: [{ status: 400 }],
    });
  });
});
