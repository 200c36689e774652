/**
 * The few HTML pages of the sandbox's OAuth server: consent, device verification and errors. They are
 * plain forms without scripts, so a test (or curl) can "be the browser": read the hidden fields,
 * POST the form, follow the redirect.
 */
const SCOPE_TEXT: Record<string, string> = {
  contact_data: 'Read and change your contacts, lists, custom fields, tags and contact reports',
  campaign_data: 'Read and change your email campaigns and schedules, and read email reports',
  account_read: 'Read your account details',
  account_update: 'Change your account details',
  offline_access: 'Keep access while you are not using the app',
  openid: 'Confirm who you are',
  profile: 'Read your name',
  email: 'Read your email address',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}' +
  'button{margin-right:.5rem;padding:.4rem 1rem}';

function page(title: string, body: string, status = 200): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - Constant Contact sandbox</title>
<style>${STYLE}</style>
</head><body>
<p><small>Constant Contact sandbox (local emulator)</small></p>
${body}
</body></html>`;
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

function scopeList(scopes: readonly string[]): string {
  const item = (s: string) =>
    `<li data-scope="${escapeHtml(s)}"><code>${escapeHtml(s)}</code>: ${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`;
  return `<ul id="scopes">${scopes.map(item).join('')}</ul>`;
}

function decisionButtons(): string {
  return (
    '<button type="submit" name="decision" value="approve">Approve</button>' +
    '<button type="submit" name="decision" value="deny">Deny</button>'
  );
}

export function consentPage(action: string, consentId: string, appName: string, scopes: readonly string[]): Response {
  return page(
    'Authorize application',
    `<h1>Allow <span id="app-name">${escapeHtml(appName)}</span> to access your account?</h1>
<p>The application asks for:</p>
${scopeList(scopes)}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="consent_id" value="${escapeHtml(consentId)}">
${decisionButtons()}
</form>`,
  );
}

export function deviceEntryPage(action: string, message = ''): Response {
  return page(
    'Activate a device',
    `<h1>Activate a device</h1>
${message ? `<p class="message">${escapeHtml(message)}</p>` : ''}
<form method="get" action="${escapeHtml(action)}">
<label>Code shown on the device <input name="user_code" autocomplete="off"></label>
<button type="submit">Next</button>
</form>`,
    message ? 400 : 200,
  );
}

export function deviceConfirmPage(
  action: string,
  userCode: string,
  appName: string,
  scopes: readonly string[],
): Response {
  return page(
    'Activate a device',
    `<h1>Allow <span id="app-name">${escapeHtml(appName)}</span> ` +
      `on the device showing <code id="user-code">${escapeHtml(userCode)}</code>?</h1>
${scopeList(scopes)}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="user_code" value="${escapeHtml(userCode)}">
${decisionButtons()}
</form>`,
  );
}

export function messagePage(title: string, message: string, status = 200): Response {
  return page(title, `<h1>${escapeHtml(title)}</h1><p class="message">${escapeHtml(message)}</p>`, status);
}

/** An authorization error that cannot be redirected (no trustworthy redirect_uri): shown, never sent on. */
export function errorPage(error: string, description: string, status = 400): Response {
  return page(
    'Authorization error',
    `<h1>Authorization error</h1><p><code id="error">${escapeHtml(error)}</code></p>` +
      `<p class="message">${escapeHtml(description)}</p>`,
    status,
  );
}
