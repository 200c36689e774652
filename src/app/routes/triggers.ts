import { Hono } from 'hono';
import type { Scenarios, TriggerState } from '../../runtime/scenario/index.js';
import type { Workspace } from '../workspace.js';

/** One scenario's trigger as the Runs page's watch-state view lists it. */
export interface TriggerListing {
  scenario: string;
  title: string | undefined;
  trigger: TriggerState;
}

/** The Runs page's watch state: every scenario trigger's checkpoint and backlog (the library's triggerState). */
export function triggerRoutes(workspace: Workspace): Hono {
  const api = new Hono();
  api.get('/', async (c) => {
    const scenarios: Scenarios = await workspace.scenarios();
    const out: TriggerListing[] = [];
    // a file that does not parse has no trigger to show; its problems are the Scenarios page's to list
    for (const listing of (await scenarios.list()).filter((l) => l.scenario !== undefined)) {
      const trigger = scenarios.triggerState(await scenarios.load(listing.name));
      if (trigger) out.push({ scenario: listing.name, title: listing.title, trigger });
    }
    return c.json(out);
  });
  return api;
}
