import {
  ConflictError,
  CtctApiError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
  nextUtcMidnight,
  quotaExceeded,
  type ErrorDetails,
} from './errors.js';

/** What an error body says, whatever its shape. */
export interface ParsedErrorBody {
  errorKey: string | undefined;
  messages: string[];
  /** The parsed JSON, or the text when it is not JSON, or undefined when empty. */
  body: unknown;
}

/**
 * Reads an error body in each shape the API uses (facts §8.2): an array of `{error_key, error_message}`,
 * a single such object (401, 429, reporting), OAuth's `{error, error_description}`, or something that is
 * not JSON at all (a proxy's HTML page, plain text).
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed === '') return { errorKey: undefined, messages: [], body: undefined };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return { errorKey: undefined, messages: [plainTextMessage(trimmed)], body: trimmed };
  }
  const entries = Array.isArray(json) ? json : [json];
  let errorKey: string | undefined;
  const messages: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') {
      messages.push(entry);
      continue;
    }
    if (!entry || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    const key = stringField(e, 'error_key') ?? stringField(e, 'error');
    errorKey ??= key;
    const message = stringField(e, 'error_message') ?? stringField(e, 'error_description') ?? stringField(e, 'message');
    if (message !== undefined) messages.push(message);
    else if (key !== undefined) messages.push(key);
  }
  return { errorKey, messages, body: json };
}

function stringField(o: Record<string, unknown>, name: string): string | undefined {
  const v = o[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A readable line from a non-JSON body: tags dropped, whitespace collapsed, kept short. */
function plainTextMessage(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

/** Removes tokens from text the client keeps or prints: known secrets and anything after `Bearer `. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // A secret is also looked for line by line: a token with a line break may be quoted in pieces.
  // eslint-disable-next-line no-control-regex -- control characters split the pieces
  const pieces = secrets.flatMap((secret) => [secret, ...secret.split(/[\u0000-\u001f\u007f\s]+/)]);
  for (const secret of pieces.sort((a, b) => b.length - a.length))
    if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  // The whole value after `Bearer`, up to the end of the line or of a quoted string.
  return out.replace(/Bearer[ \t]+[^\s"'`,;]+/gi, 'Bearer [redacted]');
}

export interface FailedResponse {
  status: number;
  method: string;
  /** URL path of the request (`/v3/contacts/abc`). */
  path: string;
  /** The body text as received. */
  text: string;
  /** Tokens to keep out of messages and bodies. */
  secrets?: readonly string[];
  /** Used to compute the quota's reset time. */
  now?: Date;
  /** Extra sentence (e.g. how many retries were made). */
  note?: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

type ErrorClass = new (message: string, details: ErrorDetails) => CtctApiError;

/** What the caller should do, per status: the sentence that ends the message, and a further hint. */
function advice(
  status: number,
  method: string,
  errorKey: string | undefined,
): { cls: ErrorClass; action: string; hint: string } {
  if (status === 400)
    return {
      cls: ValidationError,
      action: 'Fix the request: sending it unchanged fails the same way.',
      hint: 'The quoted message names the offending field; field names and limits follow the v3 contract.',
    };
  if (status === 401)
    return {
      cls: UnauthorizedError,
      action: 'The access token is invalid or expired: reconnect the account with `ctct connect`.',
      hint: 'Access tokens live 24 hours; a connection granted offline_access renews itself.',
    };
  if (status === 403)
    return {
      cls: ForbiddenError,
      action: 'The token lacks the OAuth scope, or the user lacks the privilege, this call needs.',
      hint:
        'Reconnect granting the scope (contact_data, campaign_data or account_read) ' +
        'or use an Account Owner/Manager login: Campaign Creators cannot read contacts or reports.',
    };
  if (status === 404)
    return {
      cls: NotFoundError,
      action:
        'Check the id: nothing with it exists in this account, or it was deleted (a malformed id also gives 404).',
      hint: 'List the collection to find a valid id.',
    };
  if (status === 409)
    return {
      cls: ConflictError,
      action: 'It clashes with an existing resource (a duplicate email or name, deleted contacts included).',
      hint: 'Look the existing resource up and update it instead of creating it again.',
    };
  if (status === 415)
    return {
      cls: UnsupportedMediaTypeError,
      action: 'Send JSON with Content-Type: application/json (CSV imports: multipart with a .csv file).',
      hint: 'Do not set Content-Type by hand for multipart bodies: the boundary comes from the client.',
    };
  if (status === 429 && errorKey !== undefined && errorKey !== 'throttled') {
    return {
      cls: RateLimitedError,
      action:
        'The API refused it with a limit that waiting a few seconds does not clear (e.g. ' +
        '50 test sends a day, 1,000 queued activities).',
      hint: 'Try again once the limit has passed (daily caps reset at 00:00 UTC).',
    };
  }
  if (status === 429)
    return {
      cls: RateLimitedError,
      action: 'The API kept throttling beyond the time the client may wait.',
      hint:
        'The 4 requests a second are shared by every process of the application; ' +
        'run fewer at once or allow longer waits (retry.maxThrottledWaitMs).',
    };
  if (status >= 500) {
    const unsafe = method === 'POST' || method === 'PATCH';
    return {
      cls: ServerError,
      action: unsafe
        ? 'The request was not resent: it may or may not have been applied, and the API has no idempotency keys; ' +
          'check before retrying.'
        : 'The API failed; try again later.',
      hint: 'Constant Contact status: https://status.constantcontact.com',
    };
  }
  return {
    cls: CtctApiError,
    action: 'The API refused the request.',
    hint: 'Check the method and path against the v3 reference.',
  };
}

/** Builds the typed error for a non-2xx answer (the factory: the status picks the class). */
export function errorFromResponse(res: FailedResponse): CtctApiError {
  const parsed = parseErrorBody(redact(res.text, res.secrets));
  const request = `${res.method} ${res.path}`;
  const details: ErrorDetails = {
    status: res.status,
    method: res.method,
    path: res.path,
    errorKey: parsed.errorKey,
    messages: parsed.messages,
    body: parsed.body,
  };
  const quoted = parsed.messages.length > 0 ? `: "${parsed.messages.join('; ')}"` : '';
  if (res.status === 429 && parsed.errorKey === 'quota_exceeded') {
    return quotaExceeded(nextUtcMidnight(res.now ?? new Date()), details);
  }
  const { cls, action, hint } = advice(res.status, res.method, parsed.errorKey);
  const reason = REASONS[res.status] ?? (res.status >= 500 ? 'Server Error' : 'Error');
  const note = res.note ? ` ${res.note}` : '';
  return new cls(`${request} failed with ${res.status} ${reason}${quoted}.${note} ${action}`, { ...details, hint });
}
