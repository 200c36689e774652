import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './harness.js';

const b = useBrowserApp();

/** The one browser API these tests call inside the page (the tests' TypeScript has no DOM types). */
interface BrowserWindow {
  getComputedStyle(element: unknown): { fontWeight: string };
}

describe('the app in a browser, on its embedded sandbox', () => {
  it('opens with the sandbox banner and the modules by group', async () => {
    const { page } = b;
    await expect.poll(() => page.getByTestId('banner').textContent()).toMatch(/Nothing leaves this machine/);
    await page.getByRole('heading', { name: 'Contact List', exact: true }).waitFor();
    expect(await page.locator('.cards a.card').count()).toBe(48);
    await page.getByLabel('Search modules').fill('contact lists');
    await expect.poll(() => page.locator('.cards a.card').count()).toBeLessThan(48);
    await b.screenshot('modules');
  });

  it('runs List Contact Lists and shows its bundles as a tree, with the requests and time taken', async () => {
    const { page } = b;
    await page.goto(`${b.app.origin}/#/modules/list-contact-lists`);
    await page.getByRole('heading', { name: 'List Contact Lists' }).waitFor();
    await page.getByRole('button', { name: 'Run once' }).click();
    const stats = page.getByTestId('run-stats');
    await stats.waitFor();
    expect(await stats.textContent()).toMatch(/^\d+ bundles · \d+ requests? · \d+ ms$/);
    const bundles = page.locator('[data-bundle]');
    expect(await bundles.count()).toBeGreaterThan(1);
    // Bundle 1 is open, with the list's fields; Bundle 2 opens on a click
    await expect.poll(() => bundles.first().textContent()).toContain('Newsletter');
    const second = bundles.nth(1).locator('details').first();
    expect(await second.getAttribute('open')).toBeNull();
    await second.locator('summary').first().click();
    expect(await second.getAttribute('open')).not.toBeNull();
    expect(await second.textContent()).toContain('list_id');
    await b.screenshot('module-run');
  });

  it('shows Create a Contact with its required fields in bold and the lists as live options', async () => {
    const { page } = b;
    await page.goto(`${b.app.origin}/#/modules/create-contact`);
    await page.getByRole('heading', { name: 'Create a Contact' }).waitFor();
    const weight = (path: string) =>
      page
        .locator(`[data-field="${path}"] .label-text`)
        .first()
        .evaluate((el) => Number((globalThis as unknown as BrowserWindow).getComputedStyle(el).fontWeight));
    expect(await weight('create_source')).toBeGreaterThanOrEqual(700);
    expect(await weight('email_address')).toBeLessThan(600);
    const lists = page.locator('[data-field="list_memberships"]');
    await expect.poll(() => lists.locator('input[type=checkbox]').count()).toBeGreaterThan(3);
    expect(await lists.textContent()).toContain('Newsletter');
    await lists.getByLabel('Search Contact List IDs').fill('newsl');
    await expect.poll(() => lists.locator('input[type=checkbox]').count()).toBe(1);
    await b.screenshot('create-contact');
  });

  it('shows a bad email beside the Email field, from the module schema', async () => {
    const { page } = b;
    await page.goto(`${b.app.origin}/#/modules/create-contact`);
    await page.getByRole('heading', { name: 'Create a Contact' }).waitFor();
    await page.getByLabel('Create Source').selectOption('Account');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Run once' }).click();
    const error = page.locator('[data-error-for="email_address"]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/must be an email address/);
    expect(await page.locator('[data-field="email_address"] [data-error-for="email_address"]').count()).toBe(1);
    // fixed, the error goes away as the field is checked again
    await page.getByLabel('Email').fill('jane.doe@example.com');
    await expect.poll(() => error.count()).toBe(0);
    await b.screenshot('create-contact-error');
  });

  it('adds and removes rows of a nested list behind Show advanced settings', async () => {
    const { page } = b;
    await page.goto(`${b.app.origin}/#/modules/create-contact`);
    await page.getByRole('heading', { name: 'Create a Contact' }).waitFor();
    await page.getByLabel(/Show advanced settings/).check();
    await page.getByRole('button', { name: 'Add Phone Number' }).click();
    await page.getByRole('button', { name: 'Add Phone Number' }).click();
    expect(await page.locator('[data-field="phone_numbers.1.phone_number"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Remove Phone Number 1' }).click();
    expect(await page.locator('[data-field="phone_numbers.1.phone_number"]').count()).toBe(0);
    expect(await page.locator('[data-field="phone_numbers.0.kind"] select').count()).toBe(1);
  });

  it('is usable at phone width', async () => {
    const { page } = b;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${b.app.origin}/#/modules/create-contact`);
    await page.getByRole('heading', { name: 'Create a Contact' }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await b.screenshot('create-contact-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
