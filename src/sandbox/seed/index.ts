import type { Sandbox } from '../index.js';

export type SeedName = 'empty' | 'demo';

/** Fills a freshly created (or reset) sandbox with the named data set. */
export function seedAccount(name: SeedName, _sandbox: Sandbox): void {
  if (name === 'empty') return;
  // the demo data set arrives with its implementation
}
