import { useEffect, useState } from 'preact/hooks';
import type { IncompleteView, RunView } from '../../api-types.js';
import { api, describe } from '../api.js';
import { DataTable } from '../components/DataTable.js';
import { Notice, type Message } from '../components/Notice.js';
import { href, type Route } from '../router.js';
import { RunInspector } from './RunInspector.js';
import { WatchState } from './WatchState.js';

const STATUSES = ['', 'success', 'warning', 'error', 'running', 'skipped'];
const HISTORY_COLUMNS = ['Started', 'Scenario', 'Status', 'Trigger', 'Bundles', 'Operations', 'Requests'];

/** Runs: history with filters, the inspector, and incomplete executions. */
export function RunsPage({ route }: { route: Route }) {
  if (route.rest[0]) return <RunInspector id={route.rest[0]} />;
  const asked = route.query.get('view');
  const view = asked === 'incomplete' || asked === 'triggers' ? asked : 'history';
  const scenario = route.query.get('scenario') ?? '';
  return (
    <section aria-labelledby="runs-title">
      <h1 id="runs-title">Runs</h1>
      <nav class="tabs" aria-label="Runs views">
        <a
          href={`${href('runs')}?scenario=${encodeURIComponent(scenario)}`}
          aria-current={view === 'history' ? 'page' : undefined}
        >
          History
        </a>
        <a
          href={`${href('runs')}?view=incomplete&scenario=${encodeURIComponent(scenario)}`}
          aria-current={view === 'incomplete' ? 'page' : undefined}
        >
          Incomplete executions
        </a>
        <a
          href={`${href('runs')}?view=triggers&scenario=${encodeURIComponent(scenario)}`}
          aria-current={view === 'triggers' ? 'page' : undefined}
        >
          Watch state
        </a>
      </nav>
      {view === 'history' && <History scenario={scenario} />}
      {view === 'incomplete' && <Incompletes scenario={scenario} />}
      {view === 'triggers' && <WatchState scenario={scenario} />}
    </section>
  );
}

function History({ scenario: initial }: { scenario: string }) {
  const [scenario, setScenario] = useState(initial);
  const [status, setStatus] = useState('');
  const [date, setDate] = useState('');
  const [runs, setRuns] = useState<RunView[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    const q = new URLSearchParams({ scenario, status, date });
    api<RunView[]>('GET', `/runs?${q.toString()}`)
      .then((r) => {
        setRuns(r);
        setError(undefined);
      })
      .catch((err: unknown) => setError(describe(err).message));
  }, [scenario, status, date]);
  return (
    <>
      <div class="filters">
        <label>
          Scenario
          <input value={scenario} onInput={(e) => setScenario(e.currentTarget.value)} placeholder="all" />
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Day (UTC)
          <input type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
        </label>
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {runs && runs.length === 0 && <p>No runs match.</p>}
      {runs && runs.length > 0 && (
        <DataTable columns={HISTORY_COLUMNS} testId="runs">
          {runs.map((r) => (
            <tr key={r.id} data-run={r.id}>
              <td>
                <a href={href('runs', r.id)}>{r.startedAt}</a>
              </td>
              <td>{r.scenario}</td>
              <td>
                <span class={`status status-${r.status}`}>{r.status}</span>
              </td>
              <td>{r.trigger}</td>
              <td>{r.bundles}</td>
              <td>{r.operations}</td>
              <td>{r.requests}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

function Incompletes({ scenario }: { scenario: string }) {
  const [items, setItems] = useState<IncompleteView[] | undefined>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<Message | undefined>();
  const reload = (): void => {
    api<IncompleteView[]>('GET', `/incompletes?${new URLSearchParams({ scenario }).toString()}`)
      .then((r) => {
        setItems(r);
        setSelected(new Set());
      })
      .catch((err: unknown) => setMessage({ text: describe(err).message, error: true }));
  };
  useEffect(reload, [scenario]);
  const resolve = (action: 'resume' | 'replay' | 'discard', ids: string[]): void => {
    if (
      action === 'discard' &&
      !confirm(`Discard ${ids.length} incomplete execution(s)? Their bundles will not be processed.`)
    )
      return;
    setMessage({ text: `${action}…`, error: false });
    api<{ id: string; ok: boolean; error?: string; run?: RunView }[]>('POST', '/incompletes/resolve', { action, ids })
      .then((results) => {
        const failed = results.filter((r) => !r.ok);
        const runs = results.filter((r) => r.run).map((r) => `${r.run?.status}`);
        const runsText = runs.length ? ` (runs: ${runs.join(', ')})` : '';
        const failedText = failed.length ? `; failed: ${failed.map((f) => f.error).join('; ')}` : '';
        setMessage({
          text: `${action}: ${results.length - failed.length} of ${results.length} done${runsText}${failedText}`,
          error: failed.length > 0,
        });
      })
      .catch((err: unknown) => setMessage({ text: describe(err).message, error: true }))
      .finally(reload);
  };
  const chosen = [...selected];
  return (
    <>
      <Notice message={message} testId="incomplete-message" />
      {items && items.length === 0 && <p>No unresolved incomplete executions.</p>}
      {items && items.length > 0 && (
        <>
          <div class="actions">
            <span>{chosen.length} selected</span>
            <button type="button" disabled={!chosen.length} onClick={() => resolve('resume', chosen)}>
              Resume selected
            </button>
            <button type="button" disabled={!chosen.length} onClick={() => resolve('replay', chosen)}>
              Replay selected
            </button>
            <button type="button" class="danger" disabled={!chosen.length} onClick={() => resolve('discard', chosen)}>
              Discard selected
            </button>
          </div>
          <DataTable
            testId="incompletes"
            columns={[
              <input
                type="checkbox"
                aria-label="Select all"
                checked={chosen.length === items.length}
                onChange={(e) => setSelected(new Set(e.currentTarget.checked ? items.map((i) => i.id) : []))}
              />,
              'Scenario',
              'Module',
              'Reason',
              'Error',
              'Next retry',
              'Actions',
            ]}
          >
            {items.map((i) => (
              <tr key={i.id} data-incomplete={i.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${i.id}`}
                    checked={selected.has(i.id)}
                    onChange={(e) => {
                      const next = new Set(selected);
                      if (e.currentTarget.checked) next.add(i.id);
                      else next.delete(i.id);
                      setSelected(next);
                    }}
                  />
                </td>
                <td>{i.scenario}</td>
                <td>{i.moduleId}</td>
                <td>{i.reason}</td>
                <td>
                  {i.error.message}
                  {i.error.hint && <div class="hint">{i.error.hint}</div>}
                  <div>
                    <a href={href('runs', i.runId)}>the run</a>
                  </div>
                </td>
                <td>{i.nextAttemptAt ?? 'needs you'}</td>
                <td class="buttons">
                  <button type="button" onClick={() => resolve('resume', [i.id])}>
                    Resume
                  </button>
                  <button type="button" onClick={() => resolve('replay', [i.id])}>
                    Replay
                  </button>
                  <button type="button" class="danger" onClick={() => resolve('discard', [i.id])}>
                    Discard
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </>
  );
}
