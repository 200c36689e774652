import { useEffect, useState } from 'preact/hooks';
import type { TriggerListingView, TriggerStateView } from '../../api-types.js';
import { api, describe } from '../api.js';
import { href } from '../router.js';

/** Forgets a scenario trigger's watch once the person confirmed; true when it was reset. */
export async function resetTrigger(scenario: string): Promise<boolean> {
  if (
    !confirm(
      `Forget the checkpoint and backlog of ${scenario}'s trigger? Its next run starts again from its start point.`,
    )
  )
    return false;
  await api('POST', `/scenarios/${encodeURIComponent(scenario)}/trigger/reset`);
  return true;
}

export function checkpointText(trigger: TriggerStateView): string {
  return trigger.initialized ? (trigger.checkpoint ?? '(none yet)') : `not started (starts from ${trigger.start})`;
}

/** The Runs page's watch state: each scenario trigger's checkpoint and backlog, with a reset. */
export function WatchState({ scenario }: { scenario: string }) {
  const [items, setItems] = useState<TriggerListingView[] | undefined>();
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>();
  const reload = (): void => {
    api<TriggerListingView[]>('GET', '/triggers')
      .then((all) => setItems(scenario ? all.filter((t) => t.scenario === scenario) : all))
      .catch((err: unknown) => setMessage({ text: describe(err).message, error: true }));
  };
  useEffect(reload, [scenario]);
  const reset = (name: string): void => {
    resetTrigger(name)
      .then((done) => done && setMessage({ text: `The trigger of ${name} was reset.`, error: false }))
      .catch((err: unknown) => setMessage({ text: describe(err).message, error: true }))
      .finally(reload);
  };
  return (
    <>
      {message && (
        <p
          role={message.error ? 'alert' : 'status'}
          class={message.error ? 'error' : 'notice'}
          data-testid="watch-message"
        >
          {message.text}
        </p>
      )}
      {items && items.length === 0 && <p>No scenario starts with a trigger.</p>}
      {items && items.length > 0 && (
        <div class="table-wrap">
          <table data-testid="triggers">
            <thead>
              <tr>
                <th scope="col">Scenario</th>
                <th scope="col">Module</th>
                <th scope="col">Checkpoint</th>
                <th scope="col">Backlog</th>
                <th scope="col">Delivered</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map(({ scenario: name, title, trigger }) => (
                <tr key={name} data-trigger={name}>
                  <td>
                    <a href={href('scenarios', name)}>{title ?? name}</a>
                  </td>
                  <td>{trigger.moduleId}</td>
                  <td data-testid="checkpoint">{checkpointText(trigger)}</td>
                  <td data-testid="backlog">{trigger.backlog}</td>
                  <td>{trigger.delivered}</td>
                  <td>
                    <button type="button" class="danger" onClick={() => reset(name)}>
                      Reset
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
