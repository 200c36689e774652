import type { Rng } from '../random.js';
import type { TrackingEventInput } from '../store/tracking.js';

/**
 * The seeded engagement model: what one recipient does with one email, as a timeline of events after
 * the send. It is pure (randomness comes from the given stream), so the same seed and the same
 * recipient always produce the same timeline. Rates are deliberately higher than real campaigns so a
 * small demo list shows every kind of event; they are documented in src/sandbox/README.md.
 */

export const ENGAGEMENT = {
  bounceRate: 0.06,
  openRate: 0.5,
  /** chance of each further open after an open (geometric), at most maxOpens in all */
  reopenRate: 0.35,
  maxOpens: 6,
  /** among openers */
  clickRate: 0.35,
  forwardRate: 0.05,
  optOutRate: 0.05,
} as const;

const BOUNCE_CODES: readonly { code: string; weight: number }[] = [
  { code: 'B', weight: 25 }, // address doesn't exist
  { code: 'D', weight: 15 }, // undeliverable after retries
  { code: 'F', weight: 10 }, // mailbox full
  { code: 'S', weight: 5 }, // suspended
  { code: 'V', weight: 15 }, // vacation / auto-reply, but delivered
  { code: 'X', weight: 10 }, // other
  { code: 'Z', weight: 20 }, // blocked by the ISP
];

const DEVICES: readonly { code: string; weight: number }[] = [
  { code: 'computer', weight: 50 },
  { code: 'mobile', weight: 40 },
  { code: 'tablet', weight: 10 },
];

/** What contacts type on the unsubscribe page; null = they gave no reason. */
const OPT_OUT_REASONS: readonly (string | null)[] = [
  'I no longer want to receive these emails',
  'The emails are too frequent',
  'The content is not relevant to me',
  'I never signed up for this mailing list',
  null,
];

const MINUTE = 60_000;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 24 * HOUR_MINUTES;

export interface Recipient {
  contact_id: string;
  email_address: string;
}

export interface TimelineInput {
  recipient: Recipient;
  /** The send instant, already on a whole minute. */
  sentAt: number;
  /** url_ids of the distinct links in the email (clicks pick among them). */
  urlIds: readonly number[];
  /** false when the HTML lacks [[trackingImage]]: opens are then only inferred from clicks. */
  tracksOpens: boolean;
}

function weighted(rng: Rng, items: readonly { code: string; weight: number }[]): string {
  const total = items.reduce((sum, i) => sum + i.weight, 0);
  let roll = rng.next() * total;
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item.code;
  }
  return items[items.length - 1]?.code ?? '';
}

/** Minutes from the send to the first open: most within hours, a tail over the following week. */
function firstOpenDelay(rng: Rng): number {
  const r = rng.next();
  if (r < 0.55) return rng.int(1, 3 * HOUR_MINUTES);
  if (r < 0.85) return rng.int(3 * HOUR_MINUTES + 1, DAY_MINUTES);
  return rng.int(DAY_MINUTES + 1, 7 * DAY_MINUTES);
}

/** The events of one recipient (the send itself included), in time order. */
export function planTimeline(rng: Rng, input: TimelineInput): TrackingEventInput[] {
  const { recipient, sentAt } = input;
  const at = (minutes: number): number => sentAt + minutes * MINUTE;
  const base = { contact_id: recipient.contact_id, email_address: recipient.email_address };
  const events: TrackingEventInput[] = [{ ...base, type: 'em_sends', at_ms: sentAt }];

  if (rng.chance(ENGAGEMENT.bounceRate)) {
    const code = weighted(rng, BOUNCE_CODES);
    events.push({ ...base, type: 'em_bounces', at_ms: at(rng.int(1, 45)), bounce_code: code });
    if (code !== 'V') return events;
  }
  if (!rng.chance(ENGAGEMENT.openRate)) return events;

  const opens: { minute: number; device: string }[] = [];
  let minute = firstOpenDelay(rng);
  let device = weighted(rng, DEVICES);
  opens.push({ minute, device });
  while (opens.length < ENGAGEMENT.maxOpens && rng.chance(ENGAGEMENT.reopenRate)) {
    minute += rng.int(5, 2 * DAY_MINUTES);
    if (!rng.chance(0.7)) device = weighted(rng, DEVICES);
    opens.push({ minute, device });
  }

  const engagement: TrackingEventInput[] = [];
  if (input.urlIds.length > 0 && rng.chance(ENGAGEMENT.clickRate)) {
    const clicks = rng.int(1, Math.min(3, input.urlIds.length + 1));
    for (let i = 0; i < clicks; i++) {
      const open = rng.pick(opens);
      engagement.push({
        ...base,
        type: 'em_clicks',
        at_ms: at(open.minute + rng.int(0, 30)),
        device_type: open.device,
        url_id: rng.pick(input.urlIds),
      });
    }
  }
  if (rng.chance(ENGAGEMENT.forwardRate)) {
    engagement.push({ ...base, type: 'em_forwards', at_ms: at(rng.pick(opens).minute + rng.int(1, 120)) });
  }
  if (rng.chance(ENGAGEMENT.optOutRate)) {
    const reason = rng.pick(OPT_OUT_REASONS);
    const optOut: TrackingEventInput = {
      ...base,
      type: 'em_optouts',
      at_ms: at(rng.pick(opens).minute + rng.int(1, 60)),
    };
    if (reason !== null) optOut.opt_out_reason = reason;
    engagement.push(optOut);
  }

  if (input.tracksOpens) {
    for (const open of opens)
      events.push({ ...base, type: 'em_opens', at_ms: at(open.minute), device_type: open.device });
  } else if (engagement.length > 0) {
    // without the tracking image the only evidence of an open is the first click, forward or opt-out
    const first = engagement.reduce((a, b) => (b.at_ms < a.at_ms ? b : a));
    events.push({
      ...base,
      type: 'em_opens',
      at_ms: first.at_ms,
      device_type: first.device_type ?? opens[0]?.device ?? 'computer',
    });
  }
  events.push(...engagement);
  return events.sort((a, b) => a.at_ms - b.at_ms);
}
