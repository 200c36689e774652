import { CliError, printJson, renderTable } from '../output.js';
import type {
  IncompleteExecution,
  OperationRecord,
  RunRecord,
  RunStatus,
  ScenarioEvent,
  Scenarios,
} from '../../runtime/scenario/index.js';

/** What `ctct scenario …` and `ctct runs …` print; every behaviour is the scenario library's. */

interface DirOption {
  dir?: string;
}

async function open(opts: DirOption): Promise<Scenarios> {
  const { openScenarios } = await import('../../runtime/scenario/index.js');
  return openScenarios(opts.dir !== undefined ? { dir: opts.dir } : {});
}

async function withLibrary<T>(opts: DirOption, work: (lib: Scenarios) => Promise<T>): Promise<T> {
  const lib = await open(opts);
  try {
    return await work(lib);
  } finally {
    lib.close();
  }
}

const say = (json: boolean, text: string) => {
  if (!json) process.stdout.write(`${text}\n`);
};

export async function newScenario(name: string, opts: DirOption & { from?: string }, json: boolean): Promise<void> {
  await withLibrary(opts, async (lib) => {
    if (opts.from === 'list') {
      const templates = await lib.templates();
      if (json) printJson(templates.map(({ name: n, title, description }) => ({ name: n, title, description })));
      else say(json, renderTable(templates.map(({ name: n, title }) => ({ template: n, title }))));
      return;
    }
    const saved = await lib.create(name, opts.from ? { from: opts.from } : {});
    if (json) printJson({ name: saved.name, file: saved.file, version: saved.version });
    else
      say(
        json,
        `Wrote ${saved.file}${opts.from ? ` from the example ${opts.from}` : ''}. ` +
          `Edit it, then: ctct scenario validate ${saved.name}`,
      );
  });
}

export async function listScenarios(opts: DirOption, json: boolean): Promise<void> {
  await withLibrary(opts, async (lib) => {
    const all = await lib.list();
    if (json) {
      printJson(
        all.map((s) => ({
          name: s.name,
          file: s.file,
          title: s.title,
          version: s.version,
          enabled: s.state.enabled,
          disabledReason: s.state.disabledReason,
          lastRun: s.lastRun ?? null,
          unresolvedIncompletes: s.unresolvedIncompletes,
          problems: s.problems,
        })),
      );
      return;
    }
    if (all.length === 0) return say(json, `No scenarios in ${lib.dir} yet: ctct scenario new NAME --from list`);
    say(
      json,
      renderTable(
        all.map((s) => ({
          name: s.name,
          title: s.title ?? `(invalid: ${s.problems.length} problem(s))`,
          enabled: s.state.enabled ? 'yes' : s.state.disabledReason ? `no (${s.state.disabledReason})` : 'no',
          'last run': s.lastRun ? `${s.lastRun.status} ${s.lastRun.startedAt}` : '',
          incomplete: s.unresolvedIncompletes || '',
        })),
      ),
    );
  });
}

export async function validateScenario(file: string, opts: DirOption, json: boolean): Promise<void> {
  await withLibrary(opts, async (lib) => {
    const { describeProblem, ScenarioFormatError } = await import('../../runtime/scenario/index.js');
    let problems;
    let loaded;
    try {
      loaded = await lib.load(file);
      problems = await lib.validate(loaded);
    } catch (err) {
      if (!(err instanceof ScenarioFormatError)) throw err;
      problems = err.problems;
    }
    if (json)
      printJson({
        file: loaded?.file ?? file,
        valid: problems.length === 0,
        version: loaded?.version ?? null,
        problems,
      });
    else if (problems.length === 0) say(json, `${loaded?.file ?? file} is valid (version ${loaded?.version}).`);
    else
      process.stderr.write(
        `${loaded?.file ?? file}: ${problems.length} ` +
          `problem(s)\n${problems.map((p) => `  - ${describeProblem(p)}\n`).join('')}`,
      );
    if (problems.length > 0) process.exitCode = 2;
  });
}

function operationLine(o: OperationRecord): string {
  const bits = [
    `cycle ${o.cycle}`,
    `module ${o.moduleId}`.padEnd(9),
    o.path.padEnd(8),
    o.module.padEnd(28),
    o.status.padEnd(10),
    `${o.requests} req`,
    o.durationMs === null ? '' : `${Math.round(o.durationMs)} ms`,
    o.outputCount > 1 ? `${o.outputCount} bundles` : '',
  ];
  let line = bits.filter(Boolean).join('  ');
  if (o.error) line += `\n      ${o.error.message}${o.error.hint ? `\n      ${o.error.hint}` : ''}`;
  for (const w of o.warnings) line += `\n      warning: ${w}`;
  return line;
}

function runLine(r: RunRecord): string {
  return (
    `Run ${r.id} ${r.status}: ${r.bundles} bundle(s), ${r.operations} operation(s), ${r.requests} ` +
    `request(s), ${r.incompletes} incomplete${r.error ? `\n  ${r.error.message}` : ''}`
  );
}

function liveLog(json: boolean): (e: ScenarioEvent) => void {
  return (e) => {
    if (json) return printJson(e);
    if (e.type === 'operation-finished') process.stdout.write(`${operationLine(e.operation)}\n`);
    else if (e.type === 'notice') process.stdout.write(`  note: ${e.message}\n`);
    else if (e.type === 'incomplete-stored')
      process.stdout.write(`  stored as incomplete execution ${e.incomplete.id} (${e.incomplete.reason})\n`);
    else if (e.type === 'run-started')
      process.stdout.write(`Run ${e.run.id} of ${e.run.scenario} (version ${e.run.version})\n`);
  };
}

export async function runScenario(file: string, opts: DirOption & { cycles?: string }, json: boolean): Promise<void> {
  const cycles = opts.cycles === undefined ? undefined : Number(opts.cycles);
  if (cycles !== undefined && !(Number.isInteger(cycles) && cycles >= 1))
    throw new CliError(`--cycles: "${opts.cycles}" is not a whole number of 1 or more`, 2);
  await withLibrary(opts, async (lib) => {
    const stop = new AbortController();
    let signals = 0;
    // The first Ctrl-C finishes the operation in flight and stops; the next run continues from there.
    const onSignal = () => (++signals > 1 ? process.exit(130) : stop.abort());
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const run = await lib.runScenario(file, {
        signal: stop.signal,
        onEvent: liveLog(json),
        ...(cycles !== undefined ? { maxCycles: cycles } : {}),
      });
      say(json, runLine(run));
      process.exitCode = exitCodeOf(run.status);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}

function exitCodeOf(status: RunStatus): number {
  return status === 'error' ? 1 : status === 'interrupted' ? 130 : 0;
}

export async function setEnabled(name: string, on: boolean, opts: DirOption, json: boolean): Promise<void> {
  await withLibrary(opts, async (lib) => {
    const loaded = await lib.load(name);
    if (on) {
      const problems = await lib.validate(loaded);
      if (problems.length > 0)
        throw new CliError(
          `${loaded.name} has ${problems.length} problem(s); it stays disabled.`,
          2,
          `Run \`ctct scenario validate ${loaded.name}\` to see them.`,
        );
    }
    const state = lib.setEnabled(loaded.name, on);
    // The day's request budget over every enabled scenario, as `ctct serve` will plan it.
    const { planEnabledBudget } = await import('../../runtime/scenario/daemon/index.js');
    const budget = on ? await planEnabledBudget(lib) : undefined;
    if (json) printJson(budget ? { ...state, budget } : state);
    else {
      say(json, `${loaded.name} is ${on ? 'enabled: `ctct serve` runs it on its schedule' : 'disabled'}.`);
      if (budget?.over) say(json, budget.summary.join('\n'));
    }
  });
}

export async function listRuns(opts: DirOption & { scenario?: string; status?: string; limit: string }, json: boolean) {
  await withLibrary(opts, async (lib) => {
    const runs = lib.listRuns({
      ...(opts.scenario ? { scenario: opts.scenario } : {}),
      ...(opts.status ? { status: opts.status as RunStatus } : {}),
      limit: Number(opts.limit) || 20,
    });
    if (json) return printJson(runs);
    say(
      json,
      renderTable(
        runs.map((r) => ({
          id: r.id,
          scenario: r.scenario,
          trigger: r.trigger,
          status: r.status,
          bundles: r.bundles,
          ops: r.operations,
          requests: r.requests,
          incomplete: r.incompletes || '',
          started: r.startedAt,
        })),
      ),
    );
  });
}

export async function showRun(id: string, opts: DirOption, json: boolean): Promise<void> {
  await withLibrary(opts, async (lib) => {
    const detail = lib.getRun(id);
    if (!detail) throw new CliError(`No run ${id}.`, 2, 'List runs with `ctct runs list`.');
    if (json) return printJson(detail);
    const r = detail.run;
    say(
      json,
      `${runLine(r)}\n  scenario ${r.scenario}, ` +
        `version ${r.version}, ${r.trigger}, ${r.startedAt} → ${r.endedAt ?? '…'}`,
    );
    for (const o of detail.operations) say(json, operationLine(o));
    for (const i of detail.incompletes) say(json, incompleteLine(i));
  });
}

function incompleteLine(i: IncompleteExecution): string {
  return (
    `incomplete ${i.id} ${i.status}: ` +
    `module ${i.moduleId}, ${i.reason}: ${i.error.message}${i.nextAttemptAt ? ` (next retry ${i.nextAttemptAt})` : ''}`
  );
}

export async function listIncompletes(opts: DirOption & { scenario?: string; status?: string }, json: boolean) {
  await withLibrary(opts, async (lib) => {
    const list = lib.listIncompletes({
      ...(opts.scenario ? { scenario: opts.scenario } : {}),
      status: (opts.status ?? 'unresolved') as IncompleteExecution['status'],
    });
    if (json) return printJson(list);
    say(json, list.length ? list.map(incompleteLine).join('\n') : '(no incomplete executions)');
  });
}

export async function resolve(
  verb: 'resume' | 'replay' | 'discard',
  ids: string[],
  opts: DirOption & { scenario?: string; all?: boolean },
  json: boolean,
): Promise<void> {
  await withLibrary(opts, async (lib) => {
    let targets: string[] = [];
    if (opts.all)
      targets = lib
        .listIncompletes({ ...(opts.scenario ? { scenario: opts.scenario } : {}), status: 'unresolved' })
        .map((i) => i.id);
    for (const id of ids) {
      const run = lib.getRun(id);
      // A run id stands for its unresolved incomplete executions.
      if (run) targets.push(...run.incompletes.filter((i) => i.status === 'unresolved').map((i) => i.id));
      else targets.push(id);
    }
    if (targets.length === 0)
      throw new CliError(
        `Nothing to ${verb}: give incomplete execution ids or run ids, or --all.`,
        2,
        'List them with `ctct runs incomplete`.',
      );
    const results = await lib.resolveMany(verb, targets, { onEvent: liveLog(json) });
    if (json) printJson(results);
    else
      for (const r of results)
        say(
          json,
          r.ok
            ? `${r.id}: ${verb === 'discard' ? 'discarded' : `run ${r.run?.id} ${r.run?.status}`}`
            : `${r.id}: ${r.error}`,
        );
    if (results.some((r) => !r.ok || r.run?.status === 'error')) process.exitCode = 1;
  });
}
