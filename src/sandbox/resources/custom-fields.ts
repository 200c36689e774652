import type { Context } from 'hono';
import type { SandboxContext, SandboxResource } from '../context.js';
import { requireScope } from '../auth.js';
import { readJsonObject } from '../body.js';
import { ApiProblem } from '../errors.js';
import { decodeCursor, encodeCursor, nextHref, parseLimit } from '../pagination.js';
import {
  countCustomFields,
  customFieldName,
  customFieldsSchema,
  deleteCustomField,
  findCustomField,
  findCustomFieldByName,
  insertCustomField,
  MAX_CUSTOM_FIELDS_PER_ACCOUNT,
  pageCustomFields,
  updateCustomField,
  type CustomFieldRow,
} from '../store/custom-fields.js';
import { isObject, readArray, readEnum, readInteger, readString, type Body } from './contacts/fields.js';
import { invalid, isUuid, notFoundProblem, Problems, VALIDATION_KEY } from './contacts/problems.js';

/**
 * `/contact_custom_fields`: up to 100 definitions per account. The unique `name` is derived from the
 * label (blanks become underscores) and is what imports use in `cf:<name>` columns.
 */

const CUSTOM_FIELDS_LIMIT = { defaultValue: 50, max: 100, errorKey: VALIDATION_KEY };
export const CUSTOM_FIELD_TYPES = [
  'string',
  'number',
  'currency',
  'date',
  'boolean',
  'single_select',
  'multi_select',
] as const;
const SELECT_TYPES: readonly string[] = ['single_select', 'multi_select'];
const MAX_CHOICES = 100;

interface Choice {
  choice_id: number;
  choice_label: string;
  display_order: number;
}

function render(row: CustomFieldRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    custom_field_id: row.custom_field_id,
    label: row.label,
    name: row.name,
    type: row.type,
  };
  if (row.metadata !== null) out.metadata = JSON.parse(row.metadata) as unknown;
  if (row.version !== null) out.version = row.version;
  if (row.choices !== null) {
    out.choices = (JSON.parse(row.choices) as Choice[]).map((c) => ({
      custom_field_id: row.custom_field_id,
      ...c,
      created_at: row.created_at,
      updated_at: row.updated_at,
    }));
  }
  out.created_at = row.created_at;
  out.updated_at = row.updated_at;
  return out;
}

/** Choices of a select field; PUT may keep a choice's id by sending it. */
function readChoices(problems: Problems, body: Body, required: boolean): Choice[] | null {
  const items = readArray(problems, body, 'choices', MAX_CHOICES);
  if (items === undefined) {
    if (required) problems.add('choices is required for single_select and multi_select fields.');
    return null;
  }
  const choices: Choice[] = [];
  items.forEach((item, i) => {
    if (!isObject(item)) return problems.add(`choices[${i}] must be an object.`);
    const label = readString(problems, item, 'choice_label', 255, `choices[${i}].choice_label`);
    if (label === undefined) return problems.add(`choices[${i}].choice_label is required.`);
    const order =
      readInteger(problems, item, 'display_order', 0, Number.MAX_SAFE_INTEGER, `choices[${i}].display_order`) ?? i + 1;
    const given = readInteger(problems, item, 'choice_id', 1, Number.MAX_SAFE_INTEGER, `choices[${i}].choice_id`);
    choices.push({ choice_id: given ?? 0, choice_label: label, display_order: order });
  });
  let next = Math.max(0, ...choices.map((c) => c.choice_id)) + 1;
  for (const c of choices) if (c.choice_id === 0) c.choice_id = next++;
  return choices;
}

function readLabel(problems: Problems, body: Body): string | undefined {
  const label = readString(problems, body, 'label', 50);
  if (label === undefined && !problems.any) problems.add('label is required.');
  return label;
}

function existing(ctx: SandboxContext, c: Context): CustomFieldRow {
  const id = c.req.param('custom_field_id') ?? '';
  const row = isUuid(id) ? findCustomField(ctx.db, id) : undefined;
  if (!row) throw notFoundProblem('custom_field_id', id);
  return row;
}

export const customFieldsResource: SandboxResource = {
  name: 'custom-fields',
  schema: customFieldsSchema,
  register(api, ctx) {
    const scope = requireScope('contact_data');
    const { db } = ctx;

    api.get('/contact_custom_fields', scope, (c) => {
      const q = c.req.query();
      const state =
        q.cursor !== undefined
          ? decodeCursor<{ limit: number; after: number }>(q.cursor)
          : { limit: parseLimit(q.limit, CUSTOM_FIELDS_LIMIT), after: 0 };
      const rows = pageCustomFields(db, state.after, state.limit);
      const hasMore = rows.length > state.limit;
      if (hasMore) rows.pop();
      const body: Record<string, unknown> = { custom_fields: rows.map(render) };
      const last = rows[rows.length - 1];
      if (hasMore && last)
        body._links = {
          next: { href: nextHref('/contact_custom_fields', encodeCursor({ limit: state.limit, after: last.seq })) },
        };
      return c.json(body);
    });

    api.post('/contact_custom_fields', scope, async (c) => {
      const body = await readJsonObject(c);
      const problems = new Problems();
      const label = readLabel(problems, body);
      const type = readEnum(problems, body, 'type', CUSTOM_FIELD_TYPES);
      if (type === undefined && (body.type === undefined || body.type === null || body.type === ''))
        problems.add('type is required.');
      const choices = readChoices(problems, body, type !== undefined && SELECT_TYPES.includes(type));
      if (body.metadata !== undefined && body.metadata !== null && !isObject(body.metadata))
        problems.add('metadata must be an object.');
      const version = readInteger(problems, body, 'version', 1, 2);
      problems.throwIfAny();
      const name = customFieldName(label as string);
      const row = db.transaction(() => {
        if (findCustomFieldByName(db, name))
          throw new ApiProblem(409, 'contacts.api.conflict', `A custom field named ${name} already exists.`);
        if (countCustomFields(db) >= MAX_CUSTOM_FIELDS_PER_ACCOUNT)
          throw invalid(`An account can hold at most ${MAX_CUSTOM_FIELDS_PER_ACCOUNT} custom fields.`);
        return insertCustomField(
          db,
          ctx.newId(),
          {
            label: label as string,
            name,
            type: type as string,
            metadata: isObject(body.metadata) ? JSON.stringify(body.metadata) : null,
            choices: choices && SELECT_TYPES.includes(type as string) ? JSON.stringify(choices) : null,
            version: version ?? null,
          },
          ctx.clock.nowIso(),
        );
      })();
      return c.json(render(row), 201);
    });

    api.get('/contact_custom_fields/:custom_field_id', scope, (c) => c.json(render(existing(ctx, c))));

    api.put('/contact_custom_fields/:custom_field_id', scope, async (c) => {
      const row = existing(ctx, c);
      const body = await readJsonObject(c);
      const problems = new Problems();
      const label = readLabel(problems, body);
      const isSelect = SELECT_TYPES.includes(row.type);
      const choices = isSelect ? readChoices(problems, body, false) : null;
      problems.throwIfAny();
      const name = customFieldName(label as string);
      const updated = db.transaction(() => {
        const clash = findCustomFieldByName(db, name);
        // PUT declares no 409, so a name clash is a validation error here.
        if (clash && clash.custom_field_id !== row.custom_field_id)
          throw invalid(`A custom field named ${name} already exists.`);
        updateCustomField(
          db,
          row.custom_field_id,
          {
            label: label as string,
            name,
            choices: isSelect ? (choices ? JSON.stringify(choices) : row.choices) : null,
          },
          ctx.clock.nowIso(),
        );
        return findCustomField(db, row.custom_field_id) as CustomFieldRow;
      })();
      return c.json(render(updated));
    });

    api.delete('/contact_custom_fields/:custom_field_id', scope, (c) => {
      const row = existing(ctx, c);
      db.transaction(() => deleteCustomField(db, row.custom_field_id, ctx.clock.nowIso()))();
      return c.body(null, 204);
    });
  },
};
