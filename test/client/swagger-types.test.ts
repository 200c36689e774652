import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../helpers/spec.js';

/**
 * The client's types must use the contract's field names exactly. Each interface in
 * src/client/types/*.ts that mirrors a definition carries `@swagger <Definition>` (`[]` = the items of
 * an array definition); query types carry `@swaggerQuery <METHOD> <path>`. This test reads those files
 * with the TypeScript parser and checks every property name, nested object literals included, against
 * the swagger, and that no property the swagger requires is missing.
 */
const typesDir = fileURLToPath(new URL('../../src/client/types/', import.meta.url));

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
}
interface Parameter {
  $ref?: string;
  name: string;
  in: string;
}

interface Declared {
  file: string;
  name: string;
  tag: 'swagger' | 'swaggerQuery';
  target: string;
  properties: DeclaredProperty[];
}
interface DeclaredProperty {
  name: string;
  /** Property names of an inline object type (`{ ... }`, `{ ... }[]`, `{ ... } | null`). */
  nested?: DeclaredProperty[];
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

function inlineObject(type: ts.TypeNode | undefined): ts.TypeLiteralNode | undefined {
  if (!type) return undefined;
  if (ts.isTypeLiteralNode(type)) return type;
  if (ts.isArrayTypeNode(type)) return inlineObject(type.elementType);
  if (ts.isParenthesizedTypeNode(type)) return inlineObject(type.type);
  if (ts.isUnionTypeNode(type)) {
    for (const t of type.types) {
      const found = inlineObject(t);
      if (found) return found;
    }
  }
  return undefined;
}

function members(nodes: ts.NodeArray<ts.TypeElement>): DeclaredProperty[] {
  const out: DeclaredProperty[] = [];
  for (const m of nodes) {
    if (!ts.isPropertySignature(m)) continue; // index signatures (`cf:<name>` keys) have no fixed name
    const name = propertyName(m.name);
    if (name === undefined) continue;
    const literal = inlineObject(m.type);
    out.push(literal ? { name, nested: members(literal.members) } : { name });
  }
  return out;
}

function declaredTypes(): Declared[] {
  const out: Declared[] = [];
  for (const file of readdirSync(typesDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
    const source = ts.createSourceFile(file, readFileSync(join(typesDir, file), 'utf8'), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isInterfaceDeclaration(statement)) continue;
      for (const tag of ts.getJSDocTags(statement)) {
        const tagName = tag.tagName.text;
        if (tagName !== 'swagger' && tagName !== 'swaggerQuery') continue;
        const target = (typeof tag.comment === 'string' ? tag.comment : '').trim();
        out.push({ file, name: statement.name.text, tag: tagName, target, properties: members(statement.members) });
      }
    }
  }
  return out;
}

const spec = loadSpec();
if (!spec)
  throw new Error(
    'This test needs the v3 contract: set CTCT_SPEC_DIR to the folder holding constant-contact-v3.swagger.yml.',
  );
const definitions = spec.definitions as Record<string, Schema>;
const declared = declaredTypes();

function deref(schema: Schema | undefined): Schema | undefined {
  let current = schema;
  for (let i = 0; current?.$ref && i < 10; i++) current = definitions[current.$ref.replace('#/definitions/', '')];
  if (current?.type === 'array' && current.items) return deref(current.items);
  return current;
}

function definitionFor(target: string): Schema | undefined {
  const array = target.endsWith('[]');
  const def = definitions[array ? target.slice(0, -2) : target];
  if (!def) return undefined;
  return array ? deref(def.items) : def;
}

/** Property names missing from the schema, as dotted paths. */
function unknownNames(properties: DeclaredProperty[], schema: Schema, prefix = ''): string[] {
  const known = schema.properties ?? {};
  const bad: string[] = [];
  for (const p of properties) {
    if (!(p.name in known)) {
      bad.push(`${prefix}${p.name}`);
      continue;
    }
    if (p.nested) {
      const inner = deref(known[p.name]);
      if (!inner?.properties) bad.push(`${prefix}${p.name} (an object here, not in the swagger)`);
      else bad.push(...unknownNames(p.nested, inner, `${prefix}${p.name}.`));
    }
  }
  return bad;
}

function missingRequired(properties: DeclaredProperty[], schema: Schema): string[] {
  const names = new Set(properties.map((p) => p.name));
  return (schema.required ?? []).filter((r) => !names.has(r));
}

function queryParameters(target: string): string[] | undefined {
  const [method, path] = target.split(/\s+/) as [string, string];
  const operation = spec?.paths[path]?.[method.toLowerCase()];
  if (!operation) return undefined;
  const shared = (spec as unknown as { parameters?: Record<string, Parameter> }).parameters ?? {};
  return ((operation.parameters ?? []) as Parameter[])
    .map((p) => (p.$ref ? (shared[p.$ref.replace('#/parameters/', '')] as Parameter) : p))
    .filter((p) => p.in === 'query')
    .map((p) => p.name);
}

describe('client types follow the v3 contract', () => {
  const models = declared.filter((d) => d.tag === 'swagger');
  const queries = declared.filter((d) => d.tag === 'swaggerQuery');

  it('covers the definitions the modules rely on', () => {
    const targets = new Set(models.map((d) => d.target));
    const required = [
      'ContactResource',
      'ContactPostRequest',
      'ContactPutRequest',
      'ContactCreateOrUpdateInput',
      'Contacts',
      'ContactList',
      'ListInput',
      'ContactListArray',
      'CustomField',
      'CustomFields',
      'Tag',
      'Tags',
      'Activity',
      'Activities',
      'ActivityImport',
      'ContactsJsonImport',
      'JsonImportContact',
      'ListActivityRemoveContacts',
      'ListActivityAddContacts',
      'ContactDelete',
      'ActivityDeleteStatus',
      'ListIdList100',
      'ActivityDeleteListsResponse',
      'ActivityListsMembership',
      'EmailCampaign',
      'EmailCampaigns',
      'PagedEmailCampaignResponse',
      'EmailCampaignComplete',
      'EmailCampaignActivityInput',
      'EmailCampaignActivity',
      'EmailScheduleInput',
      'EmailScheduleResponse[]',
      'EmailTestSendInput',
      'EmailSendHistory[]',
      'EmailCampaignActivityPreview',
      'ContactTrackingActivitiesPage',
      'ContactCampaignActivitiesSummary',
      'ContactOpenAndClickRates',
      'EmailLinks',
      'SendsTrackingActivitiesPage',
      'OpensTrackingActivitiesPage',
      'DidNotOpensTrackingActivitiesPage',
      'ClicksTrackingActivitiesPage',
      'ForwardsTrackingActivitiesPage',
      'OptoutsTrackingActivitiesPage',
      'BouncesTrackingActivitiesPage',
      'Customer',
      'AccountEmails[]',
    ];
    expect(required.filter((r) => !targets.has(r))).toEqual([]);
  });

  it.each(models.map((d) => [`${d.name} (${d.file}) = ${d.target}`, d] as const))('%s', (_label, d) => {
    const schema = definitionFor(d.target);
    expect(schema, `swagger definition ${d.target}`).toBeDefined();
    expect(unknownNames(d.properties, schema as Schema), 'property names not in the swagger definition').toEqual([]);
    expect(
      missingRequired(d.properties, schema as Schema),
      'required swagger properties missing from the type',
    ).toEqual([]);
  });

  it.each(queries.map((d) => [`${d.name} (${d.file}) = ${d.target}`, d] as const))('%s', (_label, d) => {
    const names = queryParameters(d.target);
    expect(names, `swagger operation ${d.target}`).toBeDefined();
    expect(
      d.properties.map((p) => p.name).filter((n) => !names?.includes(n)),
      'query names not in the operation',
    ).toEqual([]);
  });
});
