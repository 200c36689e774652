import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { ConnectionError, OAuthFlowError } from './errors.js';

/**
 * The redirect target of the authorization-code flow (RFC 8252 §7.3): an HTTP listener on 127.0.0.1
 * that accepts exactly one answer to exactly one authorization request, checks its `state`, and
 * closes. Nothing it prints or throws contains the code.
 *
 * An answer with the wrong `state` did not come from this command's request (any local program or
 * web page can reach 127.0.0.1): it gets an error page and is otherwise ignored, so it cannot cancel
 * the sign-in; the listener keeps waiting for the real redirect or the timeout.
 */
export const LOOPBACK_PATH = '/';

export interface LoopbackOptions {
  /** 0 (default) picks a free port; a fixed one is for apps registered with an exact redirect URI. */
  port?: number;
  state: string;
  /** Give up waiting for the browser after this long (default 5 minutes, the life of an auth code). */
  timeoutMs?: number;
}

export interface LoopbackListener {
  redirectUri: string;
  /** Resolves with the authorization code, or rejects (denied, wrong state, timeout). Closes the listener either way. */
  code: Promise<string>;
  close(): Promise<void>;
}

export async function startLoopback(options: LoopbackOptions): Promise<LoopbackListener> {
  let settle: { resolve(code: string): void; reject(err: Error): void } | undefined;
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  let strays = 0;
  code.catch(() => undefined); // the caller awaits it; this only prevents an unhandled rejection before that

  const server = createServer((req, res) => {
    const outcome = judge(req, options.state);
    if (outcome.kind === 'ignore') {
      reply(res, 404, 'Not found.');
      return;
    }
    if (outcome.kind === 'wrong-state') {
      strays++;
      reply(
        res,
        400,
        'This answer does not belong to the sign-in ctct is waiting for (wrong state), so it was ignored. ' +
          'If you started `ctct connect`, finish signing in from the page it opened.',
      );
      return;
    }
    if (outcome.kind === 'code')
      reply(res, 200, 'ctct is connected. You can close this tab and return to the terminal.');
    else reply(res, 400, `ctct could not connect: ${outcome.error.message}. Return to the terminal.`);
    // Single use: whatever the answer, the listener is done.
    void close();
    if (outcome.kind === 'code') settle?.resolve(outcome.code);
    else settle?.reject(outcome.error);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new ConnectionError(
              `port ${options.port ?? 0} on 127.0.0.1 is already in use`,
              'pass another --port, or omit --port to pick a free one',
              2,
            )
          : err,
      ),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new ConnectionError('the loopback listener has no TCP port');

  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const timer = setTimeout(() => {
    void close();
    settle?.reject(
      new ConnectionError(
        `no answer from the browser within ${Math.round(timeoutMs / 1000)} s` +
          (strays > 0 ? ` (${strays} answer${strays === 1 ? '' : 's'} with the wrong state ignored)` : ''),
        'run the command again and approve access in the browser (with --no-browser, open the printed URL yourself)',
      ),
    );
  }, timeoutMs);
  timer.unref();

  let closed: Promise<void> | undefined;
  function close(): Promise<void> {
    clearTimeout(timer);
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    return closed;
  }

  return { redirectUri: `http://127.0.0.1:${address.port}${LOOPBACK_PATH}`, code, close };
}

type Outcome =
  { kind: 'ignore' } | { kind: 'wrong-state' } | { kind: 'code'; code: string } | { kind: 'error'; error: Error };

function judge(req: IncomingMessage, expectedState: string): Outcome {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method !== 'GET' || url.pathname !== LOOPBACK_PATH) return { kind: 'ignore' };
  const params = url.searchParams;
  if (!params.has('code') && !params.has('error')) return { kind: 'ignore' }; // a stray visit, e.g. a prefetch
  const state = params.get('state') ?? '';
  if (!sameString(state, expectedState)) return { kind: 'wrong-state' };
  const error = params.get('error');
  if (error !== null) {
    const hint =
      error === 'access_denied' ? 'access was declined in the browser; run the command again to retry' : undefined;
    return {
      kind: 'error',
      error: new OAuthFlowError(error, params.get('error_description')?.slice(0, 300) ?? undefined, hint),
    };
  }
  const code = params.get('code') ?? '';
  if (code === '')
    return { kind: 'error', error: new OAuthFlowError('invalid_response', 'the redirect carried an empty code') };
  return { kind: 'code', code };
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function reply(res: ServerResponse, status: number, text: string): void {
  const html = `<!doctype html><meta charset="utf-8"><title>ctct connect</title><p>${escapeHtml(text)}</p>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
