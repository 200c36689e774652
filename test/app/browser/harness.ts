import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startApp, type RunningApp } from '../../../src/app/server.js';
import { ROOT } from '../../helpers/dist.js';

/**
 * The browser suite's harness: a real Chromium (Debian's, never a download) driven by playwright-core
 * against the app started in this process on its embedded sandbox. No browser is a failure, never a
 * skip. Every test fails on a console error or an uncaught exception in the page, and leaves a
 * screenshot in artifacts/app/ (git-ignored; CI keeps it).
 */
export const CHROMIUM = process.env.CTCT_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'artifacts', 'app');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Chromium logs every non-2xx fetch as a console error. 400 (bad input), 409 (a confirmation needed)
 * and 422 (a failed run) are how the API reports outcomes the page shows, which the tests assert;
 * any other status (a 404, a refused session, a 500) still fails the test.
 */
const EXPECTED_REFUSAL = /^Failed to load resource: the server responded with a status of (400|409|422) /;

export interface BrowserApp {
  app: RunningApp;
  context: BrowserContext;
  page: Page;
  /** The config directory the app's connections live in (a fresh one per file). */
  configDir: string;
  /** Console errors and page exceptions of the current test. */
  problems: string[];
  screenshot(name: string): Promise<void>;
}

/** Builds the front end the way `npm run build` does, so the suite tests the current source. */
function buildFrontEnd(): void {
  const built = spawnSync('npm', ['run', 'build:web', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build:web failed:\n${built.stderr}${built.stdout}`);
}

export function useBrowserApp(): BrowserApp {
  const handle = { problems: [] as string[] } as BrowserApp;
  let userDataDir: string;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `No browser at ${CHROMIUM}: install Debian's Chromium (apt-get install -y chromium) or set CTCT_CHROMIUM`,
      );
    buildFrontEnd();
    await mkdir(ARTIFACTS, { recursive: true });
    handle.configDir = await mkdtemp(join(tmpdir(), 'ctct-app-config-'));
    userDataDir = await mkdtemp(join(tmpdir(), 'ctct-chromium-'));
    handle.app = await startApp({
      port: 0,
      sandbox: 'always',
      env: { ...process.env, CTCT_CONFIG_DIR: handle.configDir, CTCT_STATE_DIR: join(handle.configDir, 'state') },
    });
    handle.context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    handle.page = handle.context.pages()[0] ?? (await handle.context.newPage());
    handle.page.setDefaultTimeout(10_000);
    handle.page.on('console', (msg) => {
      // the app's pages only: the OAuth test passes through the sandbox's consent page (and its favicon)
      if (!handle.page.url().startsWith(handle.app.origin)) return;
      if (msg.type() === 'error' && !EXPECTED_REFUSAL.test(msg.text()))
        handle.problems.push(`console error: ${msg.text()}`);
    });
    handle.page.on('pageerror', (err) => handle.problems.push(`page error: ${err.message}`));
    handle.screenshot = async (name) => {
      await handle.page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    };
    // The URL `ctct app` prints: the key becomes the session cookie.
    await handle.page.goto(handle.app.url);
  }, 60_000);
  beforeEach(() => {
    handle.problems.length = 0;
  });
  afterEach(() => {
    expect(handle.problems, 'the page logged errors').toEqual([]);
  });
  afterAll(async () => {
    await handle.context?.close();
    await handle.app?.close();
    await rm(userDataDir, { recursive: true, force: true });
    await rm(handle.configDir, { recursive: true, force: true });
  });
  return handle;
}
