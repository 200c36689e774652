import { randomBytes, randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { applySchema, clearTables, openDatabase, type Db } from './db.js';
import { createClock, type ClockOptions, type SandboxClock } from './clock.js';
import { createJobEngine, jobsSchema, type JobEngine } from './jobs.js';
import { createRng } from './random.js';
import { coreSchema } from './schema.js';
import { OAuthStore, oauthSchema, ALL_SCOPES } from './oauth/store.js';
import { createFaults, type FaultController } from './faults.js';
import { createRateLimiter, type RateLimiter } from './ratelimit.js';
import { buildApp, type ResponseObserver } from './app.js';
import { resources } from './resources/index.js';
import type { SandboxContext, SandboxEnv } from './context.js';
import { registerOAuthRoutes } from './oauth/routes.js';
import { seedAccount, seedHistoryMs, type SeedName } from './seed/index.js';
import { listen, type RunningServer } from './serve.js';
import { registerControlRoutes } from './control/routes.js';

export interface SandboxOptions {
  /** SQLite file; omitted = in memory. */
  data?: string;
  /** Which data to start with when the store is empty (default `empty`). */
  seed?: SeedName;
  /** Simulated rate limits (default on). */
  rateLimits?: boolean;
  clock?: ClockOptions;
  /** Seed of every simulated random outcome (default `ctct-sandbox`). */
  randomSeed?: string;
  /** Called with every response the app produces (contract tests use it). */
  observe?: ResponseObserver;
}

/** The application registered in every sandbox: a public client as a CLI registers it (PKCE, no secret). */
export const SANDBOX_CLIENT_ID = 'ctct-sandbox-public-client';
export const DEFAULT_GRANT_ID = 'sandbox-default-grant';

export interface SandboxCredentials {
  client_id: string;
  access_token: string;
  refresh_token: string;
}

export interface Sandbox {
  /** The HTTP app: `app.fetch(request)` serves a request in-process, without a socket. */
  app: Hono<SandboxEnv>;
  /** In-process fetch against the app; relative URLs resolve against `http://sandbox.local`. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  clock: SandboxClock;
  jobs: JobEngine;
  faults: FaultController;
  /** Rate-limit switch and counters (read or set the day's count). */
  rateLimits: RateLimiter;
  oauth: OAuthStore;
  ctx: SandboxContext;
  /** A ready-to-use grant with every scope, created at start. */
  credentials: SandboxCredentials;
  /**
   * The secret of this sandbox's test controls over HTTP (`/_sandbox/...`, README "Test controls over
   * HTTP"): new at every start, sent as `Authorization: Bearer <secret>`.
   */
  controlSecret: string;
  /**
   * Forgets all account data and pending work (keeps applications and tokens) and replays the seed so
   * that its history ends at the current instant; the clock does not move.
   */
  reset(): Promise<void>;
  /** Serves on 127.0.0.1 (port 0 = any free port); background jobs run on their own. */
  listen(port?: number): Promise<RunningServer>;
  close(): Promise<void>;
}

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const db = openDatabase(options.data);
  applySchema(db, [...jobsSchema, ...coreSchema, ...oauthSchema, ...resources.flatMap((r) => r.schema ?? [])]);
  const seed = options.seed ?? 'empty';
  const isEmpty = holdsNoAccountData(db);
  const clock = createClock(options.clock);
  const jobs = createJobEngine(db, clock);
  const randomSeed = options.randomSeed ?? 'ctct-sandbox';
  const ctx: SandboxContext = {
    db,
    clock,
    jobs,
    settings: { seed: randomSeed, rateLimits: options.rateLimits ?? true },
    rng: (label) => createRng(`${randomSeed}:${label}`),
    newId: () => randomUUID(),
  };
  const oauth = new OAuthStore(db, clock);
  const faults = createFaults(randomSeed);
  const rateLimiter = createRateLimiter(ctx.settings, clock, { defaultClientId: SANDBOX_CLIENT_ID });

  oauth.registerClient({
    client_id: SANDBOX_CLIENT_ID,
    name: 'ctct-connect sandbox CLI',
    client_secret: null,
    redirect_uris: ['http://127.0.0.1/'],
  });
  const credentials = defaultCredentials(oauth);
  const controlSecret = `sbx_ctl_${randomBytes(32).toString('base64url')}`;

  const app = buildApp({
    ctx,
    oauth,
    faults,
    rateLimiter,
    observe: options.observe,
    registerRoot: (root) => {
      registerOAuthRoutes(root, ctx, oauth, { rateLimiter, faults });
      registerControlRoutes(root, controlSecret, () => sandbox);
    },
  });

  const sandbox: Sandbox = {
    app,
    fetch: (input, init) => {
      const request =
        input instanceof Request ? input : new Request(new URL(String(input), 'http://sandbox.local'), init);
      return Promise.resolve(app.fetch(request));
    },
    clock,
    jobs,
    faults,
    rateLimits: rateLimiter,
    oauth,
    ctx,
    credentials,
    controlSecret,
    async reset() {
      clearTables(db, ['oauth_']);
      faults.clear();
      // Replayed as at creation: the seed's history ends at the current instant, which stays put.
      await playSeed(clock.rewind(seedHistoryMs(seed)));
    },
    listen: (port = 0) => listen(sandbox, port),
    close: async () => {
      db.close();
    },
  };
  /**
   * Plays the seed from the rewound clock's now, then resumes the clock. A real clock keeps running
   * while the seed replays (half a second for the demo): resuming brings it back to the wall clock's
   * reading after the replay, not to the instant the replay began.
   */
  async function playSeed(resumeClock: () => void): Promise<void> {
    // Rate limits would throttle the seed's own requests; they apply from the first user request on.
    const limits = ctx.settings.rateLimits;
    ctx.settings.rateLimits = false;
    try {
      await seedAccount(seed, sandbox);
    } finally {
      ctx.settings.rateLimits = limits;
    }
    resumeClock();
    jobs.drain();
    // Tokens issued during the backdated seed have expired by now: hand out live ones.
    Object.assign(credentials, defaultCredentials(oauth));
  }

  // A seed with history (the demo's three weeks of campaigns) is played from that far back, so its
  // sends have tracking data by "now"; the clock then returns to the instant the caller asked for.
  if (isEmpty && seed !== 'empty') await playSeed(clock.rewind(seedHistoryMs(seed)));
  return sandbox;
}

/**
 * Tables whose rows are the user's account data. A `--data` file holding any of them is never seeded
 * again (a file that has lists but no contacts yet is not empty); the account profile, created with
 * defaults on first use, does not count.
 */
const ACCOUNT_DATA_TABLES = [
  'contacts',
  'contact_lists',
  'contact_custom_fields',
  'contact_tags',
  'email_campaigns',
  'bulk_activities',
] as const;

function holdsNoAccountData(db: Db): boolean {
  return ACCOUNT_DATA_TABLES.every((table) => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined);
}

/** The default grant's tokens: reused across restarts of a file-backed sandbox, created otherwise. */
function defaultCredentials(oauth: OAuthStore): SandboxCredentials {
  const existing = oauth.currentTokens(DEFAULT_GRANT_ID);
  if (existing) return { client_id: SANDBOX_CLIENT_ID, ...existing };
  const issued = oauth.issueGrant(SANDBOX_CLIENT_ID, ALL_SCOPES, DEFAULT_GRANT_ID);
  return { client_id: SANDBOX_CLIENT_ID, access_token: issued.access_token, refresh_token: issued.refresh_token ?? '' };
}

export { ALL_SCOPES } from './oauth/store.js';
export type { SandboxClock } from './clock.js';
export type { JobEngine } from './jobs.js';
export type { FaultController, FaultSettings, QueuedFault, FaultEvent } from './faults.js';
export type { RateLimiter } from './ratelimit.js';
