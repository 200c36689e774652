import type { SandboxContext, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import {
  automationsSchema,
  findAutomation,
  insertAutomation,
  listAutomations,
  updateAutomation,
  type Automation,
} from '../store/automations.js';
import { invalidAutomation, isObject, readTrigger } from './automation-trigger.js';

/**
 * `/automations/workflows`: automation workflows created from scratch by their trigger, renamed,
 * described, their draft edited, promoted to the active definition, paused and resumed. Stored, not
 * run: no contact enters a workflow and nothing is sent (README "Automations").
 */

const MAX_TEXT = 255;
/** What a workflow made from scratch is tagged with (the contract's own example). */
const SCRATCH_TAG = { key: 'GOAL', value: 'goal_undefined', display_value: 'All from-scratch paths' };
const DEFAULT_NAME = 'Untitled automation';
type Definition = Record<string, unknown>;

function readText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidAutomation(`${field} must be a non-empty string.`);
  if (value.length > MAX_TEXT) throw invalidAutomation(`${field} must be at most ${MAX_TEXT} characters.`);
  return value;
}

/** The contract declares no 404 for these operations: an unknown workflow is a 400 that says so. */
function automationOr400(ctx: SandboxContext, id: string): Automation {
  const found = findAutomation(ctx.db, id);
  if (!found) throw invalidAutomation(`No automation workflow has the id ${id}.`);
  return found;
}

const definitionOf = (doc: Record<string, unknown>, key: string): Definition | undefined =>
  isObject(doc[key]) ? (doc[key] as Definition) : undefined;

function statusOf(doc: Record<string, unknown>): string {
  const active = definitionOf(doc, 'active_definition');
  return active ? String(active.state) : 'DRAFT';
}

function draftWorkflow(state: string): Definition {
  return { workflow_def: { tasks: [], status: state, metadata: {} } };
}

/** Applies `draft_definition` of an update: a new trigger and workflow, and ACTIVE to promote it. */
function applyDraft(ctx: SandboxContext, automation: Automation, given: unknown, now: string): void {
  if (!isObject(given)) throw invalidAutomation('draft_definition must be an object.');
  const doc = automation.document;
  const stored = definitionOf(doc, 'draft_definition') as Definition;
  const state = given.state ?? 'DRAFT';
  if (state === 'PROMOTED') {
    // An echo of what GET answered: the promoted draft stays as it is.
    if (stored.state !== 'PROMOTED')
      throw invalidAutomation('This draft was never promoted: set draft_definition.state to ACTIVE to promote it.');
    return;
  }
  if (state !== 'DRAFT' && state !== 'ACTIVE')
    throw invalidAutomation('draft_definition.state must be DRAFT (keep editing) or ACTIVE (promote the draft).');
  const trigger = isObject(given.trigger) ? given.trigger : (stored.trigger as Definition);
  const triggerDef = readTrigger(ctx.db, trigger.trigger_def ?? (stored.trigger as Definition).trigger_def);
  if (given.workflow !== undefined && !isObject(given.workflow))
    throw invalidAutomation('draft_definition.workflow must be an object {workflow_def}.');
  const draft: Definition = {
    state: 'DRAFT',
    trigger: { ...(stored.trigger as Definition), ...trigger, trigger_def: triggerDef },
    workflow: given.workflow ?? stored.workflow,
  };
  if (state === 'ACTIVE') {
    doc.active_definition = { ...draft, state: 'ACTIVE' };
    draft.state = 'PROMOTED';
    automation.promoted_at = now;
  }
  doc.draft_definition = draft;
}

/** Applies `active_definition` of an update: its state pauses or resumes (its content changes by promoting a draft). */
function applyActive(automation: Automation, given: unknown): void {
  if (!isObject(given)) throw invalidAutomation('active_definition must be an object.');
  const active = definitionOf(automation.document, 'active_definition');
  if (!active)
    throw invalidAutomation('This workflow has never been activated: set draft_definition.state to ACTIVE first.');
  if (given.state === undefined) return;
  if (given.state !== 'ACTIVE' && given.state !== 'PAUSED')
    throw invalidAutomation('active_definition.state must be ACTIVE (resume) or PAUSED (pause).');
  active.state = given.state;
}

function summary(automation: Automation): Record<string, unknown> {
  const doc = automation.document;
  const active = definitionOf(doc, 'active_definition');
  const out: Record<string, unknown> = {
    id: automation.id,
    name: automation.name,
    description: doc.description,
    status: statusOf(doc),
    draft_state: definitionOf(doc, 'draft_definition')?.state,
    structured_tags: doc.structured_tags,
    created_date: automation.created_at,
    update_date: automation.updated_at,
  };
  if (active) out.active_state = active.state;
  if (automation.promoted_at) out.promoted_date = automation.promoted_at;
  return out;
}

function readEnum(value: string | undefined, allowed: readonly string[], name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value)) throw invalidAutomation(`${name} must be ${allowed.join(' or ')}.`);
  return value;
}

export const automationsResource: SandboxResource = {
  name: 'automations',
  schema: automationsSchema,
  register(api, ctx) {
    const scope = requireScope('campaign_data');

    api.get('/automations/workflows', scope, (c) => {
      const direction = readEnum(c.req.query('sort_direction'), ['ASC', 'DESC'], 'sort_direction') ?? 'DESC';
      const createdFrom = readEnum(c.req.query('created_from'), ['SCRATCH', 'TEMPLATE'], 'created_from');
      const channel = c.req.query('channel');
      const goals = (c.req.query('goals') ?? '').split(',').filter(Boolean);
      const name = c.req.query('name');
      const found = listAutomations(ctx.db).filter(
        (a) =>
          // Every workflow the API creates is an email workflow made from scratch.
          (channel === undefined || channel.toLowerCase() === 'email') &&
          createdFrom !== 'TEMPLATE' &&
          (name === undefined || a.name === name) &&
          (goals.length === 0 || goals.includes(SCRATCH_TAG.value)),
      );
      if (direction === 'DESC') found.reverse();
      // The contract declares 209 (not 200) as this operation's success.
      return c.json({ flow_summaries: found.map(summary) }, 209 as 200);
    });

    api.post('/automations/workflows', scope, async (c) => {
      const body = await readJsonObject(c);
      const rawName = c.req.query('workflowName');
      const name = rawName === undefined ? DEFAULT_NAME : readText(rawName, 'workflowName');
      const triggerDef = readTrigger(ctx.db, body);
      const now = ctx.clock.nowIso();
      const automation: Automation = {
        id: ctx.newId(),
        name,
        created_at: now,
        updated_at: now,
        promoted_at: null,
        document: {
          description: '',
          structured_tags: [SCRATCH_TAG],
          draft_definition: {
            state: 'DRAFT',
            trigger: { trigger_def: triggerDef, trigger_version: '1.0.0' },
            workflow: draftWorkflow('DRAFT'),
          },
          name_explicitly_set: rawName !== undefined,
        },
      };
      insertAutomation(ctx.db, automation);
      return c.json(render(automation), 201);
    });

    api.get('/automations/workflows/:automation_flow_id', scope, (c) =>
      c.json(render(automationOr400(ctx, c.req.param('automation_flow_id')))),
    );

    api.put('/automations/workflows/:automation_flow_id', scope, async (c) => {
      const automation = automationOr400(ctx, c.req.param('automation_flow_id'));
      const body = await readJsonObject(c);
      const flow = body.automation_flow;
      if (!isObject(flow))
        throw invalidAutomation('automation_flow is required: the workflow with the fields to change.');
      if (flow.id !== undefined && flow.id !== automation.id)
        throw invalidAutomation(`automation_flow.id ${String(flow.id)} is not the id in the path (${automation.id}).`);
      const now = ctx.clock.nowIso();
      const doc = automation.document;
      if (flow.name !== undefined) {
        automation.name = readText(flow.name, 'automation_flow.name');
        doc.name_explicitly_set = true;
      }
      if (flow.description !== undefined) {
        if (typeof flow.description !== 'string' || flow.description.length > MAX_TEXT)
          throw invalidAutomation(`automation_flow.description must be a string of at most ${MAX_TEXT} characters.`);
        doc.description = flow.description;
      }
      if (flow.draft_definition !== undefined) applyDraft(ctx, automation, flow.draft_definition, now);
      if (flow.active_definition !== undefined) applyActive(automation, flow.active_definition);
      automation.updated_at = now;
      updateAutomation(ctx.db, automation);
      return c.json(render(automation));
    });
  },
};

function render(automation: Automation): Record<string, unknown> {
  const { draft_definition, active_definition, ...rest } = automation.document;
  const out: Record<string, unknown> = { id: automation.id, name: automation.name, ...rest };
  out.status = statusOf(automation.document);
  if (active_definition) out.active_definition = active_definition;
  out.draft_definition = draft_definition;
  return out;
}
