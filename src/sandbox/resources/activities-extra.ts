import type { SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { ApiProblem } from '../errors.js';
import { ACTIVITY_RETENTION_MS, findActivity } from '../store/activities.js';
import { exportFile, exportsSchema } from '../store/exports.js';
import { isUuid } from './contacts/problems.js';
import { acceptActivity, renderActivity } from './activities/engine.js';
import { parseExportRequest } from './activities/export-request.js';
import {
  initialTaggingStatus,
  parseCustomFieldsDelete,
  parseTagsDelete,
  parseTaggingRequest,
} from './activities/taggings.js';

/**
 * The bulk activities beside imports and list memberships: contact exports and their CSV file,
 * tagging in bulk, tag deletes and custom field deletes. Their job steps are registered with the
 * others in `activities.ts`.
 */
export const activitiesExtraResource: SandboxResource = {
  name: 'activities-extra',
  schema: exportsSchema,
  register(api, ctx) {
    const scope = requireScope('contact_data');

    api.post('/activities/contact_exports', scope, async (c) => {
      const request = parseExportRequest(ctx, await readJsonObject(c));
      const status = { items_total_count: 0, items_completed_count: 0 };
      return c.json(renderActivity(acceptActivity(ctx, 'contact_exports', request, status)), 201);
    });

    api.get('/contact_exports/:file_export_id', scope, (c) => {
      const id = c.req.param('file_export_id');
      const activity = isUuid(id) ? findActivity(ctx.db, id) : undefined;
      if (
        !activity ||
        activity.kind !== 'contact_exports' ||
        Date.parse(activity.created_at) < ctx.clock.nowMs() - ACTIVITY_RETENTION_MS
      )
        throw new ApiProblem(404, 'contacts.api.not_found', `No contact export file has the id ${id}.`);
      if (activity.state !== 'completed')
        throw new ApiProblem(
          404,
          'contacts.api.not_found',
          `The export ${id} is ${activity.state}: its file exists once GET /v3/activities/${id} says completed.`,
        );
      return c.body(exportFile(ctx.db, id), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="contacts-export-${id}.csv"`,
      });
    });

    for (const kind of ['contacts_taggings_add', 'contacts_taggings_remove'] as const) {
      api.post(`/activities/${kind}`, scope, async (c) => {
        const request = parseTaggingRequest(ctx, await readJsonObject(c));
        return c.json(renderActivity(acceptActivity(ctx, kind, request, initialTaggingStatus(request))), 201);
      });
    }

    api.post('/activities/contacts_tags_delete', scope, async (c) => {
      const request = parseTagsDelete(ctx, await readJsonObject(c));
      const status = { items_total_count: request.tag_ids.length, items_completed_count: 0 };
      return c.json(renderActivity(acceptActivity(ctx, 'contacts_tags_delete', request, status)), 201);
    });

    api.post('/activities/custom_fields_delete', scope, async (c) => {
      const request = parseCustomFieldsDelete(ctx, await readJsonObject(c));
      const status = { items_total_count: request.custom_field_ids.length, items_completed_count: 0 };
      return c.json(renderActivity(acceptActivity(ctx, 'custom_fields_delete', request, status)), 201);
    });
  },
};
