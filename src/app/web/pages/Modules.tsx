import { useEffect, useState } from 'preact/hooks';
import type { ModuleSummary } from '../../api-types.js';
import { api, describe } from '../api.js';
import { href } from '../router.js';

/** The 48 modules by group, with a search over names, keys and descriptions. */
export function ModulesPage({ query }: { query: string }) {
  const [modules, setModules] = useState<ModuleSummary[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [search, setSearch] = useState(query);
  useEffect(() => {
    api<ModuleSummary[]>('GET', '/modules')
      .then(setModules)
      .catch((err: unknown) => setError(describe(err).message));
  }, []);
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = (modules ?? []).filter((m) => {
    const text = `${m.name} ${m.key} ${m.group} ${m.kind} ${m.description}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const groups = [...new Set(shown.map((m) => m.group))];
  return (
    <section aria-labelledby="modules-title">
      <h1 id="modules-title">Modules</h1>
      <label class="search">
        Search modules
        <input
          type="search"
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
          placeholder="contact, list, report…"
        />
      </label>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {!modules && !error && <p>Loading…</p>}
      {modules && (
        <p class="muted">
          {shown.length} of {modules.length} modules
        </p>
      )}
      {groups.map((group) => (
        <section key={group} class="group">
          <h2>{group}</h2>
          <ul class="cards">
            {shown
              .filter((m) => m.group === group)
              .map((m) => (
                <li key={m.key}>
                  <a class="card" href={href('modules', m.key)}>
                    <strong>{m.name}</strong>
                    <span class={`kind kind-${m.kind}`}>{m.kind}</span>
                    <span class="muted">{m.description}</span>
                  </a>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
