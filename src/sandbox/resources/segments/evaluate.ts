import type { SandboxContext } from '../../context.js';
import { findSegment } from '../../store/segments.js';
import { customFieldsByName } from '../../store/custom-fields.js';
import { sql } from '../../store/sql.js';
import type { ContactRow, CustomFieldValue, MailableContact } from '../../store/contacts.js';
import { parseCriteria, type Condition, type Group, type Node } from './criteria.js';

/**
 * Evaluates segment criteria against the contacts as they are now: every condition is the set of live
 * (not deleted) contacts meeting it, and groups intersect ("and") or unite ("or") their items' sets.
 * Tracking conditions read the same tracking rows as the reports, visible at the sandbox clock's now.
 */

const DAY_MS = 24 * 3600 * 1000;
const TRACKING_TYPE = {
  sent: 'em_sends',
  opened: 'em_opens',
  clicked: 'em_clicks',
  forwarded: 'em_forwards',
  bounced: 'em_bounces',
  opted_out: 'em_optouts',
} as const;

type Address = { kind?: string; city?: string; state?: string; postal_code?: string; country?: string };

class Evaluation {
  private rows: ContactRow[] | undefined;
  private ids: Set<string> | undefined;
  constructor(
    private readonly ctx: SandboxContext,
    private readonly now: number,
  ) {}

  /** Live contacts in creation order, loaded once per evaluation. */
  contacts(): ContactRow[] {
    this.rows ??= sql(
      this.ctx.db,
      'SELECT * FROM contacts WHERE deleted_at IS NULL ORDER BY seq',
    ).all() as ContactRow[];
    return this.rows;
  }

  everyone(): Set<string> {
    this.ids ??= new Set(this.contacts().map((c) => c.contact_id));
    return this.ids;
  }

  node(node: Node): Set<string> {
    if (!('group' in node)) return this.condition(node);
    const sets = node.group.map((child) => this.node(child));
    if (node.type === 'or') return new Set(sets.flatMap((s) => [...s]));
    const [first, ...rest] = sets;
    return new Set([...(first ?? [])].filter((id) => rest.every((s) => s.has(id))));
  }

  private complement(set: Set<string>): Set<string> {
    return new Set([...this.everyone()].filter((id) => !set.has(id)));
  }

  private condition(c: Condition): Set<string> {
    switch (c.source) {
      case 'contact':
        return this.contactCondition(c);
      case 'list_membership': {
        const members = new Set(
          (
            sql(
              this.ctx.db,
              'SELECT DISTINCT contact_id FROM list_memberships WHERE list_id IN (SELECT value FROM json_each(?))',
            ).all(JSON.stringify(c.ids)) as { contact_id: string }[]
          ).map((r) => r.contact_id),
        );
        const everyone = this.everyone();
        const live = new Set([...members].filter((id) => everyone.has(id)));
        return c.op === 'eq' || c.op === 'contains-any' ? live : this.complement(live);
      }
      case 'tags': {
        const tagged = new Set(
          this.contacts()
            .filter((row) => (JSON.parse(row.taggings) as string[]).some((t) => c.ids.includes(t)))
            .map((row) => row.contact_id),
        );
        return c.op === 'eq' || c.op === 'contains-any' ? tagged : this.complement(tagged);
      }
      case 'tracking':
        return this.trackingCondition(c);
    }
  }

  private contactCondition(c: Extract<Condition, { source: 'contact' }>): Set<string> {
    const customFields = c.field.startsWith('cf:') ? customFieldsByName(this.ctx.db) : undefined;
    const fieldId = customFields?.get(c.field.slice(3).toLowerCase())?.custom_field_id;
    const valueOf = (row: ContactRow): string => {
      if (customFields) {
        const values = JSON.parse(row.custom_fields) as CustomFieldValue[];
        return values.find((v) => v.custom_field_id === fieldId)?.value ?? '';
      }
      if (['city', 'state', 'postal_code', 'country'].includes(c.field)) {
        const addresses = JSON.parse(row.street_addresses) as Address[];
        const address = addresses.find((a) => a.kind === 'home') ?? addresses[0];
        return String(address?.[c.field as keyof Address] ?? '');
      }
      const value = (row as unknown as Record<string, unknown>)[c.field];
      return value === null || value === undefined ? '' : String(value);
    };
    const wanted = c.value.toLowerCase();
    const compare = (actual: string): number => {
      const [a, b] = [Number(actual), Number(c.value)];
      if (actual !== '' && Number.isFinite(a) && Number.isFinite(b)) return a - b;
      return actual.toLowerCase() < wanted ? -1 : actual.toLowerCase() > wanted ? 1 : 0;
    };
    const test = (raw: string): boolean => {
      const actual = raw.toLowerCase();
      switch (c.op) {
        case 'eq':
          return actual === wanted;
        case 'ne':
          return actual !== wanted;
        case 'contains':
          return actual.includes(wanted);
        case 'not-contains':
          return !actual.includes(wanted);
        case 'starts-with':
          return actual.startsWith(wanted);
        case 'ends-with':
          return actual.endsWith(wanted);
        case 'gt':
          return raw !== '' && compare(raw) > 0;
        case 'lt':
          return raw !== '' && compare(raw) < 0;
        case 'is-empty':
          return raw === '';
        case 'is-not-empty':
          return raw !== '';
      }
    };
    return new Set(
      this.contacts()
        .filter((row) => test(valueOf(row)))
        .map((row) => row.contact_id),
    );
  }

  /** Activities a tracking condition looks at, and the window its events must fall in. */
  private trackingScope(c: Extract<Condition, { source: 'tracking' }>): { activities: string[]; from: number } {
    const { db } = this.ctx;
    if (c.scope.kind === 'campaign-activities') return { activities: c.scope.ids, from: 0 };
    if (c.scope.kind === 'last-n-campaigns') {
      const rows = sql(
        db,
        `SELECT campaign_activity_id AS id FROM email_send_history WHERE send_status = 'COMPLETED' AND count > 0
         GROUP BY campaign_activity_id ORDER BY MAX(run_date) DESC, campaign_activity_id LIMIT ?`,
      ).all(c.scope.n) as { id: string }[];
      return { activities: rows.map((r) => r.id), from: 0 };
    }
    const from = this.now - c.scope.n * DAY_MS;
    const rows = sql(
      db,
      `SELECT DISTINCT campaign_activity_id AS id FROM email_tracking WHERE type = 'em_sends' AND at_ms >= ? AND at_ms <= ?`,
    ).all(from, this.now) as { id: string }[];
    return { activities: rows.map((r) => r.id), from };
  }

  /** (contact, activity) pairs with an event of the type in the activities, within [from, now]. */
  private pairs(type: string, activities: readonly string[], from: number): Map<string, Set<string>> {
    const rows = sql(
      this.ctx.db,
      `SELECT DISTINCT contact_id, campaign_activity_id AS activity FROM email_tracking
       WHERE type = ? AND at_ms >= ? AND at_ms <= ? AND campaign_activity_id IN (SELECT value FROM json_each(?))`,
    ).all(type, from, this.now, JSON.stringify(activities)) as { contact_id: string; activity: string }[];
    const out = new Map<string, Set<string>>();
    for (const r of rows) {
      const set = out.get(r.contact_id) ?? new Set<string>();
      set.add(r.activity);
      out.set(r.contact_id, set);
    }
    return out;
  }

  private trackingCondition(c: Extract<Condition, { source: 'tracking' }>): Set<string> {
    const { activities, from } = this.trackingScope(c);
    let matched: Map<string, Set<string>>;
    if (c.field === 'not_opened' || c.field === 'not_clicked') {
      const sent = this.pairs('em_sends', activities, from);
      const acted = this.pairs(c.field === 'not_opened' ? 'em_opens' : 'em_clicks', activities, 0);
      matched = new Map();
      for (const [contact, sentTo] of sent) {
        const missed = new Set([...sentTo].filter((a) => !acted.get(contact)?.has(a)));
        if (missed.size > 0) matched.set(contact, missed);
      }
    } else {
      matched = this.pairs(TRACKING_TYPE[c.field], activities, from);
    }
    const everyone = this.everyone();
    const any = new Set([...matched.keys()].filter((id) => everyone.has(id)));
    if (c.op === 'contains-any') return any;
    if (c.op === 'contains-none') return this.complement(any);
    return new Set([...any].filter((id) => activities.length > 0 && matched.get(id)?.size === activities.length));
  }
}

/** The live contacts meeting the criteria, in creation order. */
export function evaluateCriteria(ctx: SandboxContext, criteria: Group): string[] {
  const evaluation = new Evaluation(ctx, ctx.clock.nowMs());
  const members = evaluation.node(criteria);
  return evaluation
    .contacts()
    .map((c) => c.contact_id)
    .filter((id) => members.has(id));
}

/** A segment's members now (a deleted segment still evaluates: work accepted before the delete). */
export function segmentMemberIds(ctx: SandboxContext, segmentId: number): string[] {
  const segment = findSegment(ctx.db, segmentId);
  if (!segment) return [];
  return evaluateCriteria(ctx, parseCriteria(segment.segment_criteria));
}

/**
 * What a send to these segments reaches: their members now (each once) that can receive email (an
 * address, not unsubscribed), in creation order, like `activeMembersOfLists` for lists.
 */
export function mailableMembersOfSegments(ctx: SandboxContext, segmentIds: readonly number[]): MailableContact[] {
  const members = new Set(segmentIds.flatMap((id) => segmentMemberIds(ctx, id)));
  return (
    sql(
      ctx.db,
      `SELECT seq, contact_id, email_address, first_name, last_name, permission_to_send FROM contacts
       WHERE deleted_at IS NULL AND email_address IS NOT NULL AND permission_to_send IS NOT 'unsubscribed' ORDER BY seq`,
    ).all() as MailableContact[]
  ).filter((c) => members.has(c.contact_id));
}
