import { RequestRefusedError } from './errors.js';
import { checkHeaders, pathProblem, type HeaderInput } from './guard.js';
import type { ApiCore, HttpMethod, RequestOptions } from './types.js';

/**
 * The engine of `ctct call` and of the "Make an API Call" module (facts §1.7): any v3 call by method
 * and path, with the client's own Authorization. Everything that could send the token elsewhere or
 * outside `/v3` is refused before anything is sent.
 */
export interface RawCallRequest {
  method: string;
  /** The path including `/v3`, e.g. `/v3/contact_lists?limit=5`. */
  path: string;
  /** Extra query parameters; a repeated name is sent repeated (`a=1&a=2`). */
  query?: Record<string, string | readonly string[]> | readonly (readonly [string, string])[];
  /** Extra headers; names are checked (guard.ts) and lower-cased. */
  headers?: HeaderInput;
  /** A string is sent verbatim; anything else as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

export interface RawCallResult {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, the text when it is not JSON, or null when empty. */
  body: unknown;
}

/** A call refused before sending; exit code 2 (bad usage) for the CLI. */
export class RawCallRefusedError extends RequestRefusedError {
  override name = 'RawCallRefusedError';
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface ValidatedRawCall {
  method: HttpMethod;
  /** Relative to the client's base (the `/v3` removed), query included. */
  path: string;
  /** Lower-cased name/value pairs. */
  headers: [string, string][];
}

function refuse(message: string, hint: string): RawCallRefusedError {
  return new RawCallRefusedError(message, { hint });
}

const PATH_HINT =
  'Give a path that starts with /v3/, e.g. /v3/contact_lists; the host is always the configured API (CTCT_API_BASE).';

/** Checks method, path and headers; throws RawCallRefusedError naming the problem. */
export function validateRawCall(
  request: Pick<RawCallRequest, 'method' | 'path' | 'headers' | 'body'>,
): ValidatedRawCall {
  const method = String(request.method ?? '').toUpperCase() as HttpMethod;
  if (!METHODS.includes(method))
    throw refuse(
      `Unsupported method "${request.method}": use one of ${METHODS.join(', ')}.`,
      'The v3 API takes GET, POST, PUT, PATCH and DELETE.',
    );
  if (method === 'GET' && request.body !== undefined)
    throw refuse('A GET request cannot have a body.', 'Pass filters as query parameters (--query name=value).');

  const path = typeof request.path === 'string' ? request.path : '';
  if (path === '') throw refuse('The path is empty.', PATH_HINT);
  if (/^[a-z][a-z0-9+.-]*:/i.test(path))
    throw refuse(`Refusing "${path}": absolute URLs are not accepted, only paths on the configured API.`, PATH_HINT);
  if (path.startsWith('//')) throw refuse(`Refusing "${path}": a path starting with // names another host.`, PATH_HINT);
  const problem = pathProblem(path);
  if (problem) throw refuse(`Refusing "${path}": ${problem}.`, PATH_HINT);
  if (!path.startsWith('/v3/')) throw refuse(`Refusing "${path}": the path must start with /v3/.`, PATH_HINT);

  let headers: [string, string][];
  try {
    headers = checkHeaders(request.headers);
  } catch (err) {
    if (err instanceof RequestRefusedError) throw refuse(err.message, err.hint);
    throw err;
  }
  return { method, path: path.slice('/v3'.length), headers };
}

/**
 * Sends the call through the client (budget, throttle waits and token refresh included) and returns the
 * answer, whatever its status.
 */
export async function rawCall(
  client: Pick<ApiCore, 'request' | 'baseUrl'>,
  request: RawCallRequest,
): Promise<RawCallResult> {
  const call = validateRawCall(request);
  assertStaysOnBase(client.baseUrl, call.path);
  const options: RequestOptions = { headers: call.headers, throwHttpErrors: false };
  const query = queryOf(request.query);
  if (query) {
    options.query = query;
    options.repeat = Object.keys(query);
  }
  if (typeof request.body === 'string') options.rawBody = request.body;
  else if (request.body !== undefined) options.body = request.body;
  if (request.signal) options.signal = request.signal;
  const res = await client.request<unknown>(call.method, call.path, options);
  const headers: Record<string, string> = {};
  // defineProperty: a header the server named `__proto__` is kept as a header, not as a prototype.
  res.headers.forEach((value, name) => {
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  });
  return { status: res.status, headers, body: res.data === undefined ? null : res.data };
}

/** Defence in depth: the final URL must be on the base's origin and under its path. */
function assertStaysOnBase(baseUrl: string, relative: string): void {
  const base = new URL(baseUrl);
  const target = new URL(baseUrl + relative);
  const basePath = base.pathname.replace(/\/+$/, '');
  if (target.origin !== base.origin || !(target.pathname === basePath || target.pathname.startsWith(`${basePath}/`))) {
    throw refuse(`Refusing the path: it resolves outside ${base.origin}${basePath}.`, PATH_HINT);
  }
}

function queryOf(query: RawCallRequest['query']): Record<string, string[]> | undefined {
  if (!query) return undefined;
  // A null-prototype record: query names such as `__proto__` or `constructor` are plain names here.
  const out = Object.create(null) as Record<string, string[]>;
  const entries: readonly (readonly [string, string | readonly string[]])[] = Array.isArray(query)
    ? (query as readonly (readonly [string, string])[])
    : Object.keys(query).map(
        (name) => [name, (query as Record<string, string | readonly string[]>)[name] ?? ''] as const,
      );
  for (const [name, value] of entries) {
    const list = (out[name] ??= []);
    if (typeof value === 'string') list.push(value);
    else list.push(...value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
