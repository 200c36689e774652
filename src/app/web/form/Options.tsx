import { useEffect, useState } from 'preact/hooks';
import type { Choice, FieldView } from '../../api-types.js';
import { api, describe } from '../api.js';

/** The platform's cap on the choices a dropdown shows; the search box narrows the rest. */
const SHOWN = 500;

export interface OptionsContext {
  moduleKey: string;
  connection: string | undefined;
  /** The input so far: choices may depend on other fields (a campaign's activities). */
  input: Record<string, unknown>;
}

/**
 * A "Select" field with live options from the module's option loader (every page, cached by the
 * server per connection), a search box and a refresh button. `multiple` is for lists of ids.
 */
export function LiveOptions(props: {
  id: string;
  field: FieldView;
  path: string;
  value: string | string[] | undefined;
  multiple: boolean;
  ctx: OptionsContext;
  describedBy: string;
  onChange: (value: string | string[]) => void;
}) {
  const { field, ctx } = props;
  const [choices, setChoices] = useState<Choice[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [loading, setLoading] = useState(false);
  const depends = (field.dependsOn ?? []).map((k) => ctx.input[k]);
  const dependsKey = JSON.stringify(depends);
  const load = (refresh: boolean): void => {
    setLoading(true);
    setError(undefined);
    const input = Object.fromEntries(
      (field.dependsOn ?? []).map((k) => [k, ctx.input[k]]).filter(([, v]) => v !== undefined),
    );
    api<Choice[]>('POST', `/modules/${ctx.moduleKey}/options`, {
      field: props.path.replace(/\.\d+\./g, '.'),
      input,
      refresh,
      ...(ctx.connection ? { connection: ctx.connection } : {}),
    })
      .then((loaded) => setChoices(loaded))
      .catch((err: unknown) => {
        setChoices(undefined);
        setError(describe(err).message);
      })
      .finally(() => setLoading(false));
  };
  useEffect(() => load(false), [dependsKey, ctx.connection]);

  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const matching = (choices ?? []).filter((c) => words.every((w) => `${c.label} ${c.value}`.toLowerCase().includes(w)));
  const shown = matching.slice(0, SHOWN);
  const selected = Array.isArray(props.value) ? props.value : props.value ? [props.value] : [];
  const unknown = selected.filter((v) => !(choices ?? []).some((c) => c.value === v));
  return (
    <div class="options" data-options={field.key}>
      <div class="options-bar">
        <input
          type="search"
          aria-label={`Search ${field.label}`}
          placeholder="Search…"
          value={search}
          onInput={(e) => setSearch(e.currentTarget.value)}
        />
        <button
          type="button"
          onClick={() => load(true)}
          aria-label={`Refresh the choices of ${field.label}`}
          disabled={loading}
        >
          {loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {choices && matching.length > SHOWN && (
        <p class="muted">
          Showing {SHOWN} of {matching.length}: refine the search.
        </p>
      )}
      {props.multiple ? (
        <fieldset class="checklist" id={props.id} aria-describedby={props.describedBy}>
          <legend class="visually-hidden">{field.label}</legend>
          {choices &&
            unknown.map((v) => (
              <label key={v}>
                <input
                  type="checkbox"
                  value={v}
                  checked
                  onChange={() => props.onChange(selected.filter((x) => x !== v))}
                />
                {v} (not among the choices)
              </label>
            ))}
          {shown.map((c) => (
            <label key={c.value}>
              <input
                type="checkbox"
                value={c.value}
                checked={selected.includes(c.value)}
                onChange={(e) =>
                  props.onChange(
                    e.currentTarget.checked ? [...selected, c.value] : selected.filter((v) => v !== c.value),
                  )
                }
              />
              {c.label || c.value}
            </label>
          ))}
          {choices && shown.length === 0 && <p class="muted">No choices{words.length ? ' match' : ''}.</p>}
          <p class="muted">{selected.length} selected</p>
        </fieldset>
      ) : (
        <select
          id={props.id}
          aria-describedby={props.describedBy}
          aria-required={field.required}
          value={typeof props.value === 'string' ? props.value : ''}
          onChange={(e) => props.onChange(e.currentTarget.value)}
        >
          <option value="">{choices ? '— choose —' : 'Loading choices…'}</option>
          {unknown.map((v) => (
            <option key={v} value={v}>
              {v} (not among the choices)
            </option>
          ))}
          {shown.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label || c.value}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
