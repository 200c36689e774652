import type { Hono } from 'hono';
import type { Db } from './db.js';
import type { SandboxClock } from './clock.js';
import type { JobEngine } from './jobs.js';
import type { Rng } from './random.js';

/** What an authenticated API request carries (set by the auth middleware). */
export interface AuthInfo {
  clientId: string;
  scopes: ReadonlySet<string>;
  grantId: string;
}

export type SandboxEnv = { Variables: { auth: AuthInfo } };
export type SandboxApi = Hono<SandboxEnv>;

export interface SandboxSettings {
  /** Seed of every simulated random outcome (tracking events, faults). */
  seed: string;
  rateLimits: boolean;
}

/** Shared by every resource: storage, time, background work and settings. */
export interface SandboxContext {
  db: Db;
  clock: SandboxClock;
  jobs: JobEngine;
  settings: SandboxSettings;
  /** A reproducible random stream for a named purpose (same seed + label = same numbers). */
  rng(label: string): Rng;
  /** A new UUID for a resource id. */
  newId(): string;
}

/** A sandbox resource: its tables and its routes (paths relative to `/v3`). */
export interface SandboxResource {
  name: string;
  schema?: readonly string[];
  register(api: SandboxApi, ctx: SandboxContext): void;
}
