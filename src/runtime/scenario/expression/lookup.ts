import type { PathStep } from './ast.js';
import { checkArrayLength, FORBIDDEN_KEYS, normalize, ownElement, ownKey } from './values.js';

export interface Walked {
  readonly value: unknown;
  /** Why (part of) the path found nothing, with the steps that did resolve; absent when all of it did. */
  readonly missing?: { readonly why: string; readonly resolvedSteps: number };
}

/**
 * Follows `steps` from `root` through own properties of plain objects and arrays only. A step that
 * finds nothing yields null (and says why); `[]` applies the remaining steps to every element.
 */
export function walkPath(root: unknown, steps: readonly PathStep[], position: number, from = 0): Walked {
  let value = root;
  for (let index = from; index < steps.length; index += 1) {
    const step = steps[index]!;
    if (step.kind === 'each') {
      if (!Array.isArray(value)) return { value: null, missing: { why: 'is not an array', resolvedSteps: index } };
      checkArrayLength(value.length, position);
      let missing: Walked['missing'];
      const mapped = value.map((element: unknown) => {
        const inner = walkPath(element, steps, position, index + 1);
        if (inner.missing && !missing) missing = inner.missing;
        return inner.value;
      });
      return missing ? { value: mapped, missing } : { value: mapped };
    }
    const found = step.kind === 'key' ? ownKey(value, step.name) : ownElement(value, step.index);
    if (!found.found) return { value: null, missing: { why: found.why, resolvedSteps: index } };
    value = normalize(found.value);
  }
  return { value };
}

/** Writes steps back as reference text (`items[1].id`), for messages. */
export function describePath(steps: readonly PathStep[]): string {
  let text = '';
  for (const step of steps) {
    if (step.kind === 'each') text += '[]';
    else if (step.kind === 'index') text += `[${step.index}]`;
    else {
      const plain = /^[A-Za-z0-9_]+$/.test(step.name);
      text += `${text === '' ? '' : '.'}${plain ? step.name : `\`${step.name}\``}`;
    }
  }
  return text;
}

/**
 * The path text that get(), map() and distinct() take: `email_address.address`, `items[2].id`,
 * `` `Customer Name` ``. Returns the steps or a message.
 */
export function parsePathText(text: string): PathStep[] | string {
  const steps: PathStep[] = [];
  let at = 0;
  let expectName = true;
  while (at < text.length) {
    const char = text[at]!;
    if (char === '[') {
      const close = text.indexOf(']', at);
      const inside = close < 0 ? '' : text.slice(at + 1, close);
      if (!/^[1-9]\d{0,8}$/.test(inside)) return `"[${inside}" in the path must be an element number from 1, e.g. [1]`;
      steps.push({ kind: 'index', index: Number(inside) });
      at = close + 1;
      expectName = false;
      continue;
    }
    if (char === '.') {
      if (expectName) return `the path "${text}" has an empty field name`;
      at += 1;
      expectName = true;
      continue;
    }
    if (!expectName) return `put a "." before the field at character ${at + 1} of "${text}"`;
    let name: string;
    if (char === '`') {
      const close = text.indexOf('`', at + 1);
      if (close < 0) return `a backtick in the path "${text}" is not closed`;
      name = text.slice(at + 1, close);
      at = close + 1;
    } else {
      let end = at;
      while (end < text.length && !'.[]`'.includes(text[end]!)) end += 1;
      name = text.slice(at, end);
      at = end;
    }
    if (name === '') return `the path "${text}" has an empty field name`;
    if (FORBIDDEN_KEYS.has(name)) return `"${name}" cannot be read: it is not a data field`;
    steps.push({ kind: 'key', name });
    expectName = false;
  }
  if (steps.length === 0 || expectName) return `the path "${text}" is empty or ends with "."`;
  return steps;
}
