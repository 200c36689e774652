import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../../../src/sandbox/random.js';
import { planTimeline, type TimelineInput } from '../../../src/sandbox/engine/simulate.js';

const SENT_AT = Date.parse('2026-03-02T15:00:00.000Z');
const input = (overrides: Partial<TimelineInput> = {}): TimelineInput => ({
  recipient: { contact_id: 'c-1', email_address: 'a@example.com' },
  sentAt: SENT_AT,
  urlIds: [11, 12, 13],
  tracksOpens: true,
  ...overrides,
});

describe('planTimeline', () => {
  it('holds its invariants for any seed', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), fc.integer({ min: 0, max: 4 }), (seed, tracksOpens, links) => {
        const urlIds = [101, 102, 103, 104].slice(0, links);
        const events = planTimeline(createRng(seed), input({ tracksOpens, urlIds }));
        // the send comes first, at the send time; everything else strictly later, on whole minutes
        expect(events[0]).toMatchObject({ type: 'em_sends', at_ms: SENT_AT });
        expect(events.filter((e) => e.type === 'em_sends')).toHaveLength(1);
        for (const e of events.slice(1)) {
          expect(e.at_ms).toBeGreaterThan(SENT_AT);
          expect(e.at_ms % 60_000).toBe(0);
        }
        expect(events.map((e) => e.at_ms)).toEqual([...events.map((e) => e.at_ms)].sort((x, y) => x - y));
        // clicks only on the email's links; an undelivered bounce ends the story
        for (const c of events.filter((e) => e.type === 'em_clicks')) expect(urlIds).toContain(c.url_id);
        const bounce = events.find((e) => e.type === 'em_bounces');
        if (bounce && bounce.bounce_code !== 'V') expect(events).toHaveLength(2);
        // engagement needs an open first (recorded, or inferred when there is no tracking image)
        const opens = events.filter((e) => e.type === 'em_opens');
        const engaged = events.filter((e) => ['em_clicks', 'em_forwards', 'em_optouts'].includes(e.type));
        if (engaged.length > 0) expect(opens.length).toBeGreaterThan(0);
        for (const e of engaged) expect(opens[0]!.at_ms).toBeLessThanOrEqual(e.at_ms);
        if (!tracksOpens) expect(opens.length).toBe(engaged.length > 0 ? 1 : 0);
        expect(events.filter((e) => e.type === 'em_optouts').length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });

  it('is a pure function of the random stream', () => {
    const one = planTimeline(createRng('same label'), input());
    const two = planTimeline(createRng('same label'), input());
    expect(two).toEqual(one);
  });

  it('spreads first opens over hours and days, so advancing the clock reveals more', () => {
    const firstOpens: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const open = planTimeline(createRng(`spread-${i}`), input()).find((e) => e.type === 'em_opens');
      if (open) firstOpens.push((open.at_ms - SENT_AT) / 3_600_000);
    }
    const share = (hours: number) => firstOpens.filter((h) => h <= hours).length / firstOpens.length;
    expect(firstOpens.length / 2000).toBeGreaterThan(0.35);
    expect(share(1)).toBeGreaterThan(0.05);
    expect(share(1)).toBeLessThan(share(24));
    expect(share(24)).toBeLessThan(1);
  });

  it('produces every bounce code and device type across many recipients', () => {
    const codes = new Set<string>();
    const devices = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      for (const e of planTimeline(createRng(`mix-${i}`), input())) {
        if (e.bounce_code) codes.add(e.bounce_code);
        if (e.device_type) devices.add(e.device_type);
      }
    }
    expect([...codes].sort()).toEqual(['B', 'D', 'F', 'S', 'V', 'X', 'Z']);
    expect([...devices].sort()).toEqual(['computer', 'mobile', 'tablet']);
  });
});
