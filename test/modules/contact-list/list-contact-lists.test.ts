import { describe, expect, it } from 'vitest';
import { useModuleTestbed } from '../../helpers/modules.js';

describe('List Contact Lists', () => {
  const t = useModuleTestbed();

  it('returns every list up to Limit, reading pages of 500 and stopping at Limit', async () => {
    // An account holds at most 1,000 lists (facts §8.4): fill it.
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => t.api('POST', '/contact_lists', { name: `List ${batch * 100 + i}` })),
      );
    }
    const mark = t.requests.length;
    const all = await t.runList('list-contact-lists', { limit: 1000 });
    expect(all).toHaveLength(1000);
    expect(new Set(all.map((l) => l.list_id)).size).toBe(1000);
    expect(t.requestsSince(mark, '/v3/contact_lists')).toHaveLength(2);

    const mark2 = t.requests.length;
    const some = await t.runList('List Contact Lists', { limit: 501 });
    expect(some).toHaveLength(501);
    expect(t.requestsSince(mark2, '/v3/contact_lists')).toHaveLength(2);

    const mark3 = t.requests.length;
    expect(await t.runList('list-contact-lists', { limit: 3 })).toHaveLength(3);
    expect(t.requestsSince(mark3, '/v3/contact_lists')).toHaveLength(1);
  });

  it('rejects a Limit that is not a positive whole number, naming the field', async () => {
    await expect(t.run('list-contact-lists', { limit: 0 })).rejects.toThrow(/Limit \(limit\): must be at least 1/);
    await expect(t.run('list-contact-lists', { limit: 2.5 })).rejects.toThrow(
      /Limit \(limit\): must be a whole number/,
    );
  });
});
