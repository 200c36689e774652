import type { Command } from 'commander';
import type { CtctClient } from '../../client/index.js';
import type { Sandbox } from '../../sandbox/index.js';
import type { RunningServer } from '../../sandbox/serve.js';
import { CliError, printJson, wantsJson } from '../output.js';

/**
 * `ctct tour` (what `npm start` runs): a guided, narrated run of the modules through the library
 * against a sandbox started in this process and served on 127.0.0.1. It creates everything it needs,
 * so it works on an empty account as well as on the demo data. Nothing leaves the machine.
 */

const DAY_MS = 86_400_000;
const DAYS_OF_ENGAGEMENT = 3;
const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Niklaus'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov'];
const LINKS = ['https://example.com/spring-menu', 'https://example.com/events', 'https://example.com/blog/garden-tips'];

type Json = Record<string, unknown>;

export interface TourStep {
  step: number;
  title: string;
  /** The seed's module name and key, or what the sandbox itself did (moving its clock). */
  module?: string;
  key?: string;
  input?: Json;
  summary: string;
  output?: unknown;
}

export function defineTourCommand(program: Command): void {
  program
    .command('tour')
    .description('a guided run against a local sandbox: a list, contacts, a campaign sent and its tracking reports')
    .option(
      '--seed <name>',
      'the account the sandbox starts with: demo (sample lists, contacts and campaigns) or empty',
      'demo',
    )
    .option('--json', 'one JSON document with every step (module, input, summary, output)')
    .action(async (opts: { seed: string }, cmd: Command) => {
      const json = wantsJson(cmd);
      if (opts.seed !== 'demo' && opts.seed !== 'empty')
        throw new CliError(`--seed must be demo or empty, got "${opts.seed}"`, 2);
      const hooks: TourHooks = json
        ? {}
        : {
            onStart: (url) =>
              console.log(
                `ctct tour: the modules at work on a local Constant Contact sandbox (${opts.seed} account; ` +
                  `nothing leaves this machine)\nSandbox API: ${url}\n`,
              ),
            onStep: printStep,
          };
      const steps = await runTour({ ...hooks, seed: opts.seed });
      if (json) printJson(steps);
      else
        console.log(
          `\nDone: ${steps.steps.length} steps. Explore on your own with \`ctct sandbox\`, ` +
            `then \`ctct modules\` and \`ctct run <module>\`.`,
        );
    });
}

export interface TourHooks {
  onStart?: (apiUrl: string) => void;
  onStep?: (step: TourStep) => void;
  /** The sandbox's starting data (default demo). */
  seed?: 'demo' | 'empty';
}

/**
 * Runs the tour on a fresh in-memory sandbox (the demo seed unless told otherwise; rate limits off so
 * it runs at full speed), reporting each step as it completes; returns the whole story.
 */
export async function runTour(
  hooks: TourHooks = {},
): Promise<{ sandbox: { url: string; seed: string }; steps: TourStep[] }> {
  const { createSandbox } = await import('../../sandbox/index.js');
  const seed = hooks.seed ?? 'demo';
  const sandbox = await createSandbox({ seed, rateLimits: false });
  const server = await sandbox.listen(0);
  try {
    hooks.onStart?.(server.url);
    const steps = await tourSteps(sandbox, server, hooks.onStep ?? (() => undefined));
    return { sandbox: { url: server.url, seed }, steps };
  } finally {
    await server.close();
    await sandbox.close();
  }
}

async function tourSteps(
  sandbox: Sandbox,
  server: RunningServer,
  report: (step: TourStep) => void,
): Promise<TourStep[]> {
  const { createClient } = await import('../../client/index.js');
  const { runModule } = await import('../../modules/run.js');
  const { findModule } = await import('../../modules/registry.js');
  const { loadOptionSource } = await import('../../modules/options.js');
  const { createRunContext } = await import('../../modules/run.js');
  const { sandboxTokenProvider } = await import('../../sandbox/token-provider.js');

  const client: CtctClient = createClient({
    baseUrl: server.url,
    token: sandboxTokenProvider(sandbox, server),
    budget: false,
  });
  const steps: TourStep[] = [];
  const record = (step: Omit<TourStep, 'step'>): void => {
    const full = { step: steps.length + 1, ...step };
    steps.push(full);
    report(full);
  };
  /** Runs one module as a user would (validated input, typed client) and records the step. */
  const run = async <T>(key: string, input: Json, summarize: (output: T) => string): Promise<T> => {
    const module = findModule(key);
    const output = (await runModule(module, input, { client })) as T;
    record({ title: module.name, module: module.name, key, input, summary: summarize(output), output });
    return output;
  };
  const stamp = new Date(sandbox.clock.nowMs()).toISOString().slice(11, 19);

  const list = await run<Json>(
    'create-contact-list',
    { name: `Spring readers (tour ${stamp})`, description: 'Created by ctct tour' },
    (l) => `list ${str(l.list_id)} "${str(l.name)}" created`,
  );
  const listId = str(list.list_id);

  const contacts = FIRST.flatMap((first) =>
    LAST.map((last) => ({
      email: `${first}.${last}@tour.example.com`.toLowerCase(),
      first_name: first,
      last_name: last,
    })),
  );
  await run<Json>('import-contacts', { contacts, list_ids: [listId], wait: true }, (o) => {
    const totals = (o.totals ?? {}) as Json;
    return (
      `${contacts.length} contacts sent in ${num(o.parts)} bulk activity; ` +
      `waited until it was ${o.completed ? 'completed' : 'still running'} (${num(totals.person_count)} ` +
      `imported, ${num(totals.error_count)} errors)`
    );
  });

  const senders = await loadOptionSource('sender-emails', createRunContext({ client }));
  const sender = senders[0]?.value;
  if (!sender) throw new Error('The sandbox account has no CONFIRMED email address to send from.');
  const links = LINKS.map((u) => `<p><a href="${u}">${u}</a></p>`).join('');
  const html = `<html><body>[[trackingImage]]<h1>Hello [[FIRSTNAME]]</h1><p>Spring is here.</p>${links}</body></html>`;
  const campaign = await run<Json>(
    'create-email-campaign',
    {
      name: `Spring digest (tour ${stamp})`,
      email_campaign_activities: [
        {
          from_name: 'The Spring Team',
          from_email: sender,
          reply_to_email: sender,
          subject: 'What is new this spring',
          preheader: 'Menus, events and garden tips',
          html_content: html,
        },
      ],
    },
    (c) =>
      `campaign ${str(c.campaign_id)} "${str(c.name)}" is ${str(c.current_status)}; activities: ${arr(
        c.campaign_activities,
      )
        .map((a) => str((a as Json).role))
        .join(', ')} (sender ${sender}, one of the account's CONFIRMED addresses)`,
  );
  const campaignId = str(campaign.campaign_id);

  await run<Json>(
    'update-email-campaign-activity',
    { campaign_id: campaignId, contact_list_ids: [listId] },
    (a) =>
      `the primary_email activity now goes to ${arr(a.contact_list_ids).length} list ` +
      `(an email needs recipients before it can be scheduled); still ${str(a.current_status)}`,
  );
  await run<Json>(
    'test-email-campaign-activity',
    { campaign_id: campaignId, email_addresses: ['you@example.com'], personal_message: 'A test from ctct tour' },
    (o) => `test email sent to ${arr(o.email_addresses).join(', ')} (50 test recipients a day at most)`,
  );
  await run<Json>(
    'schedule-email-campaign-activity',
    { campaign_id: campaignId, scheduled_date: '0' },
    () => 'Schedule Date "0" means now: the email went out to the list right away',
  );

  sandbox.clock.advance(DAYS_OF_ENGAGEMENT * DAY_MS);
  sandbox.jobs.drain();
  record({
    title: `${DAYS_OF_ENGAGEMENT} days pass`,
    summary:
      `the sandbox clock moved ${DAYS_OF_ENGAGEMENT} days ahead (now ${sandbox.clock.nowIso()}) ` +
      `while recipients opened, clicked, bounced and opted out. ` +
      `Access tokens live 24 hours, so the next call renews it with the refresh token, as a stored connection does`,
  });

  await run<Json[]>('get-email-campaign-activity-send-history', { campaign_id: campaignId }, (h) =>
    h.map((e) => `send #${num(e.send_id)}: ${num(e.count)} contacts, ${str(e.send_status)}`).join('; '),
  );
  const counted = (what: string) => (rows: Json[]) => `${rows.length} ${what}${rows.length === 1 ? '' : 's'}`;
  const sends = await run<Json[]>('get-email-sends-reports', { campaign_id: campaignId, limit: 1000 }, counted('send'));
  await run<Json[]>(
    'get-email-opens-reports',
    { campaign_id: campaignId, limit: 1000 },
    (rows) => `${rows.length} opens by ${new Set(rows.map((r) => r.contact_id)).size} contacts`,
  );
  const clicks = await run<Json[]>(
    'get-email-clicks-reports',
    { campaign_id: campaignId, limit: 1000 },
    counted('click'),
  );
  await run<Json[]>(
    'get-email-bounces-reports',
    { campaign_id: campaignId, limit: 1000 },
    (rows) =>
      `${counted('bounce')(rows)}${rows.length ? ` (codes ${[...new Set(rows.map((r) => str(r.bounce_code)))].sort().join(', ')})` : ''}`,
  );
  await run<Json[]>('get-email-opt-outs-reports', { campaign_id: campaignId, limit: 1000 }, counted('opt-out'));
  await run<Json[]>('get-email-links-reports', { campaign_id: campaignId }, (links) =>
    links.map((l) => `${str(l.link_url)}: ${num(l.unique_clicks)} unique clicks`).join('; '),
  );

  // someone who clicked has the most telling rates; anyone sent the email will do otherwise
  const contactId = str((clicks[0] ?? sends[0])?.contact_id);
  const today = sandbox.clock.nowIso().slice(0, 10);
  const yearAgo = new Date(sandbox.clock.nowMs() - 365 * DAY_MS).toISOString().slice(0, 10);
  await run<Json>(
    'summarize-average-open-and-click-rates',
    { contact_id: contactId, start: yearAgo, end: today },
    (r) =>
      `contact ${contactId}: ${num(r.included_activities_count)} email(s) in the last year, ` +
      `open rate ${pct(r.average_open_rate)}, click rate ${pct(r.average_click_rate)}`,
  );
  return steps;
}

function printStep(step: TourStep): void {
  const head = step.module ? `${step.step}. ${step.module}  (ctct run ${step.key})` : `${step.step}. ${step.title}`;
  console.log(head);
  if (step.input) console.log(`   input:  ${summarizeInput(step.input)}`);
  console.log(`   result: ${step.summary}\n`);
}

/** The input on one line: long texts cut, long lists counted. */
export function summarizeInput(input: Json): string {
  const show = (value: unknown): string => {
    if (Array.isArray(value)) return value.length > 3 ? `[${value.length} items]` : `[${value.map(show).join(', ')}]`;
    if (value !== null && typeof value === 'object') return '{…}';
    const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return text.length > 48 ? `${text.slice(0, 45)}…"` : text;
  };
  return Object.entries(input)
    .map(([k, v]) => `${k}=${show(v)}`)
    .join('  ');
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const pct = (v: unknown): string => `${Math.round(num(v) * 100)}%`;
