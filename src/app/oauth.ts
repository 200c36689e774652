import { Hono, type Context } from 'hono';
import { authorizationUrl, completeConnection, planConnection, type ConnectPlan } from '../connection/connect.js';
import { requestToken } from '../connection/oauth-client.js';
import { createPkcePair, createState } from '../connection/pkce.js';
import { jsonBody, AppRequestError } from './errors.js';
import type { Session } from './security.js';
import type { Workspace } from './workspace.js';

/** How long a consent may take in the browser (an authorization code lives about as long). */
const PENDING_MS = 10 * 60_000;

interface Pending {
  plan: ConnectPlan;
  verifier: string;
  redirectUri: string;
  expiresAt: number;
}

/**
 * `ctct connect` through the browser: the same plan, PKCE pair, authorization URL, token request and
 * saving as the CLI (src/connection/connect.ts), with this app as the loopback redirect. The redirect
 * URI is the app's own root, `http://127.0.0.1:PORT/`, the shape the CLI registers; the answer is
 * recognised by its `state`, single use, made for this browser's session.
 */
export class BrowserConnect {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly workspace: Workspace,
    private readonly session: Session,
  ) {}

  /** POST /api/connections/oauth: checks everything, then answers the URL the page sends the browser to. */
  routes(): Hono {
    const api = new Hono();
    api.post('/', async (c) => {
      const body = await jsonBody(c);
      const text = (key: string): string | undefined =>
        typeof body[key] === 'string' && (body[key] as string).trim() !== '' ? (body[key] as string).trim() : undefined;
      const service = text('service') ?? 'constant-contact';
      const options: Parameters<typeof planConnection>[0] = { store: this.workspace.store, say: () => undefined };
      const name = text('name');
      if (name !== undefined) options.name = name;
      const clientId = text('clientId');
      if (clientId !== undefined) options.clientId = clientId;
      if (Array.isArray(body.scopes)) options.scopes = body.scopes.map(String);
      if (service === 'sandbox') {
        const embedded = this.workspace.embedded;
        if (!embedded)
          throw new AppRequestError('This app runs no sandbox', 400, 'Choose Constant Contact, or another server.');
        options.oauthBase = embedded.server.oauthBase;
        options.apiBase = embedded.server.url;
      } else if (service === 'custom') {
        const oauthBase = text('oauthBase');
        const apiBase = text('apiBase');
        if (oauthBase === undefined)
          throw new AppRequestError(
            'OAuth base is required for another server',
            400,
            'e.g. http://127.0.0.1:4010/oauth2/default/v1',
          );
        options.oauthBase = oauthBase;
        if (apiBase !== undefined) options.apiBase = apiBase;
      }
      const plan = await planConnection(options);
      const pkce = createPkcePair();
      const state = createState();
      const redirectUri = `${this.session.origins[0]}/`;
      this.forgetExpired();
      this.pending.set(state, { plan, verifier: pkce.verifier, redirectUri, expiresAt: Date.now() + PENDING_MS });
      return c.json({ authorizeUrl: authorizationUrl(plan, redirectUri, state, pkce), warnings: plan.warnings });
    });
    return api;
  }

  /** True when a request to `/` is the authorization server sending the browser back. */
  isCallback(c: Context): boolean {
    const state = c.req.query('state');
    return state !== undefined && (c.req.query('code') !== undefined || c.req.query('error') !== undefined);
  }

  /** The redirect's answer: exchange the code, save the connection, show the Connections page. */
  async callback(c: Context): Promise<Response> {
    const state = c.req.query('state') ?? '';
    const pending = this.pending.get(state);
    this.pending.delete(state);
    const back = (params: Record<string, string>): Response =>
      c.redirect(`/#/connections?${new URLSearchParams(params).toString()}`, 303);
    if (!pending || pending.expiresAt < Date.now())
      return back({ error: 'This consent is unknown or has expired: start adding the connection again.' });
    const error = c.req.query('error');
    if (error !== undefined)
      return back({
        error:
          `The authorization server refused: ${c.req.query('error_description') ?? error}` +
          (error === 'access_denied' ? ' (access was denied)' : ''),
      });
    try {
      const tokens = await requestToken(pending.plan.oauthBase, {
        grant_type: 'authorization_code',
        code: c.req.query('code') ?? '',
        redirect_uri: pending.redirectUri,
        client_id: pending.plan.clientId,
        code_verifier: pending.verifier,
      });
      const result = await completeConnection({ store: this.workspace.store }, pending.plan, tokens);
      this.workspace.forget(result.connection.name);
      return back({
        connected: result.connection.name,
        ...(result.warnings.length ? { warnings: result.warnings.join(' · ') } : {}),
      });
    } catch (err) {
      const e = err as Error & { hint?: string };
      return back({ error: `${e.message}${e.hint ? `. ${e.hint}` : ''}` });
    }
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [state, p] of this.pending) if (p.expiresAt < now) this.pending.delete(state);
  }
}
