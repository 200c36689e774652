import type { ScenarioRaw } from '../../api-types.js';

const TYPES = ['on-demand', 'interval', 'once', 'daily', 'weekly', 'monthly'] as const;

/** The `scheduling` block: when the scenario runs, in which time zone. */
export function SchedulePanel(props: {
  scheduling: ScenarioRaw['scheduling'];
  timing: { schedule: string; next: string | null } | null;
  onChange: (scheduling: ScenarioRaw['scheduling']) => void;
}) {
  const block = props.scheduling ?? { type: 'on-demand' };
  const type = String(block.type ?? 'on-demand');
  const set = (key: string, value: unknown): void => {
    const next: Record<string, unknown> = { ...block, [key]: value };
    if (value === '' || value === undefined) delete next[key];
    props.onChange(next.type === 'on-demand' && Object.keys(next).length === 1 ? undefined : next);
  };
  const text = (key: string): string => {
    const v = block[key];
    return Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v);
  };
  const list = (value: string): string | string[] =>
    value.includes(',')
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : value;
  return (
    <fieldset class="panel" aria-labelledby="schedule-title">
      <legend id="schedule-title">Schedule</legend>
      {props.timing && (
        <p class="muted" data-testid="schedule-summary">
          {props.timing.schedule}
          {props.timing.next ? ` · next run ${props.timing.next}` : ''}
        </p>
      )}
      <label>
        Run
        <select value={type} onChange={(e) => set('type', e.currentTarget.value)}>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      {type === 'interval' && (
        <label>
          Every (e.g. 15m, 1h)
          <input value={text('every')} onInput={(e) => set('every', e.currentTarget.value)} />
        </label>
      )}
      {type !== 'interval' && type !== 'on-demand' && (
        <label>
          At ({type === 'once' ? 'a date-time, e.g. 2026-03-01T09:00' : 'times of day, e.g. 09:00, 17:30'})
          <input
            value={text('at')}
            onInput={(e) => set('at', type === 'once' ? e.currentTarget.value : list(e.currentTarget.value))}
          />
        </label>
      )}
      {(type === 'weekly' || type === 'monthly') && (
        <label>
          Days ({type === 'weekly' ? 'e.g. mon, wed, fri' : 'e.g. 1, 15, last'})
          <input
            value={text('days')}
            onInput={(e) =>
              set(
                'days',
                e.currentTarget.value
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean)
                  .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
              )
            }
          />
        </label>
      )}
      {type !== 'on-demand' && (
        <label>
          Time zone (IANA, e.g. Europe/Paris)
          <input value={text('timezone')} placeholder="UTC" onInput={(e) => set('timezone', e.currentTarget.value)} />
        </label>
      )}
    </fieldset>
  );
}
