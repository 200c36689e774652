import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiFailure, FieldView, ModuleView, RunResult } from '../../api-types.js';
import { ApiError, api, describe } from '../api.js';
import { Bundles } from '../BundleTree.js';
import { Field, type FieldErrors } from '../form/Field.js';
import { initialValues, toInput, type FormRow } from '../form/values.js';
import { href } from '../router.js';

/** Required fields first, then the optional ones, advanced ones behind a switch; Limit always last. */
function ordered(fields: readonly FieldView[]): { main: FieldView[]; advanced: FieldView[] } {
  const limitLast = (list: FieldView[]): FieldView[] => [
    ...list.filter((f) => f.key !== 'limit'),
    ...list.filter((f) => f.key === 'limit'),
  ];
  return {
    main: [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required && !f.advanced)],
    advanced: limitLast(fields.filter((f) => !f.required && f.advanced)),
  };
}

export function errorsByField(detail: ApiFailure | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const p of detail?.problems ?? []) map.set(p.field, [...(map.get(p.field) ?? []), p.message]);
  return map;
}

/** A module's dialog, generated from its input schema, with Run and its bundles. */
export function ModuleDialog({ moduleKey, onRun }: { moduleKey: string; onRun: () => void }) {
  const [module, setModule] = useState<ModuleView | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [values, setValues] = useState<FormRow>({});
  const [advanced, setAdvanced] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | undefined>();
  const [result, setResult] = useState<RunResult | undefined>();
  const [running, setRunning] = useState(false);
  const [confirming, setConfirming] = useState<string | undefined>();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    setModule(undefined);
    setResult(undefined);
    setFailure(undefined);
    api<ModuleView>('GET', `/modules/${moduleKey}`)
      .then((m) => {
        setModule(m);
        setValues(initialValues(m.fields));
      })
      .catch((err: unknown) => setLoadError(describe(err).message));
  }, [moduleKey]);

  const input = useMemo(() => (module ? toInput(module.fields, values) : {}), [module, values]);
  const errors: FieldErrors = useMemo(() => errorsByField(failure), [failure]);

  // Once a run was refused for bad input, the fields are checked again as they change.
  useEffect(() => {
    if (!failure?.problems || !module) return;
    const timer = setTimeout(() => {
      api('POST', `/modules/${module.key}/validate`, { input })
        .then(() => setFailure(undefined))
        .catch((err: unknown) => {
          if (err instanceof ApiError && err.detail.problems) setFailure(err.detail);
        });
    }, 300);
    return () => clearTimeout(timer);
  }, [input]);

  useEffect(() => {
    if (confirming) dialog.current?.showModal();
    else dialog.current?.close();
  }, [confirming]);

  if (loadError)
    return (
      <p role="alert" class="error">
        {loadError}
      </p>
    );
  if (!module) return <p>Loading…</p>;
  const { main, advanced: extra } = ordered(module.fields);
  const ctx = { moduleKey: module.key, connection: undefined, input };

  const run = (confirmed: boolean): void => {
    setRunning(true);
    setResult(undefined);
    setConfirming(undefined);
    api<RunResult>('POST', `/modules/${module.key}/run`, { input, confirmed })
      .then((r) => {
        setFailure(undefined);
        setResult(r);
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.detail.needsConfirmation) setConfirming(err.message);
        else setFailure(err instanceof ApiError ? err.detail : { name: 'Error', message: describe(err).message });
        // the fields at fault are shown beside them; open the advanced ones when one of them is at fault
        if (
          err instanceof ApiError &&
          err.detail.problems?.some((p) => extra.some((f) => p.field.split('.')[0] === f.key))
        )
          setAdvanced(true);
      })
      .finally(() => {
        setRunning(false);
        onRun();
      });
  };
  const renderField = (f: FieldView) => (
    <Field
      key={f.key}
      field={f}
      path={f.key}
      value={values[f.key]}
      errors={errors}
      ctx={ctx}
      onChange={(v) => setValues((old) => ({ ...old, [f.key]: v }))}
    />
  );

  return (
    <section aria-labelledby="dialog-title" class="dialog">
      <p>
        <a href={href('modules')}>← Modules</a>
      </p>
      <h1 id="dialog-title">{module.name}</h1>
      <p class="muted">
        {module.group} · {module.kind} · scopes {module.scopes.join(', ')}
        {module.writes && ' · changes the account'}
      </p>
      <p>{module.description}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          run(false);
        }}
        noValidate
      >
        {main.map(renderField)}
        {extra.length > 0 && (
          <div class="advanced">
            <label class="switch">
              <input type="checkbox" checked={advanced} onChange={(e) => setAdvanced(e.currentTarget.checked)} />
              Show advanced settings ({extra.length})
            </label>
            {advanced && extra.map(renderField)}
          </div>
        )}
        {failure && (
          <div class="failure" role="alert" data-testid="failure">
            <p>
              <strong>{failure.message.split('\n')[0]}</strong>
            </p>
            {failure.problems ? (
              <ul>
                {failure.problems.map((p) => (
                  <li key={p.field + p.message}>
                    {p.label}: {p.message}
                  </li>
                ))}
              </ul>
            ) : (
              failure.message.includes('\n') && <pre>{failure.message}</pre>
            )}
            {failure.hint && <p class="hint">{failure.hint}</p>}
          </div>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={running}>
            {running ? 'Running…' : 'Run once'}
          </button>
        </div>
      </form>
      <dialog ref={dialog} aria-labelledby="confirm-title" onCancel={() => setConfirming(undefined)}>
        <h2 id="confirm-title">Change the live account?</h2>
        <p>{confirming}.</p>
        <div class="actions">
          <button type="button" class="danger" onClick={() => run(true)}>
            Run against the live account
          </button>
          <button type="button" onClick={() => setConfirming(undefined)}>
            Cancel
          </button>
        </div>
      </dialog>
      {result && (
        <section class="result" aria-labelledby="result-title" data-testid="result">
          <h2 id="result-title">Output</h2>
          <p class="muted" data-testid="run-stats">
            {result.bundles.length} bundle{result.bundles.length === 1 ? '' : 's'} · {result.requests} request
            {result.requests === 1 ? '' : 's'}
            {result.retries ? ` (${result.retries} retried)` : ''} · {result.durationMs} ms
          </p>
          <Bundles bundles={result.bundles} />
        </section>
      )}
    </section>
  );
}
