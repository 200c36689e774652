import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { loadSpec, type SwaggerDoc } from '../helpers/spec.js';
import { ALL_SCOPES, SANDBOX_CLIENT_ID } from '../../src/sandbox/index.js';

/**
 * Every `/v3` route the sandbox serves, checked against the official contract's operation list: it
 * must be an operation of the contract (token_info aside, facts §10.15), answer 401 as a single object
 * without a token, and require exactly the scope the contract's `security` names (403 without it,
 * never 403 with only it).
 */

interface ServedOperation {
  method: string;
  /** The sandbox route, e.g. `/v3/contacts/:contact_id`. */
  route: string;
  /** The contract's template, e.g. `/contacts/{contact_id}`; undefined outside the contract. */
  template: string | undefined;
  /** Scopes the contract requires (empty when it names none). */
  scopes: string[];
}

const OUTSIDE_THE_CONTRACT = new Set(['POST /v3/token_info']);
const SOME_ID = '0b5a3c5e-0000-4000-8000-00000000abcd';
/**
 * Item routes where the contract makes an unknown (well-formed) id something other than a 404, each
 * with what it answers instead.
 */
const UNKNOWN_ID_IS_NOT_404: Record<string, { status: number; reason: string; check(body: any): void }> = {
  'GET /v3/reports/stats/email_campaign_activities/:campaign_activity_ids': {
    status: 200,
    reason:
      'unknown activities are listed under `errors`; only a malformed id is a 404 (getEmailCampaignActivitySummary)',
    check: (body) => expect(body).toMatchObject({ results: [], errors: [{ error_key: expect.any(String) }] }),
  },
  ...Object.fromEntries(
    ['GET', 'PUT'].map((method) => [
      `${method} /v3/automations/workflows/:automation_flow_id`,
      {
        status: 400,
        reason: 'the automation operations declare no 404: an unknown workflow is a 400 that names it',
        check: (body: any) =>
          expect(body).toEqual([{ error_key: expect.any(String), error_message: expect.stringContaining(SOME_ID) }]),
      },
    ]),
  ),
};

/** User-facing operations not served yet, by path prefix, with who builds them (issue 14). */
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function contractOperation(
  doc: SwaggerDoc,
  method: string,
  route: string,
): { template: string; scopes: string[] } | undefined {
  const path = route.replace(/^\/v3/, '');
  for (const [template, methods] of Object.entries(doc.paths)) {
    if (template.replace(/\{([^}]+)\}/g, ':$1').replace(/:[^/]+/g, ':') !== path.replace(/:[^/]+/g, ':')) continue;
    const op = methods[method.toLowerCase()];
    if (!op) continue;
    const scopes = [...new Set((op.security ?? []).flatMap((s) => Object.values(s).flat()))];
    return { template, scopes };
  }
  return undefined;
}

describe('every served operation against the contract', () => {
  const t = useSandbox();
  const doc = loadSpec();

  const served = (): ServedOperation[] => {
    const seen = new Set<string>();
    const out: ServedOperation[] = [];
    for (const r of t.sandbox.app.routes) {
      if (r.method === 'ALL' || !r.path.startsWith('/v3/')) continue;
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const op = doc ? contractOperation(doc, r.method, r.path) : undefined;
      out.push({ method: r.method, route: r.path, template: op?.template, scopes: op?.scopes ?? [] });
    }
    return out;
  };
  const concrete = (route: string) => route.replace(/^\/v3/, '').replace(/:[^/]+/g, SOME_ID);
  const call = (op: ServedOperation, headers: Record<string, string>) =>
    t.api(op.method, concrete(op.route), op.method === 'GET' || op.method === 'DELETE' ? undefined : {}, headers);
  const bearer = (scopes: readonly string[]) => ({
    authorization: `Bearer ${t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, scopes).access_token}`,
  });

  it('serves only operations of the contract, and all those the issue names', () => {
    const ops = served();
    expect(ops.length).toBeGreaterThanOrEqual(60);
    const outside = ops.filter((o) => o.template === undefined).map((o) => `${o.method} ${o.route}`);
    expect(outside).toEqual([...OUTSIDE_THE_CONTRACT]);
  });

  it('serves every user-facing operation of the contract (all but /partner)', () => {
    expect(doc, 'the v3 swagger at CTCT_SPEC_DIR').not.toBeNull();
    const servedKeys = new Set(served().map((o) => `${o.method} ${o.template}`));
    const userFacing = Object.entries(doc?.paths ?? {})
      .filter(([template]) => !template.startsWith('/partner'))
      .flatMap(([template, methods]) =>
        Object.keys(methods)
          .filter((m) => HTTP_METHODS.includes(m))
          .map((m) => ({ key: `${m.toUpperCase()} ${template}`, template })),
      );
    expect(userFacing.length).toBeGreaterThanOrEqual(115);
    const missing = userFacing.filter((op) => !servedKeys.has(op.key));
    expect(missing.map((op) => op.key)).toEqual([]);
  });

  it('answers 401 with the single unauthorized object on every route when no token is sent', async () => {
    for (const op of served()) {
      const res = await call(op, { authorization: '' });
      expect(res.status, `${op.method} ${op.route}`).toBe(401);
      expect(res.body, `${op.method} ${op.route}`).toEqual({
        error_key: 'unauthorized',
        error_message: 'Unauthorized',
      });
    }
  });

  it('answers 404 for an unknown id on every item route, in the API error shape', async () => {
    const items = served().filter((op) => op.route.includes(':'));
    expect(items.length).toBeGreaterThanOrEqual(36);
    for (const op of items) {
      const res = await call(op, {});
      const exception = UNKNOWN_ID_IS_NOT_404[`${op.method} ${op.route}`];
      if (exception) {
        expect(res.status, `${op.method} ${op.route}: ${exception.reason}`).toBe(exception.status);
        exception.check(res.body);
        continue;
      }
      expect(res.status, `${op.method} ${op.route}`).toBe(404);
      expect(res.body, `${op.method} ${op.route}`).toEqual([
        { error_key: expect.any(String), error_message: expect.any(String) },
      ]);
    }
  });

  it('answers 415 on every route that reads a body when it is not JSON (facts §8.3)', async () => {
    // Routes without an id: on the others an unknown id is answered 404 first.
    const writes = served().filter((op) => ['POST', 'PUT', 'PATCH'].includes(op.method) && !op.route.includes(':'));
    expect(writes.length).toBeGreaterThanOrEqual(14);
    for (const op of writes) {
      const res = await t.api(op.method, concrete(op.route), 'name=x', { 'content-type': 'text/plain' });
      expect(res.status, `${op.method} ${op.route}`).toBe(415);
      expect(res.body, `${op.method} ${op.route}`).toEqual([
        { error_key: expect.any(String), error_message: expect.any(String) },
      ]);
    }
  });

  it('requires on every route exactly the scope the contract names', async () => {
    for (const op of served()) {
      const name = `${op.method} ${op.route}`;
      if (op.template === undefined) continue;
      for (const scope of op.scopes) {
        const without = await call(op, bearer(ALL_SCOPES.filter((s) => s !== scope)));
        expect(without.status, `${name} without ${scope}`).toBe(403);
        expect(Array.isArray(without.body) || typeof without.body === 'object', name).toBe(true);
      }
      // With only the named scope (or none when the contract names none), the scope check passes.
      const only = await call(op, bearer(op.scopes.length > 0 ? op.scopes : ['offline_access']));
      expect(
        [401, 403],
        `${name} with only ${op.scopes.join(' ') || 'no API scope'}: ${JSON.stringify(only.body)}`,
      ).not.toContain(only.status);
    }
  });
});
