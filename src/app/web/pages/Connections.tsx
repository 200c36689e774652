import { useEffect, useState } from 'preact/hooks';
import type { BudgetView, ConnectionView, StatusView } from '../../api-types.js';
import { api, describe } from '../api.js';
import { DataTable } from '../components/DataTable.js';
import { Notice, type Message } from '../components/Notice.js';
import type { Route } from '../router.js';
import { AddConnection } from './AddConnection.js';

const COLUMNS = ['Name', 'Account', 'API', 'Token', 'Actions'];

function accountOf(c: ConnectionView): string {
  const org = c.account.organization_name ?? '(unnamed account)';
  return c.account.encoded_account_id ? `${org} [${c.account.encoded_account_id}]` : org;
}

/** Requests today of the daily 10,000, and the last minute's rate against the API's 4 a second. */
export function BudgetMeter({ budget }: { budget: BudgetView }) {
  return (
    <section aria-labelledby="budget-title" class="budget" data-testid="budget">
      <h2 id="budget-title">Request budget</h2>
      <label>
        Requests today: {budget.today.toLocaleString('en-US')} of {budget.dailyLimit.toLocaleString('en-US')}
        <meter min={0} max={budget.dailyLimit} high={budget.dailyLimit * 0.8} value={budget.today} />
      </label>
      <label>
        Last minute: {budget.lastMinute} requests, {budget.perSecond.toFixed(2)}/s of {budget.perSecondLimit}/s
        <meter min={0} max={budget.perSecondLimit} high={budget.perSecondLimit * 0.75} value={budget.perSecond} />
      </label>
      <p class="muted">The daily count resets at {new Date(budget.resetsAt).toUTCString()}.</p>
    </section>
  );
}

/** Connections: list, test, use here, make default, remove; the budget meter. */
export function ConnectionsPage({
  status,
  route,
  onChange,
}: {
  status: StatusView | undefined;
  route: Route;
  onChange: () => void;
}) {
  const [connections, setConnections] = useState<ConnectionView[] | undefined>();
  const [message, setMessage] = useState<Message | undefined>();
  // Back from the authorization server: what became of the new connection.
  const connected = route.query.get('connected');
  const refused = route.query.get('error');
  useEffect(() => {
    if (connected) {
      const warnings = route.query.get('warnings');
      setMessage({ text: `Connected "${connected}".${warnings ? ` Warnings: ${warnings}` : ''}`, error: false });
    } else if (refused) setMessage({ text: refused, error: true });
  }, [connected, refused]);
  const reload = (): void => {
    api<ConnectionView[]>('GET', '/connections')
      .then(setConnections)
      .catch((err: unknown) => setMessage({ text: describe(err).message, error: true }));
    onChange();
  };
  useEffect(reload, []);
  useEffect(() => {
    const timer = setInterval(onChange, 5_000);
    return () => clearInterval(timer);
  }, []);
  const act = (what: string, call: () => Promise<unknown>, done: (r: unknown) => string): void => {
    setMessage({ text: `${what}…`, error: false });
    call()
      .then((r) => setMessage({ text: done(r), error: false }))
      .catch((err: unknown) => {
        const d = describe(err);
        setMessage({ text: d.hint ? `${d.message}. ${d.hint}` : d.message, error: true });
      })
      .finally(reload);
  };
  const path = (c: ConnectionView): string => `/connections/${encodeURIComponent(c.name)}`;
  return (
    <section aria-labelledby="connections-title">
      <h1 id="connections-title">Connections</h1>
      <Notice message={message} testId="connection-message" />
      {!connections && <p>Loading…</p>}
      {connections && (
        <DataTable columns={COLUMNS}>
          {connections.map((c) => (
            <tr key={c.name} data-connection={c.name}>
              <th scope="row">
                {c.name}
                {c.active && <span class="tag">in use</span>}
                {c.default && <span class="tag">default</span>}
                <span class={`tag ${c.live ? 'tag-live' : ''}`}>{c.live ? 'live' : 'sandbox'}</span>
              </th>
              <td>{accountOf(c)}</td>
              <td>
                <code>{c.api_base}</code>
              </td>
              <td>
                {c.access_expires_at ? `valid until ${c.access_expires_at}` : 'managed by the app'}
                {c.has_refresh_token === false && ' (not renewable)'}
              </td>
              <td class="buttons">
                <button
                  type="button"
                  onClick={() =>
                    act(
                      `Testing ${c.name}`,
                      () => api('POST', `${path(c)}/test`),
                      (r) => {
                        const report = r as { account: ConnectionView['account']; elapsed_ms: number };
                        const account = accountOf({ ...c, account: report.account });
                        return `Connection "${c.name}" works: ${account}; round trip ${report.elapsed_ms} ms.`;
                      },
                    )
                  }
                >
                  Test
                </button>
                {!c.active && (
                  <button
                    type="button"
                    onClick={() =>
                      act(
                        `Switching to ${c.name}`,
                        () => api('POST', `${path(c)}/use`),
                        () => `The app now works on "${c.name}".`,
                      )
                    }
                  >
                    Use here
                  </button>
                )}
                {c.kind === 'stored' && !c.default && (
                  <button
                    type="button"
                    onClick={() =>
                      act(
                        'Saving',
                        () => api('POST', `${path(c)}/default`),
                        () => `"${c.name}" is now the default connection.`,
                      )
                    }
                  >
                    Make default
                  </button>
                )}
                {c.kind === 'stored' && (
                  <button
                    type="button"
                    class="danger"
                    onClick={() => {
                      if (confirm(`Remove the connection "${c.name}"? Its tokens are deleted from this machine.`))
                        act(
                          'Removing',
                          () => api('DELETE', path(c)),
                          () =>
                            `Removed "${c.name}". ` +
                            'Access stays granted until you revoke the application in Constant Contact.',
                        );
                    }}
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {status && <BudgetMeter budget={status.budget} />}
      {connections && <AddConnection hasSandbox={connections.some((c) => c.kind === 'embedded')} />}
    </section>
  );
}
