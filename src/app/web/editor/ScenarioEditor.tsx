import { useEffect, useState } from 'preact/hooks';
import type {
  FlowModuleRaw,
  ModuleSummary,
  ModuleView,
  PickerModuleView,
  ScenarioDetailView,
  ScenarioRaw,
} from '../../api-types.js';
import { ApiError, api, describe } from '../api.js';
import { Notice, type Message } from '../components/Notice.js';
import { href } from '../router.js';
import type { OperatorView } from './FilterEditor.js';
import { FlowCard } from './FlowCard.js';
import { LiveRun } from './LiveRun.js';
import { SchedulePanel } from './SchedulePanel.js';
import { checkpointText, resetTrigger } from '../pages/WatchState.js';

const BUILTINS = [
  ['builtin:iterator', 'Iterator (one bundle per element of an array)'],
  ['builtin:aggregator', 'Array aggregator (collect bundles into one)'],
  ['builtin:compose', 'Compose (a record of mapped values)'],
] as const;
const SETTINGS: [string, string, 'number' | 'boolean'][] = [
  ['maxCycles', 'Cycles per run', 'number'],
  ['maxConsecutiveErrors', 'Disable after this many failed runs in a row', 'number'],
  ['retentionDays', 'Keep runs (days)', 'number'],
  ['sequential', 'Sequential: wait until incomplete executions are resolved', 'boolean'],
  ['storeIncomplete', 'Store failed bundles as incomplete executions', 'boolean'],
  ['confidential', 'Confidential: keep no inputs or outputs in run records', 'boolean'],
];

/** The scenario editor: the chain of modules, schedule, settings; Save writes the file the CLI reads. */
export function ScenarioEditor({ name, onRun }: { name: string; onRun: () => void }) {
  const [detail, setDetail] = useState<ScenarioDetailView | undefined>();
  const [raw, setRaw] = useState<ScenarioRaw | undefined>();
  const [dirty, setDirty] = useState(false);
  const [open, setOpen] = useState<number | undefined>();
  const [catalogue, setCatalogue] = useState<ModuleSummary[]>([]);
  const [definitions, setDefinitions] = useState<Record<string, ModuleView>>({});
  const [picker, setPicker] = useState<PickerModuleView[]>([]);
  const [operators, setOperators] = useState<OperatorView[]>([]);
  const [message, setMessage] = useState<Message | undefined>();
  const [runId, setRunId] = useState<string | undefined>();
  const [adding, setAdding] = useState('');

  const load = (): Promise<void> =>
    api<ScenarioDetailView>('GET', `/scenarios/${encodeURIComponent(name)}`).then((d) => {
      setDetail(d);
      setRaw(d.raw);
      setDirty(false);
    });
  useEffect(() => {
    load().catch((err: unknown) => setMessage({ text: describe(err).message, error: true }));
    api<ModuleSummary[]>('GET', '/modules')
      .then(setCatalogue)
      .catch(() => undefined);
    api<OperatorView[]>('GET', '/scenarios/operators')
      .then(setOperators)
      .catch(() => undefined);
  }, [name]);
  // each module's dialog information, once
  useEffect(() => {
    for (const m of raw?.flow ?? [])
      if (!m.module.startsWith('builtin:') && !definitions[m.module])
        api<ModuleView>('GET', `/modules/${encodeURIComponent(m.module)}`)
          .then((v) => setDefinitions((old) => ({ ...old, [m.module]: v })))
          .catch(() => undefined);
  }, [raw]);
  useEffect(() => {
    if (open === undefined) return;
    const flow = (raw?.flow ?? []).map((m) => ({ id: m.id, module: m.module, name: m.name, mapper: m.mapper }));
    api<PickerModuleView[]>('POST', `/scenarios/${encodeURIComponent(name)}/fields`, { before: open, flow })
      .then(setPicker)
      .catch(() => setPicker([]));
  }, [open, detail?.version, raw?.flow.map((m) => `${m.id}:${m.module}`).join(',')]);

  if (!raw || !detail)
    return message ? (
      <p role="alert" class="error">
        {message.text}
      </p>
    ) : (
      <p>Loading…</p>
    );
  const change = (next: ScenarioRaw): void => {
    setRaw(next);
    setDirty(true);
  };
  const setFlow = (flow: FlowModuleRaw[]): void => change({ ...raw, flow });
  const save = async (): Promise<boolean> => {
    try {
      const saved = await api<{ problems: ScenarioDetailView['problems']; version: string }>(
        'PUT',
        `/scenarios/${encodeURIComponent(name)}`,
        { raw },
      );
      await load();
      setMessage(
        saved.problems.length
          ? { text: `Saved, with ${saved.problems.length} problem(s) to fix before it can run.`, error: true }
          : { text: 'Saved.', error: false },
      );
      return saved.problems.length === 0;
    } catch (err) {
      const problems =
        err instanceof ApiError
          ? (err.detail.problems as unknown as ScenarioDetailView['problems'] | undefined)
          : undefined;
      if (problems?.length) setDetail({ ...detail, problems });
      setMessage({ text: describe(err).message, error: true });
      return false;
    }
  };
  const runOnce = async (): Promise<void> => {
    if (dirty && !(await save())) return;
    setRunId(undefined);
    try {
      const started = await api<{ runId: string }>('POST', `/scenarios/${encodeURIComponent(name)}/run`);
      setRunId(started.runId);
    } catch (err) {
      setMessage({ text: describe(err).message, error: true });
    }
  };
  const addModule = (): void => {
    if (!adding) return;
    const id = Math.max(0, ...raw.flow.map((m) => m.id)) + 1;
    setFlow([...raw.flow, { id, module: adding, mapper: {} }]);
    setOpen(id);
    setAdding('');
  };
  const settings = raw.settings ?? {};
  const unplaced = detail.problems.filter((p) => p.moduleId === undefined);
  return (
    <section aria-labelledby="editor-title" class="editor">
      <p>
        <a href={href('scenarios')}>← Scenarios</a>
      </p>
      <h1 id="editor-title">{raw.name}</h1>
      <p class="muted">
        {detail.file} · {detail.state.enabled ? 'on' : 'off'}
        {dirty && ' · unsaved changes'}
      </p>
      <label>
        Title
        <input value={raw.name} onInput={(e) => change({ ...raw, name: e.currentTarget.value })} />
      </label>
      <label>
        Description
        <input value={raw.description ?? ''} onInput={(e) => change({ ...raw, description: e.currentTarget.value })} />
      </label>
      <Notice message={message} testId="editor-message" />
      {unplaced.length > 0 && (
        <ul class="failure" data-testid="scenario-problems">
          {unplaced.map((p) => (
            <li key={p.field + p.message}>
              {p.field}: {p.message}
            </li>
          ))}
        </ul>
      )}
      <h2>Flow</h2>
      <ol class="flow">
        {raw.flow.map((m, i) => (
          <FlowCard
            key={m.id}
            module={m}
            index={i}
            count={raw.flow.length}
            definition={definitions[m.module]}
            open={open === m.id}
            problems={detail.problems}
            picker={picker}
            operators={operators}
            onToggle={() => setOpen(open === m.id ? undefined : m.id)}
            onChange={(next) => setFlow(raw.flow.map((x) => (x.id === m.id ? next : x)))}
            onMove={(by) => {
              const flow = [...raw.flow];
              const [moved] = flow.splice(i, 1);
              if (moved) flow.splice(i + by, 0, moved);
              setFlow(flow);
            }}
            onRemove={() => setFlow(raw.flow.filter((x) => x.id !== m.id))}
          />
        ))}
      </ol>
      <div class="with-button add-module">
        <select aria-label="Module to add" value={adding} onChange={(e) => setAdding(e.currentTarget.value)}>
          <option value="">Add a module…</option>
          <optgroup label="Flow control">
            {BUILTINS.map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </optgroup>
          {[...new Set(catalogue.map((m) => m.group))].map((group) => (
            <optgroup key={group} label={group}>
              {catalogue
                .filter((m) => m.group === group)
                .map((m) => (
                  <option key={m.key} value={m.key}>
                    {m.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        <button type="button" onClick={addModule} disabled={!adding}>
          Add
        </button>
      </div>
      <SchedulePanel
        scheduling={raw.scheduling}
        timing={detail.timing}
        onChange={(scheduling) => change(scheduling ? { ...raw, scheduling } : withoutKey(raw, 'scheduling'))}
      />
      <fieldset class="panel">
        <legend>Settings</legend>
        {SETTINGS.map(([key, label, type]) =>
          type === 'boolean' ? (
            <label key={key} class="switch">
              <input
                type="checkbox"
                checked={settings[key] === true || (settings[key] === undefined && key === 'storeIncomplete')}
                onChange={(e) => change({ ...raw, settings: { ...settings, [key]: e.currentTarget.checked } })}
              />
              {label}
            </label>
          ) : (
            <label key={key}>
              {label}
              <input
                inputMode="numeric"
                value={settings[key] === undefined ? '' : String(settings[key])}
                onInput={(e) => change({ ...raw, settings: withValue(settings, key, e.currentTarget.value) })}
              />
            </label>
          ),
        )}
      </fieldset>
      {detail.trigger && <TriggerPanel name={name} trigger={detail.trigger} onReset={() => void load()} />}
      <div class="actions sticky">
        <button type="button" class="primary" onClick={() => void save()}>
          Save
        </button>
        <button type="button" onClick={() => void runOnce()}>
          Run once
        </button>
      </div>
      {runId && (
        <LiveRun
          runId={runId}
          onDone={() => {
            onRun();
            void load();
          }}
        />
      )}
    </section>
  );
}

function TriggerPanel({
  name,
  trigger,
  onReset,
}: {
  name: string;
  trigger: NonNullable<ScenarioDetailView['trigger']>;
  onReset: () => void;
}) {
  return (
    <section class="panel" aria-labelledby="trigger-title" data-testid="trigger-state">
      <h2 id="trigger-title">Trigger (module {trigger.moduleId})</h2>
      <p>
        Checkpoint {checkpointText(trigger)} · backlog {trigger.backlog} · delivered {trigger.delivered}
      </p>
      <button type="button" onClick={() => void resetTrigger(name).then((done) => done && onReset())}>
        Reset the trigger
      </button>
    </section>
  );
}

function withValue(settings: Record<string, unknown>, key: string, text: string): Record<string, unknown> {
  const next = { ...settings };
  if (text.trim() === '') delete next[key];
  else next[key] = /^\d+$/.test(text.trim()) ? Number(text) : text;
  return next;
}

function withoutKey<K extends keyof ScenarioRaw>(raw: ScenarioRaw, key: K): ScenarioRaw {
  const copy = { ...raw };
  delete copy[key];
  return copy;
}
