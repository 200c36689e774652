import type { Context } from 'hono';
import { badRequest, unsupportedMediaType } from './errors.js';

/** Reads a JSON request body: 415 unless the Content-Type is application/json, 400 if it does not parse. */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw unsupportedMediaType();
  const text = await c.req.text();
  if (text.trim() === '')
    throw badRequest('http.status.bad_request', 'The request body is empty; a JSON body is required.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('http.status.bad_request', 'The request body is not valid JSON.');
  }
}

/** Reads a JSON body that must be an object. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const body = await readJson(c);
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('http.status.bad_request', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}
