import type { SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { decodeCursor, encodeCursor, nextHref, parseLimit } from '../pagination.js';
import {
  activitiesSchema,
  ACTIVITY_RETENTION_MS,
  findActivity,
  pageActivities,
  type ActivityState,
} from '../store/activities.js';
import { invalid, isUuid, notFoundProblem, VALIDATION_KEY } from './contacts/problems.js';
import { acceptActivity, registerActivityJobs, renderActivity } from './activities/engine.js';
import { initialImportStatus, processImport } from './activities/import.js';
import {
  readFileImport,
  readJsonImport,
  reviveFileImport,
  type StoredFileImport,
} from './activities/import-requests.js';
import {
  initialMembershipStatus,
  parseMembershipRequest,
  processAddMemberships,
  processRemoveMemberships,
} from './activities/memberships.js';
import {
  initialContactDeleteStatus,
  parseContactDelete,
  parseListDelete,
  processContactDelete,
  processListDelete,
  processTagDelete,
} from './activities/deletes.js';
import { processExport } from './activities/exports.js';
import {
  processCustomFieldsDelete,
  processTaggingAdd,
  processTaggingRemove,
  processTagsDelete,
} from './activities/taggings.js';

/** `/activities`: the bulk jobs (201 + the activity), their status, and the last 10 days' list. */

const ACTIVITIES_LIMIT = { defaultValue: 50, max: 500, errorKey: VALIDATION_KEY };
const STATES: readonly ActivityState[] = ['processing', 'completed', 'cancelled', 'failed', 'timed_out'];

interface ActivitiesCursor extends Record<string, unknown> {
  state: ActivityState | null;
  limit: number;
  before: number;
}

export const activitiesResource: SandboxResource = {
  name: 'activities',
  schema: activitiesSchema,
  register(api, ctx) {
    registerActivityJobs(
      ctx,
      {
        contacts_json_import: processImport,
        contacts_file_import: processImport,
        add_list_memberships: processAddMemberships,
        remove_list_memberships: processRemoveMemberships,
        contact_delete: processContactDelete,
        list_delete: processListDelete,
        tag_delete: processTagDelete,
        contact_exports: processExport,
        contacts_taggings_add: processTaggingAdd,
        contacts_taggings_remove: processTaggingRemove,
        contacts_tags_delete: processTagsDelete,
        custom_fields_delete: processCustomFieldsDelete,
      },
      (kind, stored) => (kind === 'contacts_file_import' ? reviveFileImport(stored as StoredFileImport) : stored),
    );
    const scope = requireScope('contact_data');

    api.post('/activities/contacts_json_import', scope, async (c) => {
      const request = await readJsonImport(ctx, c);
      return c.json(
        renderActivity(acceptActivity(ctx, 'contacts_json_import', request, initialImportStatus(request.rows.length))),
        201,
      );
    });

    api.post('/activities/contacts_file_import', scope, async (c) => {
      const { request, stored, fileName } = await readFileImport(ctx, c);
      const status = initialImportStatus(request.rows.length);
      return c.json(
        renderActivity(acceptActivity(ctx, 'contacts_file_import', stored, status, fileName, request)),
        201,
      );
    });

    api.post('/activities/add_list_memberships', scope, async (c) => {
      const request = parseMembershipRequest(ctx, await readJsonObject(c), 'add');
      return c.json(
        renderActivity(acceptActivity(ctx, 'add_list_memberships', request, initialMembershipStatus(request))),
        201,
      );
    });

    api.post('/activities/remove_list_memberships', scope, async (c) => {
      const request = parseMembershipRequest(ctx, await readJsonObject(c), 'remove');
      return c.json(
        renderActivity(acceptActivity(ctx, 'remove_list_memberships', request, initialMembershipStatus(request))),
        201,
      );
    });

    api.post('/activities/contact_delete', scope, async (c) => {
      const request = parseContactDelete(ctx, await readJsonObject(c));
      return c.json(
        renderActivity(acceptActivity(ctx, 'contact_delete', request, initialContactDeleteStatus(request))),
        201,
      );
    });

    api.post('/activities/list_delete', scope, async (c) => {
      const request = parseListDelete(ctx, await readJsonObject(c));
      return c.json(
        renderActivity(acceptActivity(ctx, 'list_delete', request, { list_count: request.list_ids.length })),
        201,
      );
    });

    api.get('/activities', scope, (c) => {
      const query = c.req.query();
      let cursor: ActivitiesCursor;
      if (query.cursor !== undefined) cursor = decodeCursor<ActivitiesCursor>(query.cursor);
      else {
        const state = query.state === undefined || query.state === '' ? null : (query.state as ActivityState);
        if (state !== null && !STATES.includes(state)) throw invalid(`state must be one of ${STATES.join(', ')}.`);
        cursor = { state, limit: parseLimit(query.limit, ACTIVITIES_LIMIT), before: Number.MAX_SAFE_INTEGER };
      }
      const since = new Date(ctx.clock.nowMs() - ACTIVITY_RETENTION_MS).toISOString();
      const rows = pageActivities(ctx.db, since, cursor.state, cursor.before, cursor.limit);
      const hasMore = rows.length > cursor.limit;
      if (hasMore) rows.pop();
      const body: Record<string, unknown> = { activities: rows.map(renderActivity) };
      const last = rows[rows.length - 1];
      if (hasMore && last)
        body._links = { next: { href: nextHref('/activities', encodeCursor({ ...cursor, before: last.seq })) } };
      return c.json(body);
    });

    api.get('/activities/:activity_id', scope, (c) => {
      const id = c.req.param('activity_id');
      const row = isUuid(id) ? findActivity(ctx.db, id) : undefined;
      // Statuses are kept for 10 days (facts §3.1); older ones are gone.
      if (!row || Date.parse(row.created_at) < ctx.clock.nowMs() - ACTIVITY_RETENTION_MS)
        throw notFoundProblem('activity_id', id);
      return c.json(renderActivity(row));
    });
  },
};
