import { useEffect, useState } from 'preact/hooks';
import type { LiveEventView } from '../../api-types.js';
import { api } from '../api.js';
import { href } from '../router.js';

/** "Run once" as it happens: the library's events, polled until the run finishes. */
export function LiveRun({ runId, onDone }: { runId: string; onDone: () => void }) {
  const [events, setEvents] = useState<LiveEventView[]>([]);
  const [done, setDone] = useState(false);
  useEffect(() => {
    let seen = 0;
    let stopped = false;
    const poll = (): void => {
      api<{ events: LiveEventView[]; done: boolean }>('GET', `/runs/live/${runId}?after=${seen}`)
        .then((r) => {
          if (stopped) return;
          seen += r.events.length;
          setEvents((old) => [...old, ...r.events]);
          if (r.done) {
            setDone(true);
            onDone();
          } else setTimeout(poll, 250);
        })
        .catch(() => !stopped && setTimeout(poll, 1000));
    };
    poll();
    return () => {
      stopped = true;
    };
  }, [runId]);
  const finished = events.find((e) => e.type === 'run-finished')?.run;
  return (
    <section class="live" aria-labelledby="live-title" data-testid="live-run">
      <h2 id="live-title">Run {done ? (finished ? `finished: ${finished.status}` : 'finished') : 'in progress…'}</h2>
      <ol class="events" aria-live="polite">
        {events.map((e, i) => (
          <li key={i} class={`event event-${e.type}`}>
            {describeEvent(e)}
          </li>
        ))}
      </ol>
      {done && (
        <p>
          <a href={href('runs', runId)}>Inspect this run</a>
        </p>
      )}
    </section>
  );
}

function describeEvent(e: LiveEventView): string {
  switch (e.type) {
    case 'run-started':
      return 'Run started';
    case 'cycle-started':
      return `Cycle ${e.cycle ?? ''}`;
    case 'operation-started':
      return `Module ${e.operation?.moduleId} (${e.operation?.module}) started`;
    case 'operation-finished':
      return (
        `Module ${e.operation?.moduleId} ${e.operation?.status}: ${e.operation?.outputCount ?? 0} ` +
        `bundle(s), ${e.operation?.requests ?? 0} ` +
        `request(s)${e.operation?.error ? ` — ${e.operation.error.message}` : ''}`
      );
    case 'incomplete-stored':
      return `Stored as an incomplete execution: ${e.incomplete?.error.message ?? ''}`;
    case 'cycle-finished':
      return `Cycle ${e.cycle ?? ''} finished`;
    case 'notice':
      return e.message ?? '';
    case 'run-finished':
      return (
        `Run ${e.run?.status}: ${e.run?.operations ?? 0} operation(s), ${e.run?.requests ?? 0} ` +
        `request(s)${e.run?.error ? ` — ${e.run.error.message}` : ''}`
      );
    default:
      return e.type;
  }
}
