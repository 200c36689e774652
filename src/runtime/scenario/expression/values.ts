import { ExpressionError } from './errors.js';
import { LIMITS } from './limits.js';

/** Names that are never data: reading them is how prototype-pollution attacks reach the runtime. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type PlainObject = Record<string, unknown>;

/** Only JSON-shaped objects are walked: a Map, a Date or a class instance has no fields here. */
export function isPlainObject(value: unknown): value is PlainObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The outcome of one lookup: found (possibly a null value) or absent, with why. */
export type Lookup =
  { readonly found: true; readonly value: unknown } | { readonly found: false; readonly why: string };

/** A key of a plain object, own properties only. */
export function ownKey(container: unknown, key: string): Lookup {
  if (FORBIDDEN_KEYS.has(key)) return { found: false, why: `"${key}" is not a data field` };
  if (isPlainObject(container)) {
    return Object.hasOwn(container, key)
      ? { found: true, value: container[key] }
      : { found: false, why: `has no field "${key}"` };
  }
  if (Array.isArray(container)) return { found: false, why: `is an array (use [1] or [] before ".${key}")` };
  return { found: false, why: `is ${describeValue(container)}, which has no fields` };
}

/** Element `index` (1-based) of an array. */
export function ownElement(container: unknown, index: number): Lookup {
  if (!Array.isArray(container)) return { found: false, why: `is ${describeValue(container)}, not an array` };
  const at = index - 1;
  if (!Number.isInteger(at) || at < 0 || !Object.hasOwn(container, at))
    return { found: false, why: `has ${container.length} element${container.length === 1 ? '' : 's'}, no [${index}]` };
  return { found: true, value: container[at] };
}

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  if (isPlainObject(value)) return 'an object';
  return 'a value that is not JSON';
}

/** `undefined` (a missing array hole, a function's nothing) becomes null: results are always JSON. */
export function normalize(value: unknown): unknown {
  return value === undefined ? null : value;
}

export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

export function isTruthy(value: unknown): boolean {
  return !(isEmpty(value) || value === false || value === 0 || Number.isNaN(value));
}

export function checkText(text: string, position: number): string {
  if (text.length > LIMITS.maxTextLength)
    throw new ExpressionError(
      `the result would be ${text.length} characters long; at most ${LIMITS.maxTextLength} are allowed`,
      position,
    );
  return text;
}

/** Throws before a text of `length` characters is built. */
export function checkTextLength(length: number, position: number): void {
  if (length > LIMITS.maxTextLength)
    throw new ExpressionError(
      `the result would be ${length} characters long; at most ${LIMITS.maxTextLength} are allowed`,
      position,
    );
}

export function checkArrayLength(length: number, position: number): void {
  if (length > LIMITS.maxArrayLength)
    throw new ExpressionError(
      `the result would have ${length} elements; at most ${LIMITS.maxArrayLength} are allowed`,
      position,
    );
}

/**
 * Compact JSON for objects in text (forbidden keys left out, as everywhere); refuses what JSON cannot
 * hold instead of throwing a TypeError.
 */
export function toJson(value: unknown, position: number): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (key, inner: unknown) =>
      FORBIDDEN_KEYS.has(key) ? undefined : typeof inner === 'bigint' ? inner.toString() : inner,
    );
  } catch {
    throw new ExpressionError('the value cannot be written as text (it is not JSON)', position);
  }
  return checkText(text ?? '', position);
}

/**
 * How a value reads inside text: null is nothing, an array is its elements joined by ", ",
 * an object is compact JSON.
 */
export function renderText(value: unknown, position: number): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const pieces: string[] = [];
    let length = 0;
    for (const element of value) {
      const piece = Array.isArray(element) ? toJson(element, position) : renderText(element, position);
      length += piece.length + 2;
      checkTextLength(length, position);
      pieces.push(piece);
    }
    return pieces.join(', ');
  }
  return toJson(value, position);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** Numbers and text that reads as a number ("42", " 3.5 "); anything else is not a number. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && DECIMAL.test(value.trim())) {
    const parsed = Number(value.trim());
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** `=`: numbers compare as numbers (also against numeric text); everything else by value, deeply. */
export function valuesEqual(left: unknown, right: unknown): boolean {
  if (typeof left === 'number' || typeof right === 'number') {
    const a = asNumber(left);
    const b = asNumber(right);
    if (a !== undefined && b !== undefined) return a === b;
  }
  return deepEqual(normalize(left), normalize(right));
}

function deepEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) && Array.isArray(right))
    return left.length === right.length && left.every((element, index) => deepEqual(element, right[index]));
  if (isPlainObject(left) && isPlainObject(right)) {
    const keys = Object.keys(left);
    if (keys.length !== Object.keys(right).length) return false;
    return keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]));
  }
  return false;
}

/** A key that is equal for equal values (for distinct and contains over objects). */
export function canonicalKey(value: unknown): string {
  const number = typeof value === 'number' ? value : undefined;
  if (number !== undefined) return `n:${number}`;
  if (Array.isArray(value)) return `a:[${value.map(canonicalKey).join(',')}]`;
  if (isPlainObject(value))
    return `o:{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalKey(value[key])}`)
      .join(',')}}`;
  if (typeof value === 'string') return `s:${JSON.stringify(value)}`;
  return `v:${String(normalize(value))}`;
}
