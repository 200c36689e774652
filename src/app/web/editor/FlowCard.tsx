import type { FlowModuleRaw, ModuleView, PickerModuleView, ScenarioProblemView } from '../../api-types.js';
import { FilterEditor, type OperatorView } from './FilterEditor.js';
import { MapperField } from './MapperField.js';

const ERROR_HANDLERS = ['', 'break', 'ignore', 'commit', 'rollback'] as const;
const BUILTIN_LABELS: Record<string, string> = {
  'builtin:iterator': 'Iterator',
  'builtin:aggregator': 'Array aggregator',
  'builtin:compose': 'Compose',
  'builtin:read-file': 'Read a file',
};

/** Problems of one module by mapper field (`flow[2].mapper.list_ids` → `list_ids`), the rest apart. */
function problemsOf(problems: ScenarioProblemView[], moduleId: number) {
  const byField = new Map<string, string[]>();
  const other: string[] = [];
  for (const p of problems.filter((x) => x.moduleId === moduleId)) {
    const key = /\.mapper\.([^.[]+)/.exec(p.field)?.[1];
    if (key) byField.set(key, [...(byField.get(key) ?? []), p.message]);
    else other.push(`${p.field}: ${p.message}`);
  }
  return { byField, other };
}

/** One module of the flow: its dialog in Select-or-Map mode, filter, error handler and placement. */
export function FlowCard(props: {
  module: FlowModuleRaw;
  index: number;
  count: number;
  definition: ModuleView | undefined;
  open: boolean;
  problems: ScenarioProblemView[];
  picker: PickerModuleView[];
  operators: OperatorView[];
  onToggle: () => void;
  onChange: (module: FlowModuleRaw) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const m = props.module;
  const { byField, other } = problemsOf(props.problems, m.id);
  const label = m.name ?? props.definition?.name ?? BUILTIN_LABELS[m.module] ?? m.module;
  const mapper = m.mapper ?? {};
  const setMapper = (key: string, value: unknown): void => {
    const next = { ...mapper };
    if (value === undefined) delete next[key];
    else next[key] = value;
    props.onChange({ ...m, mapper: next });
  };
  const invalid = byField.size + other.length > 0;
  return (
    <li class={`flow-card${invalid ? ' invalid' : ''}`} data-module-id={m.id}>
      <div class="flow-head">
        <button type="button" class="link flow-title" aria-expanded={props.open} onClick={props.onToggle}>
          <span class="badge">{m.id}</span> {label} <code class="key">{m.module}</code>
        </button>
        {invalid && <span class="tag tag-live">{byField.size + other.length} problem(s)</span>}
        <span class="buttons">
          <button
            type="button"
            aria-label={`Move ${label} up`}
            disabled={props.index === 0}
            onClick={() => props.onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            aria-label={`Move ${label} down`}
            disabled={props.index === props.count - 1}
            onClick={() => props.onMove(1)}
          >
            ↓
          </button>
          <button type="button" class="danger" aria-label={`Remove ${label}`} onClick={props.onRemove}>
            Remove
          </button>
        </span>
      </div>
      {other.map((p) => (
        <p key={p} class="field-error" role="alert">
          {p}
        </p>
      ))}
      {props.open && (
        <div class="flow-body">
          {props.index > 0 && (
            <FilterEditor
              moduleId={m.id}
              filter={m.filter}
              operators={props.operators}
              onChange={(filter) => props.onChange(filter ? { ...m, filter } : without(m, 'filter'))}
            />
          )}
          {props.definition?.kind === 'trigger' && (
            <label>
              Start from
              <input
                value={m.from ?? ''}
                placeholder="now"
                onInput={(e) =>
                  props.onChange(e.currentTarget.value ? { ...m, from: e.currentTarget.value } : without(m, 'from'))
                }
              />
            </label>
          )}
          {m.module === 'builtin:aggregator' && (
            <>
              <label>
                Source module (its bundles are collected)
                <input
                  inputMode="numeric"
                  value={m.source ?? ''}
                  onInput={(e) => props.onChange({ ...m, source: Number(e.currentTarget.value) })}
                />
              </label>
              <label>
                Values a bundle at most
                <input
                  inputMode="numeric"
                  value={m.chunk ?? ''}
                  onInput={(e) =>
                    props.onChange(
                      e.currentTarget.value ? { ...m, chunk: Number(e.currentTarget.value) } : without(m, 'chunk'),
                    )
                  }
                />
              </label>
            </>
          )}
          {props.definition
            ? props.definition.fields.map((f) => (
                <MapperField
                  key={f.key}
                  field={f}
                  moduleKey={m.module}
                  moduleId={m.id}
                  value={mapper[f.key]}
                  errors={byField}
                  picker={props.picker}
                  onChange={(v) => setMapper(f.key, v)}
                />
              ))
            : (m.module === 'builtin:iterator'
                ? ['array']
                : m.module === 'builtin:aggregator'
                  ? ['value']
                  : m.module === 'builtin:read-file'
                    ? ['path']
                    : Object.keys(mapper)
              ).map((key) => (
                <MapperField
                  key={key}
                  field={{ key, label: key, help: '', required: true, type: 'string', advanced: false }}
                  moduleKey={m.module}
                  moduleId={m.id}
                  value={mapper[key]}
                  errors={byField}
                  picker={props.picker}
                  onChange={(v) => setMapper(key, v)}
                />
              ))}
          <label>
            Error handler
            <select
              value={typeof m.onerror === 'string' ? m.onerror : ''}
              onChange={(e) =>
                props.onChange(e.currentTarget.value ? { ...m, onerror: e.currentTarget.value } : without(m, 'onerror'))
              }
            >
              {ERROR_HANDLERS.map((h) => (
                <option key={h} value={h}>
                  {h || '(none: store the bundle when the error is not transient)'}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
    </li>
  );
}

function without<K extends keyof FlowModuleRaw>(m: FlowModuleRaw, key: K): FlowModuleRaw {
  const copy = { ...m };
  delete copy[key];
  return copy;
}
