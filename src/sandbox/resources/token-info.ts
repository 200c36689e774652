import type { SandboxResource } from '../context.js';
import { readJsonObject } from '../body.js';
import { badRequest } from '../errors.js';
import { OAuthStore } from '../oauth/store.js';

/**
 * `POST /v3/token_info` (facts §7.1, docs only, not in the 3.0.178 swagger): body `{"token": "..."}`
 * with the usual Bearer header; answers the scopes of the given access token plus its application and
 * lifetime. A token that is unknown, revoked or expired (sandbox clock) is refused with a 400 array,
 * so a caller never mistakes "the token you asked about is dead" for "your own token is dead" (401).
 */
export const tokenInfoResource: SandboxResource = {
  name: 'token-info',
  schema: [],
  register(api, ctx) {
    const store = new OAuthStore(ctx.db, ctx.clock);
    api.post('/token_info', async (c) => {
      const body = await readJsonObject(c);
      const token = body.token;
      if (typeof token !== 'string' || token === '') {
        throw badRequest('http.status.bad_request', 'The token field is required: {"token": "<access token>"}.');
      }
      const record = store.verifyAccess(token);
      if (!record) throw badRequest('token_info.token.invalid', 'The token is unknown, revoked or expired.');
      const expiresAt = record.expires_at ?? record.issued_at;
      return c.json({
        scopes: record.scopes.split(' ').filter(Boolean),
        client_id: record.client_id,
        token_type: 'Bearer',
        issued_at: new Date(record.issued_at).toISOString(),
        expires_at: new Date(expiresAt).toISOString(),
        expires_in: Math.max(0, Math.floor((expiresAt - ctx.clock.nowMs()) / 1000)),
      });
    });
  },
};
