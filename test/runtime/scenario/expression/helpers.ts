import {
  evaluateTemplate,
  ExpressionError,
  parseTemplate,
  type ExpressionScope,
  type ExpressionWarning,
} from '../../../../src/runtime/scenario/expression/index.js';

/** Bundles as modules of a scenario would output them. */
export const OUTPUTS = new Map<number, unknown>([
  [
    1,
    {
      email_address: { address: 'Ada@Example.com', permission_to_send: 'implicit' },
      first_name: 'ada',
      last_name: 'Lovelace',
      'Customer Name': 'Ada L.',
      score: 42,
      ratio: '2.5',
      active: true,
      nothing: null,
      blank: '',
      tags: ['vip', 'beta', 'vip'],
      created_at: '2026-03-28T23:30:00Z',
      list_memberships: [],
    },
  ],
  [
    3,
    {
      phone_numbers: [
        { phone_number: '+33 1 23', kind: 'home' },
        { phone_number: '+44 20 7', kind: 'work' },
      ],
      items: [{ id: 'a', qty: 2 }, { id: 'b', qty: 3 }, { qty: 4 }],
    },
  ],
]);

export const NOW = new Date('2026-03-29T08:15:30.250Z');

export interface Outcome {
  readonly value: unknown;
  readonly warnings: ExpressionWarning[];
}

export function scopeFor(outputs: ReadonlyMap<number, unknown> = OUTPUTS, timezone = 'Europe/Paris') {
  const warnings: ExpressionWarning[] = [];
  const scope: ExpressionScope = { outputs, now: NOW, timezone, warn: (warning) => warnings.push(warning) };
  return { scope, warnings };
}

export function run(text: string, outputs?: ReadonlyMap<number, unknown>, timezone?: string): Outcome {
  const { scope, warnings } = scopeFor(outputs, timezone);
  return { value: evaluateTemplate(parseTemplate(text), scope), warnings };
}

/** The ExpressionError a template raises, at parse or evaluation time (fails the test when none is). */
export function failure(text: string, outputs?: ReadonlyMap<number, unknown>): ExpressionError {
  try {
    run(text, outputs);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to fail`);
}
