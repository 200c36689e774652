import type { MiddlewareHandler } from 'hono';
import { ApiProblem } from './errors.js';
import { MAX_IMPORT_BYTES } from './resources/activities/import-requests.js';

/**
 * The most of a request body the sandbox reads: twice the API's largest payload, the 4 MB import
 * (facts §3.2–3.3), so an import somewhat past 4 MB is still read and cut as the API cuts it, and a
 * multipart envelope has room to spare. Anything longer is answered 413 before the excess is read.
 */
export const MAX_BODY_BYTES = 2 * MAX_IMPORT_BYTES;

function tooLarge(maxBytes: number): Response {
  return new ApiProblem(
    413,
    'http.status.payload_too_large',
    `The request body is larger than ${maxBytes.toLocaleString('en-US')} bytes, the most the API accepts; ` +
      'an import keeps only its first 4 MB anyway, so send the data in smaller parts.',
    'array',
    // The rest of the body is never read: the connection cannot carry another request after it.
    { connection: 'close' },
  ).toResponse();
}

/**
 * Reads every request body in full before anything answers, counting as it goes, and stops at
 * `maxBytes` with a 413. Reading it first also means no answer (a 401, a 415, a 429) ever leaves an
 * unread body on a kept-alive connection, which the HTTP server would then have to drain against a
 * deadline or close under the client.
 */
export function bodyLimit(maxBytes = MAX_BODY_BYTES): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > maxBytes) {
      void body.cancel().catch(() => undefined);
      return tooLarge(maxBytes);
    }
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => undefined);
        return tooLarge(maxBytes);
      }
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks, size) });
    await next();
  };
}
