import type { AnyInputSchema } from './define.js';
import { inputJsonSchema } from './schema-info.js';

/**
 * Keys of module input that no field declares, at any depth. zod drops them silently from nested
 * objects, so a typo (`street_addresses[0].postal_cod`) would run and never send the value: each one
 * is reported with its path and, when a declared key is close, the key meant. Objects open by design
 * (an import row, an API call body) declare no properties and are not checked here.
 */

type Node = {
  properties?: Record<string, Node>;
  additionalProperties?: unknown;
  items?: Node;
  anyOf?: Node[];
  oneOf?: Node[];
};

export interface UnknownKey {
  /** The path as keys and array indices, as zod writes issue paths. */
  segments: (string | number)[];
  /** The path as a user writes it (`street_addresses[0].postal_cod`). */
  path: string;
  /** The declared keys where it was found, and the closest one when it is likely a typo. */
  known: string[];
  suggestion?: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The alternative of a union that describes an object with declared keys, if exactly one does. */
function objectAlternative(node: Node): Node | undefined {
  const alternatives = (node.anyOf ?? node.oneOf ?? []).filter((n) => n.properties);
  return alternatives.length === 1 ? alternatives[0] : undefined;
}

/** Edit distance with transpositions, stopping early past `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] as number) + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] as number;
}

/** The declared key a user most likely meant: same letters in another case, or a few edits away. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const limit = key.length <= 4 ? 1 : key.length <= 8 ? 2 : 3;
  let best: { key: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(lower, k.toLowerCase(), limit);
    if (d <= limit && (!best || d < best.d)) best = { key: k, d };
  }
  return best?.key;
}

function walk(value: unknown, node: Node, segments: (string | number)[], path: string, out: UnknownKey[]): void {
  if (Array.isArray(value)) {
    const items = node.items;
    if (items) value.forEach((item, i) => walk(item, items, [...segments, i], `${path}[${i}]`, out));
    return;
  }
  if (!isPlainObject(value)) return;
  const object = node.properties ? node : objectAlternative(node);
  const properties = object?.properties;
  // an object that declares nothing (a record), or one open on purpose, takes any key
  if (!properties || (object.additionalProperties !== undefined && object.additionalProperties !== false)) return;
  const known = Object.keys(properties);
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(properties, key)) {
      const suggestion = closestKey(key, known);
      out.push({ segments: [...segments, key], path: at, known, ...(suggestion ? { suggestion } : {}) });
      continue;
    }
    walk(value[key], properties[key] as Node, [...segments, key], at, out);
  }
}

/** Every key of `raw` (an object) that the input schema does not declare, depth first. */
export function unknownInputKeys(schema: AnyInputSchema, raw: object): UnknownKey[] {
  const out: UnknownKey[] = [];
  walk(raw, inputJsonSchema(schema) as Node, [], '', out);
  return out;
}
