import type { ModuleDefinition } from '../modules/define.js';
import { registry } from '../modules/registry.js';
import { parseModuleInput } from '../modules/input.js';
import { runModule } from '../modules/run.js';
import { inputJsonSchema } from '../modules/schema-info.js';
import { outputJsonSchema } from '../modules/output-info.js';
import { selectableFields } from '../modules/options.js';
import { moduleHints } from './annotations.js';
import { cutItems, cutTexts } from './cut.js';
import { jsonResult, withoutDialect, type ObjectSchema, type ServedTool } from './tool.js';

const isListing = (m: ModuleDefinition): boolean => m.kind === 'search' || m.kind === 'trigger';

/**
 * Searches and triggers answer `{items, count}` (MCP output schemas are objects, never arrays); when
 * the answer was cut, `total` says how many items there were and `note` how to ask for fewer.
 */
function outputSchema(m: ModuleDefinition): ObjectSchema | undefined {
  const bundle = withoutDialect(outputJsonSchema(m));
  if (!isListing(m)) return bundle.type === 'object' ? (bundle as ObjectSchema) : undefined;
  return {
    type: 'object',
    properties: {
      items: { type: 'array', items: bundle },
      count: { type: 'integer', description: 'How many items are shown.' },
      total: { type: 'integer', description: 'How many items there were, when the answer was cut.' },
      note: { type: 'string', description: 'What was cut, and how to narrow the query.' },
    },
    required: ['items', 'count'],
  };
}

function description(m: ModuleDefinition): string {
  const parts = [m.description, `Output: ${m.output}`];
  if (m.kind === 'trigger')
    parts.push('As a tool, this trigger reads the current items once; no watch checkpoint moves.');
  const withChoices = selectableFields(m).map(({ path }) => path.replaceAll('[]', ''));
  if (withChoices.length)
    parts.push(`list_options gives the choices of: ${withChoices.join(', ')}. describe_module shows every field.`);
  return parts.join('\n\n');
}

/** What to tell an agent whose answer was cut. */
function narrowing(m: ModuleDefinition): string {
  const fields = Object.keys(m.input.shape);
  return fields.includes('limit')
    ? 'Ask for fewer with a smaller limit, or narrow the query with the filters describe_module lists.'
    : 'Narrow the query with the filters describe_module lists.';
}

/** The tool of one module: its input validated as the CLI validates it, its answer cut to size. */
export function moduleTool(m: ModuleDefinition): ServedTool {
  const out = outputSchema(m);
  return {
    moduleKey: m.key,
    listing: {
      name: m.key,
      title: m.name,
      description: description(m),
      inputSchema: withoutDialect(inputJsonSchema(m.input)) as ObjectSchema,
      ...(out ? { outputSchema: out } : {}),
      annotations: moduleHints(m),
    },
    async call(args, ctx) {
      parseModuleInput(m, args); // bad input is reported before credentials are even looked at
      const output = await runModule(m, args, {
        client: await ctx.client(),
        signal: ctx.signal,
        progress: ctx.progress,
      });
      if (Array.isArray(output)) {
        const cut = cutItems(output, ctx.maxOutputChars, narrowing(m));
        const answer = cut.note
          ? { items: cut.value, count: cut.value.length, total: output.length, note: cut.note }
          : { items: cut.value, count: cut.value.length };
        return jsonResult(answer, cut.note);
      }
      const cut = cutTexts(output, ctx.maxOutputChars);
      return jsonResult(cut.value, cut.note);
    },
  };
}

/** Every module's tool, in the registry's order. */
export function moduleTools(): ServedTool[] {
  return registry.map(moduleTool);
}
