import { RequestRefusedError } from './errors.js';

/**
 * The checks that keep a request what the caller meant before anything is sent: an id is one path
 * segment, a path never climbs out of the API base, a header is one the transport sends as given, and
 * the token is one header value. Each refusal is a `RequestRefusedError` (exit code 2 in the CLI) that
 * says what to fix; the raw call, pagination, the typed resources and the request loop all use these.
 */

/** C0 controls, DEL and C1 controls: never part of a path, an id the API made, or a header value. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * One path segment from an id. An empty id would turn `GET /contacts/{id}` into a listing, `.` and `..`
 * are dot segments every URL parser removes (`DELETE /v3/contact_lists/..` is `DELETE /v3/`), and
 * anything else is percent-encoded so it can never add segments (`a/b` becomes `a%2Fb`).
 */
export function idSegment(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new RequestRefusedError(`${what} is required (got ${JSON.stringify(value) ?? String(value)}).`, {
      hint: `Give the ${what} as the API returned it.`,
    });
  if (value === '.' || value === '..')
    throw new RequestRefusedError(`${what} "${value}" is not an id: "." and ".." would change the path.`, {
      hint: `Give the ${what} as the API returned it.`,
    });
  if (/^[\w~-][\w.~-]*$/.test(value)) return value;
  try {
    return encodeURIComponent(value);
  } catch {
    throw new RequestRefusedError(`${what} contains a lone surrogate (broken UTF-16) and cannot be sent.`, {
      hint: `Give the ${what} as the API returned it.`,
    });
  }
}

/**
 * Why a path (query included) is unsafe to send, or undefined. A path is decoded segment by segment:
 * `.` and `..` (also as `%2e`) would climb out of /v3 once the URL is normalised, and an encoded slash
 * or backslash would split a segment on servers that decode before routing.
 */
export function pathProblem(pathAndQuery: string): string | undefined {
  if (/[\\\s#]/.test(pathAndQuery) || CONTROL.test(pathAndQuery))
    return 'backslashes, spaces, control characters and fragments are not allowed in the path';
  const path = pathAndQuery.split('?', 1)[0] as string;
  for (const raw of path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      return `the segment "${raw}" is not valid percent-encoding`;
    }
    if (decoded === '..' || decoded === '.') return '"." and ".." segments could leave /v3';
    if (decoded.includes('/') || decoded.includes('\\')) return 'encoded slashes are not allowed in a segment';
  }
  return undefined;
}

/** Headers that would replace the credentials or change where the request goes. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'host', 'cookie']);
/**
 * Headers that describe the message itself or the hop (the transport sets them from the body and the
 * connection; a hand-set one makes the request malformed), and those that make a server treat the
 * request as another method than the one the call declares (a "GET" that deletes).
 */
const TRANSPORT_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'te',
  'trailer',
  'connection',
  'keep-alive',
  'upgrade',
  'proxy-connection',
  'expect',
  'http2-settings',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
]);
/** RFC 9110 `token`: the characters a header name may have. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export type HeaderInput =
  Readonly<Record<string, string>> | ReadonlyMap<string, string> | readonly (readonly [string, string])[];

const HEADER_HINT = 'Give headers as name:value with printable Latin-1 text, e.g. --header accept:application/json';

function headerEntries(headers: HeaderInput): (readonly [string, string])[] {
  if (Array.isArray(headers)) return headers as (readonly [string, string])[];
  if (headers instanceof Map) return [...(headers as ReadonlyMap<string, string>)];
  // Own keys only: a `__proto__` or `constructor` key is a header name like any other.
  const record = headers as Readonly<Record<string, string>>;
  return Object.keys(record).map((name) => [name, record[name] as string] as const);
}

/**
 * Checks caller headers and returns them as lower-cased pairs (later names win). Throws a
 * RequestRefusedError for a name that is not a token, a value the transport would refuse (control or
 * non-Latin-1 characters), and for credential, framing, hop-by-hop and method-override headers.
 */
export function checkHeaders(headers: HeaderInput | undefined): [string, string][] {
  const out = new Map<string, string>();
  if (!headers) return [];
  for (const [rawName, rawValue] of headerEntries(headers)) {
    const name = String(rawName).trim().toLowerCase();
    const value = String(rawValue);
    if (!HEADER_NAME.test(name))
      throw new RequestRefusedError(
        `"${String(rawName)}" is not a valid header name: letters, digits and !#$%&'*+.^_\`|~- only.`,
        { hint: HEADER_HINT },
      );
    // Node's fetch keeps headers in a plain object and silently drops this one: refused, not lost.
    if (name === '__proto__')
      throw new RequestRefusedError('A header named __proto__ cannot be sent: the HTTP stack drops it silently.', {
        hint: HEADER_HINT,
      });
    if (CREDENTIAL_HEADERS.has(name))
      throw new RequestRefusedError(
        `Refusing the ${String(rawName).trim()} header: ${
          name === 'authorization'
            ? "the Authorization header is always the connection's own"
            : 'it would change where or as whom the request is sent'
        }.`,
        {
          hint: 'The client adds `Authorization: Bearer <token>` itself from CTCT_ACCESS_TOKEN (or the connection).',
        },
      );
    if (TRANSPORT_HEADERS.has(name))
      throw new RequestRefusedError(
        `Refusing the ${name} header: ${
          name.startsWith('x-')
            ? 'it would make the API treat the request as another method; choose the method itself'
            : 'the transport sets framing and connection headers from the body and the connection'
        }.`,
        { hint: 'Leave it out; Content-Type and Accept are the headers API calls usually need.' },
      );
    if (/[\r\n]/.test(value))
      throw new RequestRefusedError(`The ${name} header value contains a line break.`, {
        hint: 'Header values are one line.',
      });
    const bad = [...value].find((c) => (CONTROL.test(c) && c !== '\t') || (c.codePointAt(0) as number) > 0xff);
    if (bad !== undefined)
      throw new RequestRefusedError(
        `The ${name} header value contains ${CONTROL.test(bad) ? 'a control character' : 'a character outside Latin-1'} ` +
          `(U+${(bad.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}), ` +
          `which HTTP headers cannot carry.`,
        { hint: `${HEADER_HINT}; percent-encode other text.` },
      );
    out.set(name, value);
  }
  return [...out];
}

/**
 * A token must be one header value of visible ASCII: a line break (a token pasted across lines) would
 * otherwise split the Authorization header, and the transport's error would quote part of it.
 */
export function checkToken(token: string): void {
  if (/^[\x21-\x7e]+$/.test(token)) return;
  throw new RequestRefusedError(
    token === ''
      ? 'The access token is empty; nothing was sent.'
      : 'The access token contains a space, a control character (such as a line break) or a non-ASCII character; ' +
          'nothing was sent.',
    {
      hint: 'Copy the token again as one line (CTCT_ACCESS_TOKEN), or reconnect the account with `ctct connect`.',
    },
  );
}

/** The variable that allows plain-http bases on other hosts than this machine (a lab proxy, say). */
export const ALLOW_HTTP_ENV = 'CTCT_ALLOW_INSECURE_HTTP';

/** localhost, 127.0.0.0/8 and ::1: plain http there never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Whether CTCT_ALLOW_INSECURE_HTTP says yes (1, true, yes). */
export function insecureHttpAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test(env[ALLOW_HTTP_ENV]?.trim() ?? '');
}

/**
 * Refuses a plain-http base on a host other than this machine: the bearer token (or the OAuth code
 * and refresh token) would cross the network in clear text. Loopback (the sandbox) is fine.
 */
export function assertSecureBase(url: URL, what: string, allowHttp: boolean = insecureHttpAllowed()): void {
  if (url.protocol !== 'http:' || allowHttp || isLoopbackHost(url.hostname)) return;
  throw new RequestRefusedError(
    `Refusing the ${what} ${url.origin}: plain http on another host than this machine would send tokens in clear text.`,
    {
      hint:
        `Use https (the real service is https://api.cc.email/v3), ` +
        `http only on localhost/127.0.0.1, or set ${ALLOW_HTTP_ENV}=1 if you really mean it.`,
    },
  );
}
