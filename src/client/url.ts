import { RequestRefusedError } from './errors.js';
import { assertSecureBase, pathProblem } from './guard.js';
import type { Query } from './types.js';

/** The production API base (facts: `host: api.cc.email`, `basePath: /v3`). */
export const DEFAULT_API_BASE = 'https://api.cc.email/v3';

/** A base URL without its trailing slash; throws a clear error when it is not an http(s) URL. */
export function normalizeBaseUrl(raw: string, allowHttp?: boolean): string {
  let url: URL;
  const hint = `e.g. ${DEFAULT_API_BASE} (CTCT_API_BASE, or the connection's api_base)`;
  try {
    url = new URL(raw);
  } catch {
    throw new RequestRefusedError(`The API base URL "${raw}" is not a valid URL.`, { hint });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new RequestRefusedError(`The API base URL must use http or https: ${raw}`, { hint });
  assertSecureBase(url, 'API base', allowHttp);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Encodes a query: arrays become one comma-separated value (the API's CSV parameters such as `lists`,
 * `include`, `status`) unless their name is in `repeat` (`bounce_code=B&bounce_code=D`); undefined
 * and null are left out.
 */
export function encodeQuery(query: Query | undefined, repeat?: readonly string[]): string {
  if (!query) return '';
  let out = '';
  // Own keys only (a `__proto__` or `toString` name is a query name like any other).
  for (const name of Object.keys(query)) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    const key = encodeComponent(name);
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      const separate = repeat?.includes(name) === true;
      let joined = '';
      for (let i = 0; i < value.length; i++) {
        const encoded = encodeComponent(String(value[i]));
        if (separate) out += `${out ? '&' : ''}${key}=${encoded}`;
        else joined += i === 0 ? encoded : `,${encoded}`;
      }
      if (!separate) out += `${out ? '&' : ''}${key}=${joined}`;
    } else {
      out += `${out ? '&' : ''}${key}=${encodeComponent(String(value))}`;
    }
  }
  return out;
}

/** Characters encodeURIComponent leaves as they are; most names, ids and values are made of them only. */
const UNRESERVED = /^[\w.~!*'()-]*$/;

/** encodeURIComponent, skipped when it would change nothing. */
export function encodeComponent(value: string): string {
  if (UNRESERVED.test(value)) return value;
  try {
    return encodeURIComponent(value);
  } catch {
    throw new RequestRefusedError(`The query text "${value}" contains a lone surrogate (broken UTF-16).`, {
      hint: 'Query names and values must be well-formed text.',
    });
  }
}

/** base + path (+ query), the path relative to the base and starting with `/`. */
export function buildUrl(baseUrl: string, path: string, query?: Query, repeat?: readonly string[]): string {
  if (path.charCodeAt(0) !== 47 /* '/' */ || path.charCodeAt(1) === 47) {
    throw new RequestRefusedError(
      `A request path must start with a single "/" and be relative to the API base (e.g. /contacts): ${path}`,
    );
  }
  const qs = encodeQuery(query, repeat);
  if (!qs) return baseUrl + path;
  return `${baseUrl}${path}${path.includes('?') ? '&' : '?'}${qs}`;
}

/**
 * Turns a `_links.next.href` into a path relative to the base. The API gives `/v3/contacts?cursor=...`
 * (no host, `/v3` included): the client follows it verbatim, only dropping the base path it already
 * has. An absolute href is accepted only on the base's own origin: the token never goes elsewhere.
 */
export function relativeNextPath(baseUrl: string, href: string): string {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  let pathAndQuery = href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) {
    const target = new URL(href, base);
    if (target.origin !== base.origin)
      throw new Error(`The API's next-page link points to another host (${target.origin}); refusing to follow it.`);
    // The path as written, before the URL parser removes dot segments: the guard below judges that.
    pathAndQuery = href.replace(/^[a-z][a-z0-9+.-]*:/i, '').replace(/^\/\/[^/?#]*/, '') || '/';
  }
  if (!pathAndQuery.startsWith('/'))
    throw new Error(`Unexpected next-page link "${href}": expected a path such as /v3/contacts?cursor=...`);
  const strip = (prefix: string): string | undefined =>
    prefix &&
    (pathAndQuery === prefix || pathAndQuery.startsWith(`${prefix}/`) || pathAndQuery.startsWith(`${prefix}?`))
      ? `/${pathAndQuery.slice(prefix.length).replace(/^\//, '')}`
      : undefined;
  // The same guard as `ctct call`: a link that normalises outside /v3 (`/v3/../x`, `%2e%2e`) is refused.
  const problem = pathProblem(pathAndQuery);
  if (problem) throw new Error(`The API's next-page link "${href}" is refused: ${problem}.`);
  // The API's links carry `/v3`; a base with a different path (a proxy) may carry its own prefix.
  return strip('/v3') ?? strip(basePath) ?? pathAndQuery;
}
