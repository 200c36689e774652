import type { Context } from 'hono';
import type { SandboxContext, SandboxEnv, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { ApiProblem, badRequest, conflict } from '../errors.js';
import { decodeCursor, encodeCursor, nextHref, parseLimit } from '../pagination.js';
import { missingLists } from '../store/lists.js';
import { missingTags } from '../store/tags.js';
import {
  deleteSegment,
  findLiveSegmentByName,
  findSegment,
  insertSegment,
  pageSegments,
  segmentsSchema,
  updateSegment,
  type SegmentRow,
} from '../store/segments.js';
import { parseCriteria, referencedIds, SEGMENT_VALIDATION_KEY } from './segments/criteria.js';

/** `/segments`: create, list, read (deleted ones too), replace, rename and delete segments. */

const SEGMENTS_LIMIT = { defaultValue: 1000, max: 1000, errorKey: SEGMENT_VALIDATION_KEY };
const MAX_NAME = 255;
const MAX_CRITERIA = 20000;

const invalid = (message: string): ApiProblem => badRequest(SEGMENT_VALIDATION_KEY, message);

export function segmentJson(row: SegmentRow): Record<string, unknown> {
  return {
    name: row.name,
    segment_criteria: row.segment_criteria,
    segment_id: row.segment_id,
    created_at: row.created_at,
    edited_at: row.edited_at,
  };
}

/** A segment id from the path: a positive integer naming an existing segment (deleted ones only if allowed). */
export function segmentOr404(ctx: SandboxContext, raw: string, allowDeleted: boolean): SegmentRow {
  const row = /^\d{1,9}$/.test(raw) ? findSegment(ctx.db, Number(raw)) : undefined;
  if (!row || (!allowDeleted && row.deleted_at !== null))
    throw new ApiProblem(404, 'segments.api.not_found', `No segment has the id ${raw}.`);
  return row;
}

function readName(body: Record<string, unknown>, ctx: SandboxContext, self?: number): string {
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (name === '') throw invalid('name is required: a non-blank string.');
  if (name.length > MAX_NAME) throw invalid(`name is at most ${MAX_NAME} characters.`);
  const other = findLiveSegmentByName(ctx.db, name);
  if (other && other.segment_id !== self)
    throw conflict('segments.api.conflict', `A segment named "${other.name}" already exists (names are unique).`);
  return name;
}

function readCriteria(body: Record<string, unknown>, ctx: SandboxContext): string {
  const text = body.segment_criteria;
  if (typeof text !== 'string' || text.trim() === '')
    throw invalid('segment_criteria is required: the criteria JSON as one escaped string.');
  if (text.length > MAX_CRITERIA) throw invalid(`segment_criteria is at most ${MAX_CRITERIA} characters.`);
  const { lists, tags } = referencedIds(parseCriteria(text));
  const missing = [...missingLists(ctx.db, lists), ...missingTags(ctx.db, tags)];
  if (missing.length > 0)
    throw invalid(`segment_criteria names lists or tags that do not exist: ${missing.join(', ')}.`);
  return text;
}

/** The segment is a recipient of a scheduled send: deleting it would leave the send without contacts. */
function usedBySchedule(ctx: SandboxContext, segmentId: number): boolean {
  return (
    ctx.db
      .prepare(
        `SELECT 1 FROM email_activities WHERE current_status = 'SCHEDULED'
         AND EXISTS (SELECT 1 FROM json_each(segment_ids) j WHERE j.value = ?) LIMIT 1`,
      )
      .get(segmentId) !== undefined
  );
}

type SegmentsCursor = { sortBy: 'name' | 'date'; limit: number; offset: number };

function readSegmentsQuery(c: Context<SandboxEnv>): SegmentsCursor {
  const cursor = c.req.query('cursor');
  if (cursor !== undefined) return decodeCursor<SegmentsCursor>(cursor);
  const sortBy = c.req.query('sort_by') ?? 'date';
  if (sortBy !== 'name' && sortBy !== 'date') throw invalid('sort_by must be name or date.');
  return { sortBy, limit: parseLimit(c.req.query('limit'), SEGMENTS_LIMIT), offset: 0 };
}

export const segmentsResource: SandboxResource = {
  name: 'segments',
  schema: segmentsSchema,
  register(api, ctx) {
    const scope = requireScope('contact_data');
    const { db } = ctx;

    api.get('/segments', scope, (c) => {
      const q = readSegmentsQuery(c);
      const rows = pageSegments(db, q.sortBy, q.offset, q.limit);
      const body: Record<string, unknown> = {
        segments: rows.slice(0, q.limit).map(({ segment_criteria: _criteria, ...row }) => {
          const { name, segment_id, created_at, edited_at } = row;
          return { name, segment_id, created_at, edited_at };
        }),
      };
      if (rows.length > q.limit)
        body._links = { next: { href: nextHref('/segments', encodeCursor({ ...q, offset: q.offset + q.limit })) } };
      return c.json(body);
    });

    api.post('/segments', scope, async (c) => {
      const body = await readJsonObject(c);
      const criteria = readCriteria(body, ctx);
      const name = readName(body, ctx);
      return c.json(segmentJson(insertSegment(db, name, criteria, ctx.clock.nowIso())), 201);
    });

    api.get('/segments/:segment_id', scope, (c) =>
      c.json(segmentJson(segmentOr404(ctx, c.req.param('segment_id'), true))),
    );

    api.put('/segments/:segment_id', scope, async (c) => {
      const segment = segmentOr404(ctx, c.req.param('segment_id'), false);
      const body = await readJsonObject(c);
      const criteria = readCriteria(body, ctx);
      const name = readName(body, ctx, segment.segment_id);
      updateSegment(db, segment.segment_id, name, criteria, ctx.clock.nowIso());
      return c.json(segmentJson(segmentOr404(ctx, String(segment.segment_id), false)));
    });

    api.patch('/segments/:segment_id/name', scope, async (c) => {
      const segment = segmentOr404(ctx, c.req.param('segment_id'), false);
      const name = readName(await readJsonObject(c), ctx, segment.segment_id);
      updateSegment(db, segment.segment_id, name, segment.segment_criteria, ctx.clock.nowIso());
      return c.json(segmentJson(segmentOr404(ctx, String(segment.segment_id), false)));
    });

    api.delete('/segments/:segment_id', scope, (c) => {
      const segment = segmentOr404(ctx, c.req.param('segment_id'), false);
      if (usedBySchedule(ctx, segment.segment_id))
        throw invalid(`The segment ${segment.segment_id} is a recipient of a scheduled email; unschedule it first.`);
      deleteSegment(db, segment.segment_id, ctx.clock.nowIso());
      return c.body(null, 204);
    });
  },
};
