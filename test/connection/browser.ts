/**
 * The test plays the user's browser against the sandbox's OAuth pages: load the consent page, submit
 * its form, follow the redirect to wherever it points (the loopback listener of `ctct connect`).
 */
export interface BrowserVisit {
  /** Status of the page the redirect led to (the loopback listener's answer). */
  finalStatus: number;
  finalText: string;
}

function formOf(html: string): { action: string; fields: Record<string, string> } {
  const form = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(html);
  if (!form?.[1] || form[2] === undefined) throw new Error(`no POST form in the page:\n${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const m of form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[m[1] ?? ''] = decodeEntities(m[2] ?? '');
  return { action: decodeEntities(form[1]), fields };
}

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
}

export async function approveInBrowser(
  authorizeUrl: string,
  decision: 'approve' | 'deny' = 'approve',
): Promise<BrowserVisit> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the consent page answered ${page.status}: ${html.slice(0, 300)}`);
  const { action, fields } = formOf(html);
  const submitted = await fetch(new URL(action, authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, decision }).toString(),
    redirect: 'manual',
  });
  const location = submitted.headers.get('location');
  if (submitted.status !== 302 || !location)
    throw new Error(`the consent form answered ${submitted.status} without a redirect`);
  const final = await fetch(location);
  return { finalStatus: final.status, finalText: await final.text() };
}

/** The device verification page: submit the user code, then approve. */
export async function approveDevice(
  verificationUriComplete: string,
  decision: 'approve' | 'deny' = 'approve',
): Promise<number> {
  const page = await fetch(verificationUriComplete);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`the verification page answered ${page.status}: ${html.slice(0, 300)}`);
  const { action, fields } = formOf(html);
  const submitted = await fetch(new URL(action, verificationUriComplete), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, decision }).toString(),
    redirect: 'manual',
  });
  await submitted.text();
  return submitted.status;
}

/** The first http(s) URL in some printed lines. */
export function urlIn(lines: readonly string[], startsWith: string): string | undefined {
  for (const line of lines) {
    const m = /(https?:\/\/\S+)/.exec(line);
    if (m?.[1]?.startsWith(startsWith)) return m[1];
  }
  return undefined;
}
