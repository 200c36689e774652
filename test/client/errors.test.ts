import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConflictError,
  createClient,
  CtctApiError,
  ForbiddenError,
  NotFoundError,
  parseErrorBody,
  RateLimitedError,
  ReconnectRequiredError,
  ServerError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../src/client/index.js';
import { startScriptServer, type ScriptServer } from './fixtures/script-server.js';

const TOKEN = 'secret-access-token-do-not-print';

let server: ScriptServer;
beforeAll(async () => {
  server = await startScriptServer();
});
afterAll(() => server.close());

describe('parseErrorBody', () => {
  it.each([
    [
      'an array of error objects',
      JSON.stringify([
        { error_key: 'contacts.api.validation.error', error_message: 'first_name is too long' },
        { error_key: 'contacts.api.validation.error', error_message: 'birthday_day requires birthday_month' },
      ]),
      'contacts.api.validation.error',
      ['first_name is too long', 'birthday_day requires birthday_month'],
    ],
    [
      'a single object (401, 429, reporting)',
      '{"error_key":"unauthorized","error_message":"Unauthorized"}',
      'unauthorized',
      ['Unauthorized'],
    ],
    [
      'OAuth style',
      '{"error":"invalid_grant","error_description":"unknown, invalid, or expired refresh token"}',
      'invalid_grant',
      ['unknown, invalid, or expired refresh token'],
    ],
    ['a generic {message}', '{"message":"Bad gateway"}', undefined, ['Bad gateway']],
    ['an array of strings', '["something failed"]', undefined, ['something failed']],
    [
      'an HTML page from a proxy',
      '<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>',
      undefined,
      ['502 Bad Gateway nginx'],
    ],
    ['plain text', 'Service Unavailable', undefined, ['Service Unavailable']],
    ['an empty body', '', undefined, []],
  ])('reads %s', (_name, text, key, messages) => {
    const parsed = parseErrorBody(text);
    expect(parsed.errorKey).toBe(key);
    expect(parsed.messages).toEqual(messages);
  });
});

describe('errors raised for HTTP answers', () => {
  const cases = [
    [
      400,
      [
        {
          error_key: 'contacts.api.validation.error',
          error_message: 'include_membership_count does not have a valid value',
        },
      ],
      ValidationError,
      /Fix the request/,
    ],
    [403, [{ error_key: 'forbidden', error_message: 'Forbidden' }], ForbiddenError, /scope.*privilege/],
    [
      404,
      [{ error_key: 'contacts.api.not_found', error_message: 'contact_id is in an invalid format.' }],
      NotFoundError,
      /Check the id: nothing with it exists in this account, or it was deleted/,
    ],
    [
      409,
      [{ error_key: 'contacts.api.conflict', error_message: 'Validation failed: EmailAddress is not unique' }],
      ConflictError,
      /existing/,
    ],
    [
      415,
      [{ error_key: 'http.status.unsupported_media_type', error_message: 'Unsupported Media Type' }],
      UnsupportedMediaTypeError,
      /application\/json/,
    ],
    [405, 'Method Not Allowed', CtctApiError, /refused/],
    [502, '<html><body>Bad Gateway</body></html>', ServerError, /try again later/],
  ] as const;

  it.each(cases)(
    '%i gives the right class, names the request, quotes the API and says what to do',
    async (status, body, cls, advice) => {
      server.script(() => ({ status, body }));
      const c = createClient({ baseUrl: server.base, token: TOKEN, budget: false, retry: { maxRetries: 0 } });
      const err = (await c
        .get('/contacts/abc', { query: { email: 'person@example.com' } })
        .catch((e: unknown) => e)) as CtctApiError;
      expect(err).toBeInstanceOf(cls);
      expect(err).toBeInstanceOf(CtctApiError);
      expect(err.status).toBe(status);
      expect(err.method).toBe('GET');
      expect(err.path).toBe('/v3/contacts/abc');
      expect(err.message).toContain(`GET /v3/contacts/abc failed with ${status}`);
      expect(err.message).toMatch(advice);
      const expectedMessages =
        typeof body === 'string' ? parseErrorBody(body).messages : body.map((b) => b.error_message);
      for (const m of expectedMessages) expect(err.message).toContain(`"${m}"`);
      expect(err.messages).toEqual(expectedMessages);
      expect(err.hint.length).toBeGreaterThan(10);
      const json = err.toJSON();
      expect(json).toMatchObject({ name: err.name, status, method: 'GET', path: '/v3/contacts/abc', hint: err.hint });
      // the query (which can hold an address) is not quoted in messages
      expect(err.message).not.toContain('person@example.com');
    },
  );

  it('keeps the access token out of messages and bodies even when the API echoes it', async () => {
    server.script(() => ({
      status: 400,
      body: [{ error_key: 'bad', error_message: `token ${TOKEN} is malformed; header was Bearer ${TOKEN}` }],
    }));
    const c = createClient({ baseUrl: server.base, token: TOKEN, budget: false });
    const err = (await c.get('/contacts').catch((e: unknown) => e)) as CtctApiError;
    expect(err).toBeInstanceOf(ValidationError);
    const everything = `${err.message} ${err.hint} ${JSON.stringify(err.toJSON())} ${err.messages.join(' ')}`;
    expect(everything).not.toContain(TOKEN);
    expect(everything).toContain('[redacted]');
  });

  it('401 from a fixed token becomes ReconnectRequiredError telling to run ctct connect', async () => {
    server.script(() => ({ status: 401, body: { error_key: 'unauthorized', error_message: 'Unauthorized' } }));
    const c = createClient({ baseUrl: server.base, token: TOKEN, budget: false });
    const err = (await c.delete('/contacts/abc').catch((e: unknown) => e)) as ReconnectRequiredError;
    expect(err).toBeInstanceOf(ReconnectRequiredError);
    expect(err.status).toBe(401);
    expect(err.message).toContain('DELETE /v3/contacts/abc');
    expect(err.message).toContain('ctct connect');
    expect(err.message).not.toContain(TOKEN);
  });
});

describe('429 with a named daily cap', () => {
  it('is raised at once as RateLimitedError saying waiting will not help', async () => {
    server.script(() => ({
      status: 429,
      body: [{ error_key: 'emails.api.test_send.limit', error_message: 'Daily test send limit reached' }],
    }));
    const c = createClient({ baseUrl: server.base, token: TOKEN, budget: false });
    const err = (await c
      .post('/emails/activities/a1/tests', { email_addresses: ['a@example.com'] })
      .catch((e: unknown) => e)) as CtctApiError;
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.message).toContain('"Daily test send limit reached"');
    expect(err.message).toMatch(/does not clear/);
    expect(server.requests).toHaveLength(1);
  });
});
