import type { Route } from '../router.js';

export function RunsPage(_props: { route: Route }) {
  return (
    <section aria-labelledby="runs-title">
      <h1 id="runs-title">Runs</h1>
      <p>Run history and incomplete executions appear here once the scenario engine has landed.</p>
    </section>
  );
}
