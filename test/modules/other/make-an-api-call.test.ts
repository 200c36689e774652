import { describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';

describe('Make an API Call', () => {
  const t = useModuleTestbed();

  it('GETs a v3 path with query parameters and returns {status, headers, body}', async () => {
    for (const name of ['One', 'Two', 'Three']) await t.api('POST', '/contact_lists', { name });
    const out = await t.run('make-an-api-call', {
      url: '/v3/contact_lists',
      query_string: [
        { key: 'limit', value: '2' },
        { key: 'include_count', value: 'true' },
      ],
    });
    expect(out.status).toBe(200);
    expect(out.headers['content-type']).toMatch(/application\/json/);
    expect(out.body.lists).toHaveLength(2);
    expect(out.body.lists_count).toBe(3);
    expect(out.body._links.next.href).toMatch(/^\/v3\/contact_lists\?/);
    expect(t.requests.at(-1)?.url).toMatch(/^\/v3\/contact_lists\?limit=2&include_count=true$/);
  });

  it('POSTs a body given as JSON text or as an object, and PUT/DELETE work the same way', async () => {
    const created = await t.run('make-an-api-call', {
      url: '/v3/contact_lists',
      method: 'POST',
      body: '{"name": "Raw"}',
    });
    expect(created).toMatchObject({ status: 201, body: { name: 'Raw', list_id: expect.any(String) } });
    const renamed = await t.run('make-an-api-call', {
      url: `/v3/contact_lists/${created.body.list_id}`,
      method: 'PUT',
      body: { name: 'Raw 2' },
    });
    expect(renamed).toMatchObject({ status: 200, body: { name: 'Raw 2' } });
    const deleted = await t.run('make-an-api-call', {
      url: `/v3/contact_lists/${created.body.list_id}`,
      method: 'DELETE',
    });
    expect(deleted.status).toBe(202);
    expect(deleted.headers.location).toBe(`/v3/activities/${deleted.body.activity_id}`);
  });

  it('returns API errors as output (status and the API body) rather than failing', async () => {
    const out = await t.run('make-an-api-call', { url: `/v3/contacts/${crypto.randomUUID()}` });
    expect(out.status).toBe(404);
    expect(JSON.stringify(out.body)).toMatch(/error_key|error_message/);
  });

  it.each([
    [
      'an absolute URL',
      { url: 'https://evil.example.com/v3/contacts' },
      /URL \(url\): Refusing "https:\/\/evil\.example\.com\/v3\/contacts": absolute URLs are not accepted/,
    ],
    ['another host by //', { url: '//evil.example.com/v3/contacts' }, /URL \(url\): .*names another host/],
    ['a path outside /v3', { url: '/oauth2/default/v1/token' }, /URL \(url\): .*must start with \/v3\//],
    ['a climb out of /v3', { url: '/v3/../admin' }, /URL \(url\): .*"\." and "\.\." segments could leave \/v3/],
    ['an encoded climb', { url: '/v3/%2e%2e/admin' }, /URL \(url\): .*segments could leave \/v3/],
    [
      'a user Authorization header',
      { url: '/v3/contacts', headers: [{ key: 'Authorization', value: 'Bearer stolen' }] },
      /Headers \(headers\): Refusing the Authorization header/,
    ],
    [
      'a Host header',
      { url: '/v3/contacts', headers: [{ key: 'host', value: 'evil.example.com' }] },
      /Headers \(headers\): Refusing the host header/,
    ],
    [
      'a header value with a line break',
      { url: '/v3/contacts', headers: [{ key: 'x-note', value: 'a\r\nInjected: 1' }] },
      /Headers \(headers\): The x-note header value contains a line break/,
    ],
    ['a body on GET', { url: '/v3/contacts', body: { a: 1 } }, /Body \(body\): a GET request cannot have a body/],
    [
      'a body that is not JSON',
      { url: '/v3/contact_lists', method: 'POST', body: '{name: Raw}' },
      /Body \(body\): is not valid JSON/,
    ],
    [
      'an unknown method',
      { url: '/v3/contacts', method: 'TRACE' },
      /Method \(method\): must be one of GET, POST, PUT, PATCH, DELETE/,
    ],
  ])('refuses %s before anything is sent', async (_case, input, message) => {
    const mark = t.requests.length;
    await expect(t.run('make-an-api-call', input)).rejects.toThrow(message);
    expect(t.requests.length).toBe(mark);
  });
});
