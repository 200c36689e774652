import type { Route } from '../router.js';

export function ScenariosPage(_props: { route: Route; onRun: () => void }) {
  return (
    <section aria-labelledby="scenarios-title">
      <h1 id="scenarios-title">Scenarios</h1>
      <p>The scenario engine is landing; this page lists, edits and runs scenarios once it has.</p>
    </section>
  );
}
