import type { Sandbox } from '../index.js';
import { seedDemo } from './demo.js';

export type SeedName = 'empty' | 'demo';
export const SEED_NAMES: readonly SeedName[] = ['empty', 'demo'];

/** How much sandbox time a seed's history spans (the clock starts that far back while seeding). */
export function seedHistoryMs(name: SeedName): number {
  return name === 'demo' ? 21 * 24 * 3600 * 1000 : 0;
}

/** Fills a freshly created (or reset) sandbox with the named data set. */
export async function seedAccount(name: SeedName, sandbox: Sandbox): Promise<void> {
  if (name === 'demo') await seedDemo(sandbox);
}
