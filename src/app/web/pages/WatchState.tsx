import { useEffect, useState } from 'preact/hooks';
import type { TriggerListingView, TriggerStateView } from '../../api-types.js';
import { api, describe } from '../api.js';
import { DataTable } from '../components/DataTable.js';
import { Notice, type Message } from '../components/Notice.js';
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

const COLUMNS = ['Scenario', 'Module', 'Checkpoint', 'Backlog', 'Delivered', 'Actions'];

/** The Runs page's watch state: each scenario trigger's checkpoint and backlog, with a reset. */
export function WatchState({ scenario }: { scenario: string }) {
  const [items, setItems] = useState<TriggerListingView[] | undefined>();
  const [message, setMessage] = useState<Message | undefined>();
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
      <Notice message={message} testId="watch-message" />
      {items && items.length === 0 && <p>No scenario starts with a trigger.</p>}
      {items && items.length > 0 && (
        <DataTable columns={COLUMNS} testId="triggers">
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
        </DataTable>
      )}
    </>
  );
}
