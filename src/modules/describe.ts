import type { ModuleDefinition, ModuleGroup, ModuleKind, Scope } from './define.js';
import { outputFields, outputJsonSchema, type OutputField } from './output-info.js';
import { describeFields, inputJsonSchema, type FieldInfo } from './schema-info.js';

/** A module's entry in the catalogue: what `ctct modules --json` lists and the web app's module list shows. */
export interface CatalogueEntry {
  key: string;
  name: string;
  group: ModuleGroup;
  kind: ModuleKind;
  scopes: readonly Scope[];
  description: string;
}

export function catalogueEntry(m: ModuleDefinition): CatalogueEntry {
  return { key: m.key, name: m.name, group: m.group, kind: m.kind, scopes: m.scopes, description: m.description };
}

export interface ModuleDescription extends CatalogueEntry {
  output: string;
  fields: FieldInfo[];
  input_schema: Record<string, unknown>;
  output_fields: OutputField[];
  output_schema: Record<string, unknown>;
}

/** A module as data: what `ctct describe --json` prints and the MCP server's describe_module answers. */
export function describeModule(m: ModuleDefinition): ModuleDescription {
  return {
    ...catalogueEntry(m),
    output: m.output,
    fields: describeFields(m.input),
    input_schema: inputJsonSchema(m.input),
    output_fields: outputFields(m),
    output_schema: outputJsonSchema(m),
  };
}
