import type { SandboxContext } from '../../context.js';
import { ApiProblem } from '../../errors.js';
import { decodeCursor, encodeCursor, parseLimit } from '../../pagination.js';
import { selectContacts } from '../../store/contacts.js';
import { findSegment, markSegmentEvaluated } from '../../store/segments.js';
import { renderContacts } from '../contacts/render.js';
import { CONTACTS_LIMIT } from '../contacts/query.js';
import { invalid } from '../contacts/problems.js';
import { segmentMemberIds } from './evaluate.js';

/**
 * `GET /contacts?segment_id=`: the segment's members now, in creation order. The first request after
 * the segment was created or its criteria changed answers 202 with no contacts (the documented
 * "accepted, still processing"); the retry gets 200. Only `limit` may accompany `segment_id`.
 */

type SegmentCursor = { segment_id: number; limit: number; offset: number };

export function listSegmentContacts(
  ctx: SandboxContext,
  params: Record<string, string>,
): { status: 200 | 202; body: Record<string, unknown> } {
  const others = Object.keys(params).filter((k) => !['segment_id', 'limit', 'cursor'].includes(k));
  if (others.length > 0) throw invalid(`segment_id can only be combined with limit; remove ${others.join(', ')}.`);
  const raw = params.segment_id ?? '';
  let q: SegmentCursor;
  if (params.cursor !== undefined) {
    q = decodeCursor<SegmentCursor>(params.cursor);
    if (String(q.segment_id) !== raw) throw invalid('The cursor belongs to another segment; follow _links.next.href.');
  } else {
    q = { segment_id: Number(raw), limit: parseLimit(params.limit, CONTACTS_LIMIT), offset: 0 };
  }
  const segment = /^\d{1,9}$/.test(raw) ? findSegment(ctx.db, Number(raw)) : undefined;
  if (!segment || segment.deleted_at !== null)
    throw new ApiProblem(404, 'contacts.api.not_found', `The segment ${raw} does not exist.`);
  if (!segment.evaluated) {
    markSegmentEvaluated(ctx.db, segment.segment_id);
    return { status: 202, body: { contacts: [], status: 'processing' } };
  }
  const members = segmentMemberIds(ctx, segment.segment_id);
  const ids = members.slice(q.offset, q.offset + q.limit);
  const rows = selectContacts(ctx.db, 'WHERE contact_id IN (SELECT value FROM json_each(?)) ORDER BY seq', [
    JSON.stringify(ids),
  ]);
  const body: Record<string, unknown> = { contacts: renderContacts(ctx.db, rows, new Set()) };
  if (q.offset + q.limit < members.length) {
    const cursor = encodeCursor({ ...q, offset: q.offset + q.limit });
    body._links = {
      next: { href: `/v3/contacts?segment_id=${segment.segment_id}&cursor=${encodeURIComponent(cursor)}` },
    };
  }
  return { status: 200, body };
}
