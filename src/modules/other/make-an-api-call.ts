import { z } from 'zod';
import { rawCall, validateRawCall, RequestRefusedError } from '../../client/index.js';
import { defineModule } from '../define.js';
import { meta } from '../fields.js';
import { record } from '../common/outputs.js';

/**
 * Make an API Call (facts §1.7): any v3 call through the same guarded engine as `ctct call`
 * (src/client/raw-call.ts). The engine refuses absolute URLs, other hosts, paths outside /v3 and a
 * user Authorization header before anything is sent; the checks run during input validation too, so
 * a refusal names the field to fix.
 */

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const pair = (what: string) =>
  z.object({
    key: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .meta(meta('Key', `The ${what} name.`)),
    value: z.string().meta(meta('Value', `The ${what} value.`)),
  });

const input = z
  .object({
    url: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .meta(
        meta(
          'URL',
          'A path on the Constant Contact API starting with /v3/, e.g. /v3/contact_lists. ' +
            'Full URLs and other hosts are refused: the call always goes to the connected API.',
        ),
      ),
    method: z
      .enum(METHODS, { error: `must be one of ${METHODS.join(', ')}` })
      .default('GET')
      .meta(
        meta(
          'Method',
          'GET to read, POST to create, PUT to replace, PATCH to change part of an entry, DELETE to remove one.',
          { options: 'allowed-values' },
        ),
      ),
    headers: z
      .array(pair('header'))
      .optional()
      .meta(
        meta(
          'Headers',
          'Extra request headers as key/value pairs. ' +
            "Do not add Authorization: the connection's own token is always used.",
        ),
      ),
    query_string: z
      .array(pair('query parameter'))
      .optional()
      .meta(meta('Query String', 'Query parameters as key/value pairs; a key given twice is sent twice.')),
    body: z
      .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
      .optional()
      .meta(meta('Body', 'The request body: JSON text, or a JSON object or array. Not allowed with GET.')),
  })
  .superRefine((v, ctx) => {
    const refusal = (check: () => void, path: string) => {
      try {
        check();
      } catch (err) {
        if (!(err instanceof RequestRefusedError)) throw err;
        ctx.addIssue({ code: 'custom', path: [path], message: `${err.message}${err.hint ? ` ${err.hint}` : ''}` });
      }
    };
    refusal(() => validateRawCall({ method: v.method, path: v.url }), 'url');
    refusal(() => validateRawCall({ method: 'GET', path: '/v3/', headers: headerRecord(v.headers) }), 'headers');
    const body = bodyOf(v.body);
    if (body !== undefined && v.method === 'GET')
      ctx.addIssue({
        code: 'custom',
        path: ['body'],
        message: 'a GET request cannot have a body: remove it, or choose POST, PUT or PATCH',
      });
    if (typeof body === 'string' && isJsonContent(v.headers)) {
      try {
        JSON.parse(body);
      } catch (err) {
        ctx.addIssue({
          code: 'custom',
          path: ['body'],
          message:
            `is not valid JSON (${(err as Error).message}); ` +
            `give JSON text, or set a Content-Type header for another format`,
        });
      }
    }
  });

type Pair = { key: string; value: string };

/** Pairs, not an object: a header named `__proto__` or `constructor` stays a header. */
function headerRecord(headers: readonly Pair[] | undefined): [string, string][] {
  return (headers ?? []).map((h) => [h.key, h.value]);
}

function isJsonContent(headers: readonly Pair[] | undefined): boolean {
  const type = headers?.find((h) => h.key.toLowerCase() === 'content-type')?.value;
  return type === undefined || /json/i.test(type);
}

/** An empty text means no body. */
function bodyOf(body: unknown): unknown {
  return typeof body === 'string' && body.trim() === '' ? undefined : body;
}

export default defineModule({
  key: 'make-an-api-call',
  name: 'Make an API Call',
  group: 'Other',
  kind: 'universal',
  description:
    'Performs an arbitrary authorized call to the Constant Contact v3 API, ' +
    'for anything the other modules do not cover. The connection adds its Authorization header; ' +
    'the answer is returned whatever its status, so check status in the output.',
  scopes: ['contact_data', 'campaign_data', 'account_read'],
  input,
  output:
    '{status, headers, body}: the HTTP status, the response headers (lower-case names) ' +
    'and the body (parsed JSON, the text when it is not JSON, or null when empty).',
  outputSchema: record('API Response', {
    status: z.number().int().describe('Status'),
    headers: z.record(z.string(), z.string()).describe('Headers'),
    body: z.unknown().describe('Body'),
  }),
  async run(v, ctx) {
    const request: Parameters<typeof rawCall>[1] = ctx.callOptions({
      method: v.method,
      path: v.url,
      headers: headerRecord(v.headers),
    });
    if (v.query_string?.length) request.query = v.query_string.map((q) => [q.key, q.value] as const);
    const body = bodyOf(v.body);
    if (body !== undefined) request.body = body;
    const result = await rawCall(ctx.client, request);
    return { status: result.status, headers: result.headers, body: result.body };
  },
});
