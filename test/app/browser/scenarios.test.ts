import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './harness.js';

const b = useBrowserApp();

describe('scenarios and runs in the browser', () => {
  it(
    'makes a scenario from an example with a field mapped from the trigger, ' +
      'saves it, runs it once and inspects it bundle by bundle',
    async () => {
      const { page } = b;
      await page.goto(`${b.app.origin}/#/scenarios`);
      await page.getByLabel('File name').fill('new-contacts');
      await page.getByLabel('Start from').selectOption('welcome-new-contacts');
      await page.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL('**/#/scenarios/new-contacts');
      await page.getByRole('heading', { name: 'New contacts on a list → welcome test send' }).waitFor();
      // the example's trigger, pointed at this account: every contact there is, five a run, from any list
      const trigger = page.locator('[data-module-id="1"]');
      await trigger.locator('.flow-title').click();
      await trigger.getByLabel('Start from').fill('all');
      const placeholder = trigger.locator('[data-field="lists"]').getByLabel(/not among the choices/);
      await placeholder.click(); // the unknown id leaves the list once unchecked
      await expect.poll(() => placeholder.count()).toBe(0);
      // the example's test send goes; a list per contact, named after the contact, comes
      await page
        .locator('[data-module-id="2"]')
        .getByRole('button', { name: /^Remove / })
        .click();
      await page.getByLabel('Module to add').selectOption('create-contact-list');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      const action = page.locator('[data-module-id="2"]');
      // saved without its required name: the problem shows at the module and beside the field
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByTestId('editor-message').textContent()).toMatch(/problem\(s\) to fix/);
      await expect.poll(() => action.locator('[data-error-for="name"]').count()).toBe(1);
      expect(await action.locator('.flow-head').textContent()).toMatch(/1 problem/);
      const name = action.locator('[data-mapper="name"]');
      await name.getByRole('button', { name: 'Map' }).click();
      await name.getByRole('button', { name: 'Insert field' }).click();
      await name.getByRole('option', { name: /\{\{1\.email_address\.address\}\}/ }).click();
      expect(await name.locator('input.code').inputValue()).toBe('{{1.email_address.address}}');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByTestId('editor-message').textContent()).toBe('Saved.');
      await b.screenshot('scenario-editor');
      // the file is the CLI's format
      const saved = await (await b.app.workspace.scenarios()).load('new-contacts');
      expect(saved.scenario.flow.map((m) => m.module)).toEqual(['watch-contacts', 'create-contact-list']);
      expect(saved.scenario.flow[0]?.mapper).toEqual({ events: ['create'], limit: 5 });
      expect(saved.scenario.flow[1]?.mapper).toEqual({ name: '{{1.email_address.address}}' });

      await page.getByRole('button', { name: 'Run once' }).click();
      const live = page.getByTestId('live-run');
      await expect.poll(() => live.locator('h2').textContent(), { timeout: 30_000 }).toBe('Run finished: success');
      await live.getByRole('link', { name: 'Inspect this run' }).click();
      await page.getByTestId('run-header').waitFor();
      const bundles = page.locator('[data-run-bundle]');
      await b.screenshot('run-inspector');
      expect(await bundles.count()).toBe(5);
      const second = bundles.nth(1).locator('[data-operation-module="2"]');
      expect(await second.textContent()).toMatch(/success/);
      await second.locator('summary').first().click();
      expect(await second.textContent()).toMatch(/@/);
      await b.screenshot('run-inspector');
    },
  );

  it('stores a broken run as an incomplete execution, which resumes once the scenario is fixed', async () => {
    const { page } = b;
    const lib = await b.app.workspace.scenarios();
    mkdirSync(lib.dir, { recursive: true });
    writeFileSync(
      join(lib.dir, 'copy-list.yaml'),
      [
        'name: Copy the newsletter list',
        'flow:',
        '  - id: 1',
        '    module: list-contact-lists',
        '    mapper: { limit: 1 }',
        '  - id: 2',
        '    module: create-contact-list',
        '    mapper: { name: "{{1.name}}" }',
        '    onerror: break',
        '',
      ].join('\n'),
    );
    await page.goto(`${b.app.origin}/#/scenarios/copy-list`);
    await page.getByRole('button', { name: 'Run once' }).click();
    const live = page.getByTestId('live-run');
    await expect.poll(() => live.textContent(), { timeout: 30_000 }).toMatch(/Stored as an incomplete execution/);
    await expect.poll(() => live.locator('h2').textContent()).toMatch(/^Run finished/);
    // fixed: a name no list has yet
    await page.locator('[data-module-id="2"] .flow-title').click();
    await b.screenshot('scenario-broken');
    await page.locator('[data-mapper="name"] input.code').fill('{{1.name}} (copy)');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('editor-message').textContent()).toBe('Saved.');
    await page.goto(`${b.app.origin}/#/runs?view=incomplete&scenario=copy-list`);
    const rows = page.locator('[data-incomplete]');
    await expect.poll(() => rows.count()).toBe(1);
    await b.screenshot('incompletes');
    await rows.first().getByRole('button', { name: 'Resume' }).click();
    await expect
      .poll(() => page.getByTestId('incomplete-message').textContent(), { timeout: 30_000 })
      .toMatch(/resume: 1 of 1 done \(runs: success\)/);
    await expect.poll(() => rows.count()).toBe(0);
    const lists = (await lib.listRuns({ scenario: 'copy-list' })).map((r) => r.trigger);
    expect(lists).toContain('resume');
  });
});
