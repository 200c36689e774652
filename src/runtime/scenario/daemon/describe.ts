import { describeProblem } from '../parse.js';
import type { DaemonEvent } from './types.js';

const time = (iso: string | null): string => (iso === null ? 'never' : iso.replace(/\.\d{3}Z$/, 'Z'));

/**
 * The line(s) a person reads for an event (`ctct serve` without --json), or none: the per-operation
 * log is for `ctct scenario run`; the daemon reports runs, problems and stored incomplete executions.
 */
export function describeDaemonEvent(event: DaemonEvent): string[] {
  switch (event.type) {
    case 'serve-started':
      return [`serve: started at ${time(event.at)}; SIGTERM or Ctrl-C stops after the operation in flight.`];
    case 'recovered':
      return event.runs.map((run) => `serve: finished ${run.scenario}'s interrupted run ${run.id} (${run.status}).`);
    case 'schedule':
      return [
        event.scenarios.length === 0
          ? 'serve: no enabled scenario has a schedule; waiting for one (ctct scenario enable NAME).'
          : `serve: ${event.scenarios.length} scheduled scenario${event.scenarios.length === 1 ? '' : 's'}:`,
        ...event.scenarios.map((s) => `  ${s.name}: ${s.schedule}, next run ${time(s.nextRunAt)}`),
        ...event.idle.map((s) => `  ${s.name}: not scheduled (${s.reason})`),
      ];
    case 'budget':
      return event.plan.over ? [...event.plan.summary] : [event.plan.summary[0] ?? ''];
    case 'invalid':
      return [
        `serve: ${event.name} cannot run until its file is fixed:`,
        ...event.problems.map((p) => `  - ${describeProblem(p)}`),
      ];
    case 'run-due':
      return [
        `${event.name}: run due ${time(event.dueAt)}${event.catchUp ? ' (making up for a run missed while serve was not running)' : ''}`,
      ];
    case 'scenario-event': {
      const inner = event.event;
      if (inner.type === 'incomplete-stored')
        return [
          `${event.name}: stored incomplete execution ${inner.incomplete.id} ` +
            `(${inner.incomplete.reason}): ${inner.incomplete.error.message}`,
        ];
      if (inner.type === 'notice') return [`${event.name}: ${inner.message}`];
      if (inner.type === 'operation-finished' && inner.operation.status === 'error' && inner.operation.error)
        return [`${event.name}: module ${inner.operation.moduleId} failed: ${inner.operation.error.message}`];
      return [];
    }
    case 'run-finished': {
      const run = event.run;
      const seconds = run.endedAt ? ((Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1) : '?';
      const figures = `${run.bundles} bundles, ${run.operations} operations, ${run.requests} requests, ${seconds} s`;
      const error = run.error ? `: ${run.error.message}` : '';
      return [`${event.name}: run ${run.id} ${run.status} (${figures})${error}; next ${time(event.nextRunAt)}`];
    }
    case 'run-failed':
      return [`${event.name}: could not run: ${event.error.message}`];
    case 'retried': {
      const failed = event.results.filter((r) => !r.ok);
      return [
        `serve: retried ${event.results.length} incomplete execution${event.results.length === 1 ? '' : 's'}` +
          (failed.length > 0 ? `, ${failed.length} could not be retried` : ''),
        ...failed.map((r) => `  ${r.id}: ${r.error ?? 'failed'}`),
      ];
    }
    case 'pruned':
      return [`serve: deleted ${event.runs} runs past their retention.`];
    case 'stopping':
      return [`serve: stopping (${event.reason}); the run in flight ends after its current operation.`];
    case 'stopped':
      return [`serve: stopped after ${event.runs} run${event.runs === 1 ? '' : 's'}.`];
  }
}
