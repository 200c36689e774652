import { useState } from 'preact/hooks';
import { api, describe } from '../api.js';

const SCOPES = ['contact_data', 'campaign_data', 'offline_access', 'account_read', 'account_update'];
const DEFAULT_SCOPES = new Set(['contact_data', 'campaign_data', 'offline_access', 'account_read']);

/**
 * Add a connection: the OAuth flow of `ctct connect` (PKCE) through this browser, with the app as the
 * redirect. The server checks everything first and answers the URL to approve access at.
 */
export function AddConnection({ hasSandbox }: { hasSandbox: boolean }) {
  const [service, setService] = useState(hasSandbox ? 'sandbox' : 'constant-contact');
  const [name, setName] = useState('');
  const [clientId, setClientId] = useState('');
  const [oauthBase, setOauthBase] = useState('');
  const [apiBase, setApiBase] = useState('');
  const [scopes, setScopes] = useState<Set<string>>(new Set(DEFAULT_SCOPES));
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = (e: Event): void => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    api<{ authorizeUrl: string }>('POST', '/connections/oauth', {
      service,
      name,
      clientId,
      oauthBase,
      apiBase,
      scopes: [...scopes],
    })
      .then(({ authorizeUrl }) => location.assign(authorizeUrl))
      .catch((err: unknown) => {
        const d = describe(err);
        setError(d.hint ? `${d.message}. ${d.hint}` : d.message);
        setBusy(false);
      });
  };
  return (
    <section aria-labelledby="add-title" class="add-connection">
      <h2 id="add-title">Add a connection</h2>
      <form onSubmit={submit}>
        <div class="field required">
          <label class="label" for="add-name">
            <span class="label-text">Name</span>
          </label>
          <input
            id="add-name"
            value={name}
            placeholder="default"
            onInput={(e) => setName(e.currentTarget.value)}
            aria-describedby="add-name-help"
          />
          <p id="add-name-help" class="help">
            1-63 lowercase letters, digits, - or _. Reusing a name reconnects it.
          </p>
        </div>
        <div class="field">
          <label class="label" for="add-service">
            <span class="label-text">Service</span>
          </label>
          <select id="add-service" value={service} onChange={(e) => setService(e.currentTarget.value)}>
            {hasSandbox && <option value="sandbox">The sandbox inside this app</option>}
            <option value="constant-contact">Constant Contact</option>
            <option value="custom">Another OAuth server (a ctct sandbox)</option>
          </select>
        </div>
        {service === 'constant-contact' && (
          <div class="field required">
            <label class="label" for="add-client">
              <span class="label-text">API key (client id)</span>
            </label>
            <input
              id="add-client"
              value={clientId}
              onInput={(e) => setClientId(e.currentTarget.value)}
              aria-describedby="add-client-help"
            />
            <p id="add-client-help" class="help">
              Your application's key from the Constant Contact developer portal, registered with the redirect URI{' '}
              {location.origin}/ and PKCE.
            </p>
          </div>
        )}
        {service === 'custom' && (
          <>
            <div class="field required">
              <label class="label" for="add-oauth">
                <span class="label-text">OAuth base</span>
              </label>
              <input
                id="add-oauth"
                value={oauthBase}
                placeholder="http://127.0.0.1:4010/oauth2/default/v1"
                onInput={(e) => setOauthBase(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label class="label" for="add-api">
                <span class="label-text">API base</span>
              </label>
              <input
                id="add-api"
                value={apiBase}
                placeholder="http://127.0.0.1:4010/v3"
                onInput={(e) => setApiBase(e.currentTarget.value)}
              />
            </div>
          </>
        )}
        <fieldset class="field">
          <legend class="label">
            <span class="label-text">Scopes</span>
          </legend>
          <div class="checklist">
            {SCOPES.map((s) => (
              <label key={s}>
                <input
                  type="checkbox"
                  checked={scopes.has(s)}
                  onChange={(e) => {
                    const next = new Set(scopes);
                    if (e.currentTarget.checked) next.add(s);
                    else next.delete(s);
                    setScopes(next);
                  }}
                />
                {s}
              </label>
            ))}
          </div>
        </fieldset>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Opening…' : 'Connect in the browser'}
          </button>
        </div>
      </form>
    </section>
  );
}
