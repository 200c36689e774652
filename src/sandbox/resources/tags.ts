import type { Context } from 'hono';
import type { SandboxContext, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { ApiProblem } from '../errors.js';
import { decodeCursor, encodeCursor, nextHref, parseLimit } from '../pagination.js';
import {
  findTag,
  findTagByName,
  insertTag,
  pageTags,
  renameTag,
  tagContactCounts,
  tagsSchema,
  type TagRow,
} from '../store/tags.js';
import { readString, type Body } from './contacts/fields.js';
import { booleanParam, isUuid, notFoundProblem, Problems, VALIDATION_KEY } from './contacts/problems.js';
import { acceptActivity, renderActivity } from './activities/engine.js';

/**
 * `/contact_tags`: unique names (409, compared case-insensitively), cursor paging up to 500 per page
 * (the documented `cursor` parameter), and an asynchronous DELETE (202 + an activity) that un-assigns
 * the tag from every contact before removing it.
 */

const TAGS_LIMIT = { defaultValue: 50, max: 500, errorKey: VALIDATION_KEY };

function render(row: TagRow, count?: number): Record<string, unknown> {
  const out: Record<string, unknown> = { tag_id: row.tag_id, name: row.name };
  if (count !== undefined) out.contacts_count = count;
  out.created_at = row.created_at;
  out.updated_at = row.updated_at;
  if (row.tag_source !== null) out.tag_source = row.tag_source;
  return out;
}

function readName(body: Body): string {
  const problems = new Problems();
  const name = readString(problems, body, 'name', 255);
  if (name === undefined && !problems.any) problems.add('name is required (1 to 255 characters).');
  problems.throwIfAny();
  return name as string;
}

function existing(ctx: SandboxContext, c: Context): TagRow {
  const id = c.req.param('tag_id') ?? '';
  const row = isUuid(id) ? findTag(ctx.db, id) : undefined;
  if (!row) throw notFoundProblem('tag_id', id);
  return row;
}

const duplicate = (name: string): ApiProblem =>
  new ApiProblem(409, 'contacts.api.conflict', `A tag named ${name} already exists.`);

export const tagsResource: SandboxResource = {
  name: 'tags',
  schema: tagsSchema,
  register(api, ctx) {
    const scope = requireScope('contact_data');
    const { db } = ctx;

    api.get('/contact_tags', scope, (c) => {
      const q = c.req.query();
      const state =
        q.cursor !== undefined
          ? decodeCursor<{ limit: number; after: number; count: boolean }>(q.cursor)
          : { limit: parseLimit(q.limit, TAGS_LIMIT), after: 0, count: booleanParam(q.include_count, 'include_count') };
      const rows = pageTags(db, state.after, state.limit);
      const hasMore = rows.length > state.limit;
      if (hasMore) rows.pop();
      const counts = state.count
        ? tagContactCounts(
            db,
            rows.map((r) => r.tag_id),
          )
        : undefined;
      const body: Record<string, unknown> = {
        tags: rows.map((r) => render(r, counts ? (counts.get(r.tag_id) ?? 0) : undefined)),
      };
      const last = rows[rows.length - 1];
      if (hasMore && last)
        body._links = { next: { href: nextHref('/contact_tags', encodeCursor({ ...state, after: last.seq })) } };
      return c.json(body);
    });

    api.post('/contact_tags', scope, async (c) => {
      const body = await readJsonObject(c);
      const name = readName(body);
      const problems = new Problems();
      const source = readString(problems, body, 'tag_source', 255);
      problems.throwIfAny();
      const row = db.transaction(() => {
        if (findTagByName(db, name)) throw duplicate(name);
        return insertTag(db, ctx.newId(), name, source ?? null, ctx.clock.nowIso());
      })();
      return c.json(render(row), 201);
    });

    api.get('/contact_tags/:tag_id', scope, (c) => {
      const row = existing(ctx, c);
      const count = booleanParam(c.req.query('include_count'), 'include_count')
        ? (tagContactCounts(db, [row.tag_id]).get(row.tag_id) ?? 0)
        : undefined;
      return c.json(render(row, count));
    });

    api.put('/contact_tags/:tag_id', scope, async (c) => {
      const row = existing(ctx, c);
      const name = readName(await readJsonObject(c));
      const updated = db.transaction(() => {
        const clash = findTagByName(db, name);
        if (clash && clash.tag_id !== row.tag_id) throw duplicate(name);
        renameTag(db, row.tag_id, name, ctx.clock.nowIso());
        return findTag(db, row.tag_id) as TagRow;
      })();
      return c.json(render(updated));
    });

    api.delete('/contact_tags/:tag_id', scope, (c) => {
      const row = existing(ctx, c);
      const activity = renderActivity(
        acceptActivity(ctx, 'tag_delete', { tag_id: row.tag_id }, { items_total_count: 1, items_completed_count: 0 }),
      );
      // ActivityGeneric carries errors as {message} objects (SW def ActivityErrors).
      activity.activity_errors = (activity.activity_errors as string[]).map((message) => ({ message }));
      return c.json(activity, 202);
    });
  },
};
