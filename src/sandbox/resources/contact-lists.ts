import type { Context } from 'hono';
import type { SandboxContext, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { ApiProblem } from '../errors.js';
import { decodeCursor, encodeCursor, nextHref, parseLimit } from '../pagination.js';
import { sql } from '../store/sql.js';
import {
  countLiveLists,
  findList,
  findLiveListByName,
  insertList,
  MAX_LISTS_PER_ACCOUNT,
  membershipCounts,
  updateList,
  type ListRow,
} from '../store/lists.js';
import { readBoolean, readString, type Body } from './contacts/fields.js';
import { booleanParam, csv, invalid, isUuid, notFoundProblem, Problems, VALIDATION_KEY } from './contacts/problems.js';
import { acceptActivity, activityHref, renderActivity } from './activities/engine.js';

/**
 * `/contact_lists`. Names are unique among live lists (409 on POST). Deleting is asynchronous: the
 * DELETE answers 202 with a list_delete activity and its `Location`, and the list disappears when the
 * activity runs. `limit` goes up to 1000, the schema's maximum (the description says 500, facts §2).
 */

const LISTS_LIMIT = { defaultValue: 50, max: 1000, errorKey: VALIDATION_KEY };
const NAME_MAX = 255;
const DESCRIPTION_MAX = 255;
const LIST_STATUSES = ['all', 'active', 'deleted'] as const;

type MembershipMode = 'all' | 'active';

interface ListQuery extends Record<string, unknown> {
  statuses: string[];
  name: string | null;
  sms: boolean;
  includeCount: boolean;
  membership: MembershipMode | null;
  limit: number;
  after: number;
}

function renderList(row: ListRow, membershipCount?: number): Record<string, unknown> {
  const out: Record<string, unknown> = { list_id: row.list_id, name: row.name };
  if (row.description !== null) out.description = row.description;
  out.favorite = row.favorite === 1;
  out.created_at = row.created_at;
  out.updated_at = row.updated_at;
  if (row.deleted_at !== null) out.deleted_at = row.deleted_at;
  if (membershipCount !== undefined) out.membership_count = membershipCount;
  return out;
}

function membershipMode(raw: string | undefined): MembershipMode | null {
  if (raw === undefined || raw === '') return null;
  if (raw === 'all' || raw === 'active') return raw;
  throw invalid('include_membership_count does not have a valid value');
}

function parseListQuery(q: Record<string, string>): ListQuery {
  const statuses = csv(q.status);
  for (const s of statuses)
    if (!(LIST_STATUSES as readonly string[]).includes(s))
      throw invalid(`status value ${s} is not valid; use all, active or deleted.`);
  if (q.channel_type !== undefined && q.channel_type !== 'email' && q.channel_type !== 'sms')
    throw invalid('channel_type must be email or sms.');
  return {
    statuses: statuses.length > 0 ? statuses : ['active'],
    name: q.name !== undefined && q.name !== '' ? q.name : null,
    sms: q.channel_type === 'sms',
    includeCount: booleanParam(q.include_count, 'include_count'),
    membership: membershipMode(q.include_membership_count),
    limit: parseLimit(q.limit, LISTS_LIMIT),
    after: 0,
  };
}

function listPage(ctx: SandboxContext, params: Record<string, string>): Record<string, unknown> {
  const q = params.cursor !== undefined ? decodeCursor<ListQuery>(params.cursor) : parseListQuery(params);
  const where: string[] = [];
  const args: unknown[] = [];
  // The sandbox account has no SMS lists.
  if (q.sms) where.push('0');
  if (!q.statuses.includes('all')) {
    const wantActive = q.statuses.includes('active');
    const wantDeleted = q.statuses.includes('deleted');
    if (wantActive !== wantDeleted) where.push(wantActive ? 'deleted_at IS NULL' : 'deleted_at IS NOT NULL');
  }
  if (q.name !== null) {
    where.push('name = ?');
    args.push(q.name);
  }
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const rows = sql(
    ctx.db,
    `SELECT * FROM contact_lists ${filter ? `${filter} AND` : 'WHERE'} seq > ? ORDER BY seq LIMIT ?`,
  ).all(...args, q.after, q.limit + 1) as ListRow[];
  const hasMore = rows.length > q.limit;
  if (hasMore) rows.pop();
  const counts = q.membership
    ? membershipCounts(
        ctx.db,
        rows.map((r) => r.list_id),
        q.membership,
      )
    : undefined;
  const body: Record<string, unknown> = {
    lists: rows.map((r) => renderList(r, counts ? (counts.get(r.list_id) ?? 0) : undefined)),
  };
  if (q.includeCount)
    body.lists_count = (
      sql(ctx.db, `SELECT COUNT(*) AS n FROM contact_lists ${filter}`).get(...args) as { n: number }
    ).n;
  const last = rows[rows.length - 1];
  if (hasMore && last)
    body._links = { next: { href: nextHref('/contact_lists', encodeCursor({ ...q, after: last.seq })) } };
  return body;
}

function parseListInput(body: Body): { name: string; description: string | null; favorite: boolean } {
  const problems = new Problems();
  const name = readString(problems, body, 'name', NAME_MAX);
  if (name === undefined && !problems.any) problems.add('name is required.');
  const description = readString(problems, body, 'description', DESCRIPTION_MAX);
  const favorite = readBoolean(problems, body, 'favorite');
  problems.throwIfAny();
  return { name: name as string, description: description ?? null, favorite: favorite ?? false };
}

function liveList(ctx: SandboxContext, c: Context): ListRow {
  const id = c.req.param('list_id') ?? '';
  const row = isUuid(id) ? findList(ctx.db, id) : undefined;
  if (!row || row.deleted_at !== null) throw notFoundProblem('list_id', id);
  return row;
}

export const contactListsResource: SandboxResource = {
  name: 'contact-lists',
  schema: [],
  register(api, ctx) {
    const scope = requireScope('contact_data');
    const { db } = ctx;

    api.get('/contact_lists', scope, (c) => c.json(listPage(ctx, c.req.query())));

    api.post('/contact_lists', scope, async (c) => {
      const input = parseListInput(await readJsonObject(c));
      const row = db.transaction(() => {
        if (findLiveListByName(db, input.name))
          throw new ApiProblem(
            409,
            'contacts.api.conflict',
            `Validation failed: a list named ${input.name} already exists.`,
          );
        if (countLiveLists(db) >= MAX_LISTS_PER_ACCOUNT)
          throw invalid(`An account can hold at most ${MAX_LISTS_PER_ACCOUNT} contact lists.`);
        return insertList(db, ctx.newId(), input, ctx.clock.nowIso());
      })();
      return c.json(renderList(row), 201);
    });

    api.get('/contact_lists/:list_id', scope, (c) => {
      const id = c.req.param('list_id');
      const row = isUuid(id) ? findList(db, id) : undefined;
      if (!row) throw notFoundProblem('list_id', id);
      // This operation declares no 400, so an unrecognised include_membership_count is ignored.
      const raw = c.req.query('include_membership_count');
      const mode = raw === 'all' || raw === 'active' ? raw : null;
      const count = mode ? (membershipCounts(db, [row.list_id], mode).get(row.list_id) ?? 0) : undefined;
      return c.json(renderList(row, count));
    });

    api.put('/contact_lists/:list_id', scope, async (c) => {
      const row = liveList(ctx, c);
      const input = parseListInput(await readJsonObject(c));
      const updated = db.transaction(() => {
        const clash = findLiveListByName(db, input.name);
        // PUT declares no 409 in the contract, so a name clash is a validation error here.
        if (clash && clash.list_id !== row.list_id)
          throw invalid(`Validation failed: a list named ${input.name} already exists.`);
        updateList(db, row.list_id, input, ctx.clock.nowIso());
        return findList(db, row.list_id) as ListRow;
      })();
      return c.json(renderList(updated));
    });

    api.delete('/contact_lists/:list_id', scope, (c) => {
      const row = liveList(ctx, c);
      const activity = acceptActivity(ctx, 'list_delete', { list_ids: [row.list_id] }, { list_count: 1 });
      const full = renderActivity(activity);
      const body = {
        activity_id: full.activity_id,
        state: full.state,
        created_at: full.created_at,
        updated_at: full.updated_at,
        percent_done: full.percent_done,
        activity_errors: full.activity_errors,
        _links: full._links,
      };
      return c.json(body, 202, { Location: activityHref(activity.activity_id) });
    });
  },
};
