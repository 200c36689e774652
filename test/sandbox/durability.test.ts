import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox, DEFAULT_GRANT_ID, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { createContractRecorder } from '../helpers/contract.js';
import { activityInput } from './engine/fixtures.js';

/**
 * `--data FILE`: work the sandbox has promised but not done yet (a bulk activity, a scheduled send,
 * the opt-outs a sent email will produce) survives closing and reopening the file. The proof: a
 * sandbox restarted in the middle ends in exactly the state of one that ran without a restart.
 */

const START = Date.parse('2026-03-02T15:00:00.000Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const RECIPIENTS = 300;

const dir = mkdtempSync(join(tmpdir(), 'ctct-sandbox-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const recorder = createContractRecorder();

function open(options: SandboxOptions, at: number): Promise<Sandbox> {
  return createSandbox({
    rateLimits: false,
    randomSeed: 'durability',
    clock: { mode: 'manual', start: at },
    observe: recorder.observe,
    ...options,
  });
}

/** A v3 call with the default grant's current token (tokens live 24 h of sandbox time). */
async function call(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<any> {
  const token = sandbox.oauth.currentTokens(DEFAULT_GRANT_ID)?.access_token ?? '';
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await sandbox.fetch(`/v3${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return text ? JSON.parse(text) : undefined;
}

interface Pending {
  importId: string;
  scheduledCampaign: string;
  sentActivity: string;
}

/** Builds an account with three kinds of pending work; nothing below runs the jobs it queues last. */
async function queuePendingWork(sandbox: Sandbox): Promise<Pending> {
  const list = (await call(sandbox, 'POST', '/contact_lists', { name: 'Durable' })).list_id as string;
  const rows = Array.from({ length: RECIPIENTS }, (_, i) => ({
    email: `durable${i}@example.com`,
    first_name: `D${i}`,
  }));
  await call(sandbox, 'POST', '/activities/contacts_json_import', { import_data: rows, list_ids: [list] });
  sandbox.jobs.drain();

  const campaign = async (name: string): Promise<{ id: string; primary: string }> => {
    const created = await call(sandbox, 'POST', '/emails', { name, email_campaign_activities: [activityInput()] });
    const primary = created.campaign_activities.find((a: any) => a.role === 'primary_email')
      .campaign_activity_id as string;
    const { from_name, from_email, reply_to_email, subject } = await call(
      sandbox,
      'GET',
      `/emails/activities/${primary}`,
    );
    await call(sandbox, 'PUT', `/emails/activities/${primary}`, {
      from_name,
      from_email,
      reply_to_email,
      subject,
      contact_list_ids: [list],
    });
    return { id: created.campaign_id as string, primary };
  };
  // Sent now: its opt-outs lie in the future, each a pending job.
  const sent = await campaign('Sent before the restart');
  await call(sandbox, 'POST', `/emails/activities/${sent.primary}/schedules`, { scheduled_date: '0' });
  // Scheduled two hours ahead.
  const scheduled = await campaign('Scheduled across the restart');
  await call(sandbox, 'POST', `/emails/activities/${scheduled.primary}/schedules`, {
    scheduled_date: new Date(START + 2 * HOUR).toISOString(),
  });
  // A bulk activity accepted but not started.
  const late = Array.from({ length: 5 }, (_, i) => ({ email: `late${i}@example.com` }));
  const importId = (
    await call(sandbox, 'POST', '/activities/contacts_json_import', { import_data: late, list_ids: [list] })
  ).activity_id as string;
  return { importId, scheduledCampaign: scheduled.id, sentActivity: sent.primary };
}

/**
 * Lets eight days pass (every simulated event has happened by then; activities are kept ten) and reports everything
 * the pending work should have changed.
 */
async function finishAndDescribe(sandbox: Sandbox, pending: Pending): Promise<Record<string, unknown>> {
  sandbox.clock.advance(8 * DAY);
  sandbox.jobs.drain();
  const imported = await call(sandbox, 'GET', `/activities/${pending.importId}`);
  const scheduled = await call(sandbox, 'GET', `/emails/${pending.scheduledCampaign}`);
  const scheduledPrimary = scheduled.campaign_activities.find(
    (a: any) => a.role === 'primary_email',
  ).campaign_activity_id;
  const unsubscribed = (await call(sandbox, 'GET', '/contacts?status=unsubscribed&limit=500')).contacts
    .map((c: any) => c.email_address.address)
    .sort();
  const optouts = (await call(sandbox, 'GET', `/reports/email_reports/${pending.sentActivity}/tracking/optouts`))
    .tracking_activities;
  const laterOptouts = (await call(sandbox, 'GET', `/reports/email_reports/${scheduledPrimary}/tracking/optouts`))
    .tracking_activities;
  return {
    importState: imported.state,
    importedPeople: imported.status.person_count,
    scheduledStatus: scheduled.current_status,
    scheduledSends: (await call(sandbox, 'GET', `/emails/activities/${scheduledPrimary}/send_history`)).map(
      (s: any) => [s.run_date, s.count],
    ),
    unsubscribed,
    optedOut: optouts.map((o: any) => o.email_address).sort(),
    optedOutOfEither: [...new Set([...optouts, ...laterOptouts].map((o: any) => o.email_address))].sort(),
    optedOutBeforeScheduledSend: optouts.filter((o: any) => Date.parse(o.created_time) <= START + 2 * HOUR).length,
    pendingJobs: sandbox.jobs.pendingCount(),
  };
}

describe('a file-backed sandbox (--data) across a restart', () => {
  it('keeps a queued import, a scheduled send and future opt-outs, and finishes them as if it had never stopped', async () => {
    const file = join(dir, 'restart.db');
    const first = await open({ data: file }, START);
    const pending = await queuePendingWork(first);
    const jobsBefore = first.jobs.pendingCount();
    expect(jobsBefore).toBeGreaterThan(2); // the import's first step, the scheduled send, at least one opt-out
    await first.close();

    const second = await open({ data: file }, START + HOUR);
    try {
      expect(second.jobs.pendingCount()).toBe(jobsBefore);
      expect((await call(second, 'GET', `/activities/${pending.importId}`)).state).toBe('initialized');
      expect((await call(second, 'GET', `/emails/${pending.scheduledCampaign}`)).current_status).toBe('Scheduled');
      expect(await call(second, 'GET', '/contacts?status=unsubscribed')).toMatchObject({ contacts: [] });
      const afterRestart = await finishAndDescribe(second, pending);

      const control = await open({}, START);
      try {
        const controlPending = await queuePendingWork(control);
        control.clock.advance(HOUR);
        expect(await finishAndDescribe(control, controlPending)).toEqual(afterRestart);
      } finally {
        await control.close();
      }

      expect(afterRestart).toMatchObject({
        importState: 'completed',
        importedPeople: 5,
        scheduledStatus: 'Done',
        pendingJobs: 0,
      });
      // Everyone active at the scheduled instant: the 300, the 5 imported late, minus those who opted out by then.
      const reached = RECIPIENTS + 5 - (afterRestart.optedOutBeforeScheduledSend as number);
      expect(afterRestart.scheduledSends).toEqual([[new Date(START + 2 * HOUR).toISOString(), reached]]);
      expect((afterRestart.optedOut as string[]).length).toBeGreaterThan(0);
      expect(afterRestart.unsubscribed).toEqual(afterRestart.optedOutOfEither);
    } finally {
      await second.close();
    }
    expect((await recorder.settle()).violations).toEqual([]);
  });

  it('never seeds a file that already holds account data, even without contacts', async () => {
    const file = join(dir, 'lists-only.db');
    const first = await open({ data: file }, START);
    await call(first, 'POST', '/contact_lists', { name: 'Newsletter' }); // a name the demo seed also uses
    await call(first, 'POST', '/emails', { name: 'Mine', email_campaign_activities: [activityInput()] });
    await first.close();

    const second = await open({ data: file, seed: 'demo' }, START + HOUR);
    try {
      expect(second.clock.nowMs()).toBe(START + HOUR);
      expect((await call(second, 'GET', '/contact_lists')).lists.map((l: any) => l.name)).toEqual(['Newsletter']);
      expect((await call(second, 'GET', '/emails')).campaigns.map((c: any) => c.name)).toEqual(['Mine']);
      expect((await call(second, 'GET', '/contacts?status=all&include_count=true')).contacts_count).toBe(0);
    } finally {
      await second.close();
    }
    expect((await recorder.settle()).violations).toEqual([]);
  });
});
