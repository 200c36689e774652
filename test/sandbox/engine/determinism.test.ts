import { describe, expect, it } from 'vitest';
import { useSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { advance, DAY, listWith, readAllPages, sendCampaignNow } from './fixtures.js';

const REPORTS = ['sends', 'opens', 'unique_opens', 'didnotopens', 'clicks', 'forwards', 'optouts', 'bounces'] as const;

/**
 * Builds the same account in a sandbox and returns its reports with the random ids (contact,
 * activity, list) replaced by what identifies them across sandboxes: email addresses and names.
 */
async function scenario(t: TestSandbox): Promise<Record<string, unknown[]>> {
  const list = listWith(t, 'Determinism', 'same', 80);
  const first = await sendCampaignNow(t, 'Determinism one', [list]);
  advance(t, 2 * DAY);
  const second = await sendCampaignNow(t, 'Determinism two', [list]);
  advance(t, 9 * DAY);
  const out: Record<string, unknown[]> = {};
  for (const [label, id] of [
    ['one', first.primaryId],
    ['two', second.primaryId],
  ] as const) {
    for (const report of REPORTS) {
      const { items } = await readAllPages(t, `/reports/email_reports/${id}/tracking/${report}`);
      out[`${label}/${report}`] = items.map(({ contact_id: _c, campaign_activity_id: _a, ...rest }: any) => rest);
    }
    const links = (await t.api('GET', `/reports/email_reports/${id}/links?no_clicks=true`)).body.link_click_counts;
    out[`${label}/links`] = links.map(({ url_id: _u, ...rest }: any) => rest);
  }
  return out;
}

describe('the tracking simulation is deterministic', () => {
  const a = useSandbox({ randomSeed: 'determinism' });
  const b = useSandbox({ randomSeed: 'determinism' });
  const other = useSandbox({ randomSeed: 'another seed' });
  let fromA: Record<string, unknown[]> = {};

  it('gives identical reports in two sandboxes built the same way with the same seed', async () => {
    fromA = await scenario(a);
    const fromB = await scenario(b);
    expect(fromB).toEqual(fromA);
    expect((fromA['one/opens'] ?? []).length).toBeGreaterThan(0);
  });

  it('gives different outcomes with a different seed', async () => {
    const fromOther = await scenario(other);
    expect(fromOther['one/sends']?.length).toBe(80);
    expect(fromOther['one/opens']).not.toEqual(fromA['one/opens']);
  });
});
