import { useEffect, useState } from 'preact/hooks';
import type { ScenarioListView } from '../../api-types.js';
import { api, describe } from '../api.js';
import { DataTable } from '../components/DataTable.js';
import { ScenarioEditor } from '../editor/ScenarioEditor.js';
import { href, type Route } from '../router.js';

interface Template {
  name: string;
  title: string;
  description?: string;
}

const COLUMNS = ['Scenario', 'On', 'Schedule', 'Last run', 'Next run', 'Status'];

/** Scenarios: each with on/off, schedule, last and next run, status; a new one from an example. */
export function ScenariosPage({ route, onRun }: { route: Route; onRun: () => void }) {
  if (route.rest[0]) return <ScenarioEditor name={route.rest[0]} onRun={onRun} />;
  return <ScenarioList />;
}

function ScenarioList() {
  const [list, setList] = useState<ScenarioListView[] | undefined>();
  const [templates, setTemplates] = useState<Template[]>([]);
  const [message, setMessage] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  const reload = (): void => {
    api<ScenarioListView[]>('GET', '/scenarios')
      .then(setList)
      .catch((err: unknown) => setMessage(describe(err).message));
  };
  useEffect(() => {
    reload();
    api<Template[]>('GET', '/scenarios/templates')
      .then(setTemplates)
      .catch(() => undefined);
  }, []);
  const create = (e: Event): void => {
    e.preventDefault();
    api<{ name: string }>('POST', '/scenarios', { name, from })
      .then((r) => location.assign(href('scenarios', r.name)))
      .catch((err: unknown) => {
        const d = describe(err);
        setMessage(d.hint ? `${d.message} ${d.hint}` : d.message);
      });
  };
  return (
    <section aria-labelledby="scenarios-title">
      <h1 id="scenarios-title">Scenarios</h1>
      {message && (
        <p role="alert" class="error">
          {message}
        </p>
      )}
      {list && list.length === 0 && <p>No scenario yet: make one from an example below.</p>}
      {list && list.length > 0 && (
        <DataTable columns={COLUMNS}>
          {list.map((s) => (
            <tr key={s.name} data-scenario={s.name}>
              <th scope="row">
                <a href={href('scenarios', s.name)}>{s.scenario?.name ?? s.name}</a>
                <div class="muted">{s.name}</div>
              </th>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${s.name} on`}
                  checked={s.state.enabled}
                  onChange={(e) =>
                    void api('POST', `/scenarios/${encodeURIComponent(s.name)}/enabled`, {
                      enabled: e.currentTarget.checked,
                    }).then(reload)
                  }
                />
              </td>
              <td>{s.timing?.schedule ?? (s.problems?.length ? 'invalid file' : '')}</td>
              <td>{s.lastRun ? <a href={href('runs', s.lastRun.id)}>{s.lastRun.startedAt}</a> : 'never'}</td>
              <td>{s.timing?.next ?? '—'}</td>
              <td>
                {s.problems?.length ? `${s.problems.length} problem(s)` : (s.lastRun?.status ?? '—')}
                {s.unresolvedIncompletes > 0 && (
                  <a href={`${href('runs')}?view=incomplete&scenario=${encodeURIComponent(s.name)}`}>
                    {' '}
                    · {s.unresolvedIncompletes} incomplete
                  </a>
                )}
                {s.state.disabledReason && <div class="error">{s.state.disabledReason}</div>}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <form class="panel" onSubmit={create} aria-labelledby="new-title">
        <h2 id="new-title">New scenario</h2>
        <label>
          File name
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} placeholder="spring-openers" required />
        </label>
        <label>
          Start from
          <select value={from} onChange={(e) => setFrom(e.currentTarget.value)}>
            <option value="">A blank scenario</option>
            {templates.map((t) => (
              <option key={t.name} value={t.name}>
                {t.title} ({t.name})
              </option>
            ))}
          </select>
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            Create
          </button>
        </div>
      </form>
    </section>
  );
}
