import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './harness.js';

const b = useBrowserApp();

async function writeScenario(name: string, lines: string[]): Promise<string> {
  const lib = await b.app.workspace.scenarios();
  mkdirSync(lib.dir, { recursive: true });
  const file = join(lib.dir, `${name}.yaml`);
  writeFileSync(file, [...lines, ''].join('\n'));
  return file;
}

describe('the scenario editor: filter and schedule', () => {
  it('adds a filter condition, saves it into the YAML, and the run shows each bundle’s verdict', async () => {
    const { page } = b;
    const file = await writeScenario('lists-named', [
      'name: The newsletter list only',
      'flow:',
      '  - id: 1',
      '    module: list-contact-lists',
      '    mapper: { limit: 50 }',
      '  - id: 2',
      '    module: builtin:compose',
      '    mapper: { list: "{{1.name}}" }',
    ]);
    await page.goto(`${b.app.origin}/#/scenarios/lists-named`);
    const second = page.locator('[data-module-id="2"]');
    await second.locator('.flow-title').click();
    await second.getByRole('button', { name: 'Add a filter before this module' }).click();
    await second.getByLabel('Filter name').fill('the newsletter');
    await second.getByLabel('Condition 1.1 value').fill('{{1.name}}');
    await second.getByLabel('Condition 1.1 operator').selectOption('text:equal');
    await second.getByLabel('Condition 1.1 compared with').fill('Newsletter');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('editor-message').textContent()).toBe('Saved.');
    const yaml = parseYaml(readFileSync(file, 'utf8')) as { flow: { filter?: unknown }[] };
    expect(yaml.flow[1]?.filter).toEqual({
      name: 'the newsletter',
      conditions: [[{ a: '{{1.name}}', o: 'text:equal', b: 'Newsletter' }]],
    });

    await page.getByRole('button', { name: 'Run once' }).click();
    const live = page.getByTestId('live-run');
    await expect.poll(() => live.locator('h2').textContent(), { timeout: 30_000 }).toMatch(/^Run finished/);
    await live.getByRole('link', { name: 'Inspect this run' }).click();
    await page.getByTestId('run-header').waitFor();
    const composed = page.locator('[data-operation-module="2"]');
    await expect.poll(() => composed.count()).toBeGreaterThan(1);
    const verdicts = await composed.allTextContents();
    // one list is the newsletter; every other one stops at the filter
    expect(verdicts.filter((t) => /Filter: passed/.test(t))).toHaveLength(1);
    expect(verdicts.filter((t) => /skipped by filter/.test(t) && /Filter: did not pass/.test(t))).toHaveLength(
      verdicts.length - 1,
    );
    await b.screenshot('filter-verdicts');
  });

  it('sets the schedule to every 15 minutes and saves it', async () => {
    const { page } = b;
    const file = await writeScenario('every-quarter', [
      'name: Every quarter hour',
      'flow:',
      '  - id: 1',
      '    module: list-contact-lists',
      '    mapper: { limit: 1 }',
    ]);
    await page.goto(`${b.app.origin}/#/scenarios/every-quarter`);
    const schedule = page.getByRole('group', { name: 'Schedule' });
    await schedule.getByRole('combobox', { name: /^Run/ }).selectOption('interval');
    await schedule.getByLabel('Every (e.g. 15m, 1h)').fill('15m');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('editor-message').textContent()).toBe('Saved.');
    expect((parseYaml(readFileSync(file, 'utf8')) as { scheduling: unknown }).scheduling).toEqual({
      type: 'interval',
      every: '15m',
    });
    await expect.poll(() => page.getByTestId('schedule-summary').textContent()).toMatch(/^every 15m · next run /);
  });
});
