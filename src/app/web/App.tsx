import { useCallback, useEffect, useState } from 'preact/hooks';
import type { StatusView } from '../api-types.js';
import { api, describe } from './api.js';
import { href, useRoute } from './router.js';
import { ConnectionsPage } from './pages/Connections.js';
import { ModulesPage } from './pages/Modules.js';
import { ModuleDialog } from './pages/ModuleDialog.js';
import { ScenariosPage } from './pages/Scenarios.js';
import { RunsPage } from './pages/Runs.js';

const PAGES = [
  ['connections', 'Connections'],
  ['modules', 'Modules'],
  ['scenarios', 'Scenarios'],
  ['runs', 'Runs'],
] as const;

export function App() {
  const route = useRoute();
  const [status, setStatus] = useState<StatusView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const refreshStatus = useCallback(() => {
    api<StatusView>('GET', '/status')
      .then((s) => {
        setStatus(s);
        setError(undefined);
      })
      .catch((err: unknown) => setError(describe(err).message));
  }, []);
  useEffect(refreshStatus, [refreshStatus]);

  let page;
  if (route.page === 'connections') page = <ConnectionsPage status={status} route={route} onChange={refreshStatus} />;
  else if (route.page === 'scenarios') page = <ScenariosPage route={route} onRun={refreshStatus} />;
  else if (route.page === 'runs') page = <RunsPage route={route} />;
  else if (route.page === 'modules' && route.rest[0])
    page = <ModuleDialog moduleKey={route.rest[0]} onRun={refreshStatus} />;
  else page = <ModulesPage query={route.query.get('q') ?? ''} />;

  return (
    <>
      <header class="top">
        {status && (
          <p class={`banner banner-${status.banner.mode}`} role="status" data-testid="banner">
            {status.banner.text}
          </p>
        )}
        {error && (
          <p class="banner banner-error" role="alert">
            {error}
          </p>
        )}
        <nav aria-label="Pages">
          <span class="brand">ctct-connect</span>
          {PAGES.map(([key, label]) => (
            <a key={key} href={href(key)} aria-current={route.page === key ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
      </header>
      <main>{page}</main>
    </>
  );
}
