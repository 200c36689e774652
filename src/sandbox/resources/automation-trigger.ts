import type { Db } from '../db.js';
import { badRequest, type ApiProblem } from '../errors.js';
import { missingLists } from '../store/lists.js';
import { findSegment } from '../store/segments.js';

/**
 * The trigger of an automation workflow (SW def TriggerDefDto): checked on create and on every update
 * of a draft, and kept as the client sent it (unknown properties dropped). Nothing evaluates it.
 */

export const AUTOMATION_KEY = 'automation.api.validation.error';
export const invalidAutomation = (message: string): ApiProblem => badRequest(AUTOMATION_KEY, message);

/** "Action name. Required for type Action or Date." */
const NEEDS_ACTION_NAME = new Set(['Action', 'Date']);
/** A day offset in ISO 8601 period form, as the bounds table shows it (`P0D`, `P7D`, `P-7D`). */
const DAY_PERIOD = /^P(-?\d{1,4})D$/;
const DATE_FIELDS = ['date_field', 'day_field', 'month_field', 'type'] as const;

export const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const optionalString = (body: Record<string, unknown>, key: string, problems: string[]): void => {
  if (body[key] !== undefined && typeof body[key] !== 'string') problems.push(`${key} must be a string.`);
};

function checkParameters(db: Db, value: unknown, problems: string[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems.push('parameters must be an array of {parameter_name, type, parameter_value}.');
    return;
  }
  value.forEach((p: unknown, i) => {
    if (!isObject(p) || typeof p.parameter_name !== 'string' || p.parameter_name.trim() === '') {
      problems.push(`parameters[${i}].parameter_name is required (e.g. list_ids).`);
      return;
    }
    if (p.parameter_name !== 'list_ids') return;
    // Lists are the one reference the sandbox can check: a trigger on a list that does not exist never fires.
    const raw = p.parameter_value ?? p.parameter_list_value ?? p.parameter_string_value;
    const ids = (Array.isArray(raw) ? raw : [raw]).filter((id): id is string => typeof id === 'string');
    if (ids.length === 0) problems.push(`parameters[${i}] (list_ids) needs parameter_value: the list ids.`);
    const missing = missingLists(db, ids);
    if (missing.length > 0) problems.push(`parameters[${i}] names lists that do not exist: ${missing.join(', ')}.`);
  });
}

function checkDateParts(body: Record<string, unknown>, problems: string[]): void {
  const date = body.trigger_date;
  if (date !== undefined) {
    if (!isObject(date)) problems.push('trigger_date must be an object.');
    else
      for (const key of DATE_FIELDS) {
        const v = date[key];
        if (v === undefined) continue;
        if (typeof v !== 'string') problems.push(`trigger_date.${key} must be a string.`);
        else if (key !== 'type' && !v.startsWith('record.'))
          problems.push(`trigger_date.${key} must name a contact field with the record. prefix (e.g. record.${v}).`);
      }
  }
  const bounds = body.bounds;
  if (bounds === undefined) return;
  if (!isObject(bounds)) {
    problems.push('bounds must be an object {after, before}.');
    return;
  }
  const days: number[] = [];
  for (const key of ['after', 'before'] as const) {
    const match = typeof bounds[key] === 'string' ? DAY_PERIOD.exec(bounds[key]) : null;
    if (!match) problems.push(`bounds.${key} must be a day period such as P0D, P7D or P-7D.`);
    else days.push(Number(match[1]));
  }
  const [after, before] = days;
  if (after !== undefined && before !== undefined && days.length === 2 && after >= before)
    problems.push('bounds.after must be earlier than bounds.before (on the day: after P0D, before P1D).');
}

/** The trigger definition to store, or a 400 listing every problem. */
export function readTrigger(db: Db, body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw invalidAutomation('The trigger definition must be a JSON object.');
  const problems: string[] = [];
  const type = body.type;
  if (typeof type !== 'string' || type.trim() === '')
    problems.push('type is required: how the trigger is evaluated (e.g. Action, Date, segment_join).');
  for (const key of ['action_name', 'engagement_level', 'segment_id', 'unique_by']) optionalString(body, key, problems);
  if (typeof type === 'string' && NEEDS_ACTION_NAME.has(type) && !body.action_name)
    problems.push(`action_name is required for a ${type} trigger (e.g. list_join, calendar_date).`);
  if (type === 'segment_join') {
    const id = body.segment_id;
    if (typeof id !== 'string' || id === '') problems.push('segment_id is required for a segment_join trigger.');
    else {
      const segment = /^\d+$/.test(id) ? findSegment(db, Number(id)) : undefined;
      if (!segment || segment.deleted_at !== null) problems.push(`No segment has the id ${id}.`);
    }
  }
  if (body.action_name === 'engagement_level' && typeof body.engagement_level !== 'string')
    problems.push('engagement_level is required for an engagement_level trigger (e.g. SOMEWHAT, LEAST).');
  checkParameters(db, body.parameters, problems);
  checkDateParts(body, problems);
  if (problems.length > 0) throw invalidAutomation(problems.join(' '));
  const kept: Record<string, unknown> = {};
  for (const key of [
    'type',
    'action_name',
    'parameters',
    'bounds',
    'engagement_level',
    'segment_id',
    'trigger_date',
    'unique_by',
  ])
    if (body[key] !== undefined) kept[key] = body[key];
  return kept;
}
