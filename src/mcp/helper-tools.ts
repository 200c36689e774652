import { describeModule } from '../modules/describe.js';
import { CONTACT_CHOICES_CAP, loadFieldOptions } from '../modules/options.js';
import { findModule } from '../modules/registry.js';
import { findField } from '../modules/schema-info.js';
import { cutItems } from './cut.js';
import { jsonResult, type ServedTool } from './tool.js';

const moduleArg = {
  type: 'string',
  description: 'The module: its tool name (e.g. list-contacts) or its name (e.g. "List Contacts").',
};

const text = (args: Record<string, unknown>, key: string): string => {
  const value = args[key];
  if (typeof value !== 'string' || value.trim() === '')
    throw new Error(`${key} is required: give it as text, e.g. {"${key}": "list-contacts"}`);
  return value;
};

/** describe_module: every field of a module with its label, type, rules, help and where its choices come from. */
const describeTool: ServedTool = {
  listing: {
    name: 'describe_module',
    title: 'Describe a module',
    description:
      "A module's fields (label, type, required, allowed values, help, which ones have choices), " +
      'its input JSON Schema and what its output holds. Call it before a module whose fields are unclear.',
    inputSchema: { type: 'object', properties: { module: moduleArg }, required: ['module'] },
    annotations: {
      title: 'Describe a module',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
  },
  call: (args) => Promise.resolve(jsonResult(describeModule(findModule(text(args, 'module'))))),
};

/** list_options: the choices of a "Select" field, read from the account (lists, senders, campaigns...). */
const listOptionsTool: ServedTool = {
  listing: {
    name: 'list_options',
    title: 'List the choices of a field',
    description:
      'The choices of a field that offers them, e.g. the contact lists for contact_list_ids or the ' +
      'confirmed sender addresses for from_email: {value, label} pairs read from the account. ' +
      'Some choices depend on another field (a campaign for its activities): give it in input.',
    inputSchema: {
      type: 'object',
      properties: {
        module: moduleArg,
        field: {
          type: 'string',
          description: 'The field key, a sub-field with a dot (custom_fields.custom_field_id).',
        },
        input: {
          type: 'object',
          description: 'Other fields the choices depend on, e.g. {"campaign_id": "..."}.',
          additionalProperties: true,
        },
      },
      required: ['module', 'field'],
    },
    annotations: {
      title: 'List the choices of a field',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    },
  },
  async call(args, ctx) {
    const m = findModule(text(args, 'module'));
    const field = text(args, 'field');
    const input = args.input !== null && typeof args.input === 'object' ? (args.input as Record<string, unknown>) : {};
    const choices = await loadFieldOptions(m, field, input, { client: await ctx.client() });
    const capped = findField(m.input, field)?.options === 'contacts' && choices.length >= CONTACT_CHOICES_CAP;
    const cut = cutItems(choices, ctx.maxOutputChars, 'Any valid value can also be given directly.');
    const notes = [
      ...(capped
        ? [
            `Only the first ${CONTACT_CHOICES_CAP.toLocaleString('en-US')} contacts are offered; ` +
              'any other contact id can be given directly (list-contacts finds one by email).',
          ]
        : []),
      ...(cut.note ? [cut.note] : []),
    ];
    const note = notes.length ? notes.join(' ') : undefined;
    const answer = { choices: cut.value, count: cut.value.length, ...(note ? { total: choices.length, note } : {}) };
    return jsonResult(answer, note);
  },
};

export function helperTools(): ServedTool[] {
  return [describeTool, listOptionsTool];
}
