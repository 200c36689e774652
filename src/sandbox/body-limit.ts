import type { MiddlewareHandler } from 'hono';
import { ApiProblem } from './errors.js';
import { MAX_IMPORT_BYTES } from './resources/activities/import-requests.js';

/**
 * The most of a request body the sandbox reads: twice the API's largest payload, the 4 MB import
 * (facts §3.2–3.3), so an import somewhat past 4 MB is still read and cut as the API cuts it, and a
 * multipart envelope has room to spare. Anything longer is answered 413 before the excess is read.
 */
export const MAX_BODY_BYTES = 2 * MAX_IMPORT_BYTES;

/**
 * How much of an oversized body is still read, and thrown away, after the 413 has been sent. Closing
 * at once would make the kernel reset the connection while the client is still sending, and a client
 * then often loses the 413 it was about to read; reading on a little (a "lingering close") lets it
 * arrive. Past this the connection is closed: nothing more of the body is ever read.
 */
const LINGER_BYTES = 16 * 1024 * 1024;

function tooLarge(maxBytes: number, rest: ReadableStreamDefaultReader<Uint8Array>): Response {
  void discard(rest);
  return new ApiProblem(
    413,
    'http.status.payload_too_large',
    `The request body is larger than ${maxBytes.toLocaleString('en-US')} bytes, the most the API accepts; ` +
      'an import keeps only its first 4 MB anyway, so send the data in smaller parts.',
  ).toResponse();
}

/** Reads and drops what follows, keeping nothing, then stops reading (which closes the connection). */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let dropped = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      dropped += value.byteLength;
      if (dropped > LINGER_BYTES) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // the client went away: nothing to discard
  }
}

/**
 * Reads every request body in full before anything answers, counting as it goes, and stops keeping
 * it at `maxBytes` with a 413. Reading it first also means no answer (a 401, a 415, a 429) ever leaves an
 * unread body on a kept-alive connection, which the HTTP server would then have to drain against a
 * deadline or close under the client.
 */
export function bodyLimit(maxBytes = MAX_BODY_BYTES): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const reader = body.getReader();
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > maxBytes) return tooLarge(maxBytes, reader);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) return tooLarge(maxBytes, reader);
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks, size) });
    await next();
  };
}
