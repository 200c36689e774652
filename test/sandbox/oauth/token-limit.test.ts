import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useSandbox } from '../../helpers/sandbox.js';
import { SANDBOX_CLIENT_ID } from '../../../src/sandbox/index.js';
import { TOKEN_BURST } from '../../../src/sandbox/ratelimit.js';
import { tokenRequest } from './browser.js';

describe('token endpoint limit (rate limits on)', () => {
  const t = useSandbox({ rateLimits: true });
  // The first response of a file pays for loading the contract validator (about a second of real
  // time, enough to refill the bucket); take that cost before measuring a burst.
  beforeAll(() => t.api('POST', '/token_info', { token: t.sandbox.credentials.access_token }));
  beforeEach(() => t.sandbox.rateLimits.reset());

  const refresh = (token: string) =>
    tokenRequest(t.sandbox, {
      params: { grant_type: 'refresh_token', refresh_token: token, client_id: SANDBOX_CLIENT_ID },
    });

  it(`lets one client refresh ${TOKEN_BURST} times back to back when it serializes (each refresh uses the previous answer)`, async () => {
    let current = t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, ['contact_data', 'offline_access']).refresh_token!;
    for (let i = 0; i < TOKEN_BURST; i++) {
      const res = await refresh(current);
      expect(res.status).toBe(200);
      current = res.body.refresh_token;
    }
    const over = await refresh(current);
    expect(over.status).toBe(429);
    expect(over.body.error).toBe('too_many_requests');
    expect(typeof over.body.error_description).toBe('string');
    // the refused request did not consume the rotating token
    t.sandbox.rateLimits.enabled = false;
    try {
      expect((await refresh(current)).status).toBe(200);
    } finally {
      t.sandbox.rateLimits.enabled = true;
    }
  });

  it('does not charge the API budget for token requests', async () => {
    const issued = t.sandbox.oauth.issueGrant(SANDBOX_CLIENT_ID, ['contact_data', 'offline_access']);
    await refresh(issued.refresh_token!);
    expect(t.sandbox.rateLimits.dailyCount()).toBe(0);
  });
});
