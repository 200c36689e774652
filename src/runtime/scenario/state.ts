import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { ScenarioRunError } from './errors.js';
import { processIsLive } from './ledger.js';
import type { RunStatus, ScenarioState } from './types.js';

/**
 * Per-scenario state: enabled (for the daemon), consecutive failed runs (disabling after the
 * scenario's maxConsecutiveErrors), and the run lease: one process runs a scenario at a time.
 */
interface StateRow {
  scenario: string;
  enabled: number;
  consecutive_errors: number;
  disabled_reason: string | null;
  last_run_at: string | null;
  last_status: string | null;
  owner_pid: number | null;
  owner_host: string | null;
  owner_token: string | null;
}

export class ScenarioStates {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      ensure: db.prepare('INSERT OR IGNORE INTO scenario_state (scenario) VALUES (?)'),
      get: db.prepare<[string], StateRow>('SELECT * FROM scenario_state WHERE scenario = ?'),
      enable: db.prepare(
        'UPDATE scenario_state SET enabled = ?, disabled_reason = NULL, ' +
          'consecutive_errors = CASE WHEN ? THEN 0 ELSE consecutive_errors END WHERE scenario = ?',
      ),
      result: db.prepare(
        'UPDATE scenario_state SET consecutive_errors = ?, enabled = ?, ' +
          'disabled_reason = ?, last_run_at = ?, last_status = ? WHERE scenario = ?',
      ),
      own: db.prepare('UPDATE scenario_state SET owner_pid = ?, owner_host = ?, owner_token = ? WHERE scenario = ?'),
      release: db.prepare(
        'UPDATE scenario_state SET owner_pid = NULL, owner_host = NULL, ' +
          'owner_token = NULL WHERE scenario = ? AND owner_token = ?',
      ),
    };
  }

  get(scenario: string): ScenarioState {
    this.s.ensure.run(scenario);
    const r = this.s.get.get(scenario) as StateRow;
    return {
      scenario,
      enabled: r.enabled === 1,
      consecutiveErrors: r.consecutive_errors,
      disabledReason: r.disabled_reason,
      lastRunAt: r.last_run_at,
      lastStatus: r.last_status as RunStatus | null,
    };
  }

  setEnabled(scenario: string, enabled: boolean): ScenarioState {
    this.s.ensure.run(scenario);
    this.s.enable.run(enabled ? 1 : 0, enabled ? 1 : 0, scenario);
    return this.get(scenario);
  }

  /** Counts a finished run; an error run past the limit disables the scenario (with the reason). */
  noteResult(scenario: string, status: RunStatus, maxConsecutiveErrors: number): ScenarioState {
    const state = this.get(scenario);
    if (status === 'skipped' || status === 'running' || status === 'interrupted') return state;
    const errors = status === 'error' ? state.consecutiveErrors + 1 : 0;
    const disable = state.enabled && errors >= maxConsecutiveErrors;
    this.s.result.run(
      errors,
      disable ? 0 : state.enabled ? 1 : 0,
      disable ? `disabled after ${errors} consecutive failed runs` : state.disabledReason,
      new Date().toISOString(),
      status,
      scenario,
    );
    return this.get(scenario);
  }

  /** Takes the run lease or throws while another live process holds it. */
  acquire(scenario: string, token: string): void {
    this.db
      .transaction(() => {
        this.s.ensure.run(scenario);
        const r = this.s.get.get(scenario) as StateRow;
        if (r.owner_token && r.owner_token !== token && processIsLive(r.owner_pid, r.owner_host))
          throw new ScenarioRunError(
            `Scenario ${scenario} is already running in ` +
              `process ${r.owner_pid}${r.owner_host === hostname() ? '' : ` on ${r.owner_host}`}.`,
            'Wait for that run to end (or stop it); ' +
              'two runs of one scenario at once could process the same bundle twice.',
          );
        this.s.own.run(process.pid, hostname(), token, scenario);
      })
      .immediate();
  }

  release(scenario: string, token: string): void {
    this.s.release.run(scenario, token);
  }
}
