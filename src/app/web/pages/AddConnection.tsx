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
        <TextField
          id="add-name"
          label="Name"
          required
          value={name}
          onValue={setName}
          placeholder="default"
          help="1-63 lowercase letters, digits, - or _. Reusing a name reconnects it."
        />
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
          <TextField
            id="add-client"
            label="API key (client id)"
            required
            value={clientId}
            onValue={setClientId}
            help={
              "Your application's key from the Constant Contact developer portal, registered with the redirect URI " +
              `${location.origin}/ and PKCE.`
            }
          />
        )}
        {service === 'custom' && (
          <>
            <TextField
              id="add-oauth"
              label="OAuth base"
              required
              value={oauthBase}
              onValue={setOauthBase}
              placeholder="http://127.0.0.1:4010/oauth2/default/v1"
            />
            <TextField
              id="add-api"
              label="API base"
              value={apiBase}
              onValue={setApiBase}
              placeholder="http://127.0.0.1:4010/v3"
            />
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

/** One text box of the form: its label, and the help under it (which the box is described by) if any. */
function TextField({
  id,
  label,
  required = false,
  value,
  onValue,
  placeholder,
  help,
}: {
  id: string;
  label: string;
  required?: boolean;
  value: string;
  onValue: (value: string) => void;
  placeholder?: string;
  help?: string;
}) {
  const helpId = `${id}-help`;
  return (
    <div class={required ? 'field required' : 'field'}>
      <label class="label" for={id}>
        <span class="label-text">{label}</span>
      </label>
      <input
        id={id}
        value={value}
        placeholder={placeholder}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-describedby={help === undefined ? undefined : helpId}
      />
      {help !== undefined && (
        <p id={helpId} class="help">
          {help}
        </p>
      )}
    </div>
  );
}
