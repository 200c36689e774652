import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './harness.js';

const b = useBrowserApp();

describe('the Connections page', () => {
  it('lists the embedded sandbox and shows the request budget counting the app’s requests', async () => {
    const { page } = b;
    await page.goto(`${b.app.origin}/#/modules/list-contact-lists`);
    await page.getByRole('button', { name: 'Run once' }).click();
    await page.getByTestId('run-stats').waitFor();
    await page.goto(`${b.app.origin}/#/connections`);
    const row = page.locator('tr[data-connection="@sandbox"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('in use');
    const budget = page.getByTestId('budget');
    await expect.poll(() => budget.textContent()).toMatch(/Requests today: [1-9]\d* of 10,000/);
    expect(await budget.textContent()).toMatch(/Last minute: [1-9]\d* requests, \d+\.\d\d\/s of 4\/s/);
    await row.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => page.getByTestId('connection-message').textContent()).toMatch(/works/);
    await b.screenshot('connections');
  });

  it('makes a connection through the OAuth flow in the browser, with the app as the redirect', async () => {
    const { page } = b;
    await page.goto(`${b.app.origin}/#/connections`);
    await page.getByLabel('Name').fill('from-browser');
    expect(await page.getByLabel('Service').inputValue()).toBe('sandbox');
    await page.getByRole('button', { name: 'Connect in the browser' }).click();
    // the sandbox's consent page, on its own origin
    await page.getByRole('button', { name: 'Approve' }).waitFor();
    expect(page.url()).toContain(`${b.app.workspace.embedded!.server.oauthBase}/authorize`);
    expect(page.url()).toContain('code_challenge_method=S256');
    expect(page.url()).toContain(encodeURIComponent(`${b.app.origin.replace('localhost', '127.0.0.1')}/`));
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${b.app.origin}/#/connections?**`);
    await expect.poll(() => page.getByTestId('connection-message').textContent()).toBe('Connected "from-browser".');
    const row = page.locator('tr[data-connection="from-browser"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('default');
    // stored as ctct connect stores it, and it works
    expect(await b.app.workspace.store.names()).toEqual(['from-browser']);
    await row.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => page.getByTestId('connection-message').textContent()).toMatch(/"from-browser" works/);
    await row.getByRole('button', { name: 'Use here' }).click();
    await expect.poll(() => page.getByTestId('banner').textContent()).toMatch(/connection "from-browser"/);
    await b.screenshot('connections-added');
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await b.app.workspace.store.names()).toEqual([]);
    await expect.poll(() => page.getByTestId('banner').textContent()).toMatch(/inside this app/);
  });

  it('says so when access is denied', async () => {
    const { page } = b;
    await page.goto(`${b.app.origin}/#/connections`);
    await page.getByLabel('Name').fill('denied');
    await page.getByRole('button', { name: 'Connect in the browser' }).click();
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL(`${b.app.origin}/#/connections?**`);
    await expect.poll(() => page.getByTestId('connection-message').textContent()).toMatch(/access was denied/);
    expect(await b.app.workspace.store.names()).toEqual([]);
  });
});
