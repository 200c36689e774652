import type { MiddlewareHandler } from 'hono';
import type { SandboxApi, SandboxContext, SandboxEnv } from '../../context.js';
import { readJsonObject } from '../../body.js';
import { saveEvent, type EventDoc } from '../../store/events.js';
import { textLength } from '../text-rules.js';
import { bad, eventOr404, render } from './shared.js';

/** POST /events/{id}/copy: a DRAFT deep copy under `target_event_name`; a DELETED event is not copied. */
export function registerEventCopy(api: SandboxApi, ctx: SandboxContext, scope: MiddlewareHandler<SandboxEnv>): void {
  api.post('/events/:event_id/copy', scope, async (c) => {
    const source = eventOr404(ctx, c.req.param('event_id'));
    const body = await readJsonObject(c);
    const name = body.target_event_name;
    if (typeof name !== 'string' || name.trim() === '') throw bad('target_event_name is required.');
    if (textLength(name) > 100) throw bad('target_event_name must be at most 100 characters.');
    if (source.status === 'DELETED') throw bad('A DELETED event cannot be copied.');
    const wanted = body.source_campaign_activities ?? [];
    if (!Array.isArray(wanted) || !wanted.every((v) => typeof v === 'string'))
      throw bad('source_campaign_activities must be an array of campaign activity ids.');
    const track = source.default_track as Record<string, unknown>;
    // Only the event's own activities can be copied with it; the others are reported (207).
    const failed = (wanted as string[]).filter((id) => id !== track.campaign_activity_id);
    const stamp = ctx.clock.nowIso();
    const eventId = ctx.newId();
    const copy: EventDoc = {
      ...structuredClone(source),
      event_id: eventId,
      campaign_id: ctx.newId(),
      name,
      status: 'DRAFT',
      create_time: stamp,
      last_update_time: stamp,
      registration_url: `https://events.sandbox.local/${eventId}/register`,
      default_track: {
        ...structuredClone(track),
        track_id: ctx.newId().slice(0, 6),
        campaign_activity_id: ctx.newId(),
        create_time: stamp,
        last_update_time: stamp,
      },
    };
    for (const key of ['active_time', 'cancelled_time', 'deleted_time']) delete copy[key];
    if (failed.length > 0) copy.failed_campaign_activities = failed;
    saveEvent(ctx.db, { ...copy, failed_campaign_activities: undefined } as unknown as EventDoc);
    return c.json(render(copy, true), failed.length > 0 ? 207 : 200);
  });
}
