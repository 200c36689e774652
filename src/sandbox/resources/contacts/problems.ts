import { ApiProblem } from '../../errors.js';

/**
 * Validation for the contacts domain. The API answers a failed validation with one 400 carrying every
 * problem it found, each as an `{error_key, error_message}` item, so handlers collect problems and
 * throw them together.
 */
export const VALIDATION_KEY = 'contacts.api.validation.error';

export class ValidationProblem extends ApiProblem {
  constructor(
    readonly messages: readonly string[],
    key = VALIDATION_KEY,
  ) {
    super(400, key, messages[0] ?? 'Validation failed.');
  }

  override body(): unknown {
    return this.messages.map((message) => ({ error_key: this.errorKey, error_message: message }));
  }
}

export class Problems {
  readonly messages: string[] = [];

  add(message: string): void {
    this.messages.push(message);
  }

  get any(): boolean {
    return this.messages.length > 0;
  }

  throwIfAny(key = VALIDATION_KEY): void {
    if (this.any) throw new ValidationProblem(this.messages, key);
  }
}

export const invalid = (message: string): ValidationProblem => new ValidationProblem([message]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** 404 in the API's words; a malformed id is a 404 too (facts §8.3). */
export function notFoundProblem(what: string, id: string): ApiProblem {
  const message = isUuid(id) ? `The ${what} ${id} does not exist.` : `${what} is in an invalid format.`;
  return new ApiProblem(404, 'contacts.api.not_found', message);
}

/** Splits a comma-separated query value, dropping blanks. */
export function csv(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `true`/`false` query flags; anything else is a 400. */
export function booleanParam(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '') return false;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalid(`${name} must be true or false.`);
}
