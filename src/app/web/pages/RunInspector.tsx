import { useEffect, useState } from 'preact/hooks';
import type { OperationView, RunDetailView } from '../../api-types.js';
import { api, describe } from '../api.js';
import { Bundles, Tree } from '../BundleTree.js';
import { href } from '../router.js';

/** The run inspector: the run's header, then every bundle's operations in order, and what did not run. */
export function RunInspector({ id }: { id: string }) {
  const [detail, setDetail] = useState<RunDetailView | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    api<RunDetailView>('GET', `/runs/${encodeURIComponent(id)}`)
      .then(setDetail)
      .catch((err: unknown) => setError(describe(err).message));
  }, [id]);
  if (error)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  if (!detail) return <p>Loading…</p>;
  const { run, operations, flow } = detail;
  const bundles = [...new Set(operations.map((o) => o.bundleId))];
  // A trigger's poll is recorded as its own bundle; each event it delivered is a bundle of its own.
  const first = flow[0]?.id;
  const polls =
    bundles.length > 1
      ? bundles.filter((id) => operations.filter((o) => o.bundleId === id).every((o) => o.moduleId === first))
      : [];
  const items = bundles.filter((id) => !polls.includes(id));
  const duration = run.endedAt ? Date.parse(run.endedAt) - Date.parse(run.startedAt) : undefined;
  return (
    <section aria-labelledby="run-title" class="inspector">
      <p>
        <a href={`${href('runs')}?scenario=${encodeURIComponent(run.scenario)}`}>← Runs of {run.scenario}</a>
      </p>
      <h1 id="run-title">
        Run of <a href={href('scenarios', run.scenario)}>{run.scenario}</a>:{' '}
        <span class={`status status-${run.status}`}>{run.status}</span>
      </h1>
      <dl class="facts" data-testid="run-header">
        <dt>Trigger</dt>
        <dd>
          {run.trigger}
          {run.incompleteId ? ` of ${run.incompleteId}` : ''}
        </dd>
        <dt>Version</dt>
        <dd>
          <code>{run.version.slice(0, 12)}</code>
        </dd>
        <dt>Cycles</dt>
        <dd>{run.cycles}</dd>
        <dt>Bundles</dt>
        <dd>{run.bundles}</dd>
        <dt>Operations</dt>
        <dd>{run.operations}</dd>
        <dt>API requests</dt>
        <dd>{run.requests}</dd>
        <dt>Incomplete</dt>
        <dd>{run.incompletes}</dd>
        <dt>Started</dt>
        <dd>{run.startedAt}</dd>
        <dt>Duration</dt>
        <dd>{duration === undefined ? 'running' : `${duration} ms`}</dd>
      </dl>
      {run.error && (
        <div class="failure" role="alert">
          <strong>{run.error.name}</strong>: {run.error.message}
          {run.error.hint && <p class="hint">{run.error.hint}</p>}
        </div>
      )}
      {bundles.length === 0 && <p>No operation ran.</p>}
      {polls.map((bundleId) => (
        <section key={bundleId} class="run-bundle" aria-label="Trigger">
          <h2>Trigger</h2>
          <ol class="operations">
            {operations
              .filter((o) => o.bundleId === bundleId)
              .map((o) => (
                <Operation key={o.id} op={o} label={flow.find((f) => f.id === o.moduleId)?.name ?? o.module} />
              ))}
          </ol>
        </section>
      ))}
      {items.map((bundleId, b) => {
        const ops = operations.filter((o) => o.bundleId === bundleId).sort((x, y) => x.id - y.id);
        const ran = new Set(ops.map((o) => o.moduleId));
        // the modules after the first one this bundle reached, which it did not reach
        const start = Math.min(...ops.map((o) => flow.findIndex((f) => f.id === o.moduleId)).filter((i) => i >= 0));
        const notRun = flow.filter((f, i) => i > start && !ran.has(f.id));
        return (
          <section key={bundleId} class="run-bundle" data-run-bundle={b + 1} aria-label={`Bundle ${b + 1}`}>
            <h2>
              Bundle {b + 1} <span class="muted">cycle {ops[0]?.cycle}</span>
            </h2>
            <ol class="operations">
              {ops.map((o) => (
                <Operation key={o.id} op={o} label={flow.find((f) => f.id === o.moduleId)?.name ?? o.module} />
              ))}
              {notRun.map((f) => (
                <li key={`not-${f.id}`} class="operation status-not-run" data-operation-module={f.id}>
                  <span class="badge">{f.id}</span> {f.name} <span class="status">not run</span>
                </li>
              ))}
            </ol>
          </section>
        );
      })}
    </section>
  );
}

function Operation({ op, label }: { op: OperationView; label: string }) {
  const outputs = Array.isArray(op.output)
    ? op.output
    : op.output === null || op.output === undefined
      ? []
      : [op.output];
  return (
    <li class={`operation status-${op.status}`} data-operation-module={op.moduleId}>
      <details>
        <summary>
          <span class="badge">{op.moduleId}</span> {label}{' '}
          <span class="status">{op.status === 'filtered' ? 'skipped by filter' : op.status}</span>{' '}
          <span class="muted">
            {op.outputCount} bundle(s) · {op.requests} request(s) ·{' '}
            {op.durationMs === null ? '?' : Math.round(op.durationMs)} ms
            {op.attempt > 1 ? ` · attempt ${op.attempt}` : ''}
          </span>
        </summary>
        <div class="operation-body">
          {op.filterPassed !== null && <p>Filter: {op.filterPassed ? 'passed' : 'did not pass'}</p>}
          {op.error && (
            <div class="failure">
              <strong>{op.error.name}</strong>: {op.error.message}
              {op.error.field && <div>Field: {op.error.field}</div>}
              {op.error.hint && <p class="hint">{op.error.hint}</p>}
            </div>
          )}
          {op.warnings.map((w) => (
            <p key={w} class="hint">
              Warning: {w}
            </p>
          ))}
          {op.truncated && <p class="hint">Payloads were cut at 64 KB.</p>}
          <h3>Input</h3>
          <Tree name="Input" value={op.input} open />
          <h3>Output</h3>
          <Bundles bundles={outputs} />
        </div>
      </details>
    </li>
  );
}
