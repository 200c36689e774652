import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBrowserApp } from './harness.js';

const b = useBrowserApp();

describe('the watch state on the Runs page', () => {
  it("shows a trigger's checkpoint and backlog after a run, and resets it once confirmed", async () => {
    const { page } = b;
    const lib = await b.app.workspace.scenarios();
    mkdirSync(lib.dir, { recursive: true });
    // two contacts a run out of the whole seed: the rest wait in the backlog
    writeFileSync(
      join(lib.dir, 'every-contact.yaml'),
      [
        'name: Every contact',
        'flow:',
        '  - id: 1',
        '    module: watch-contacts',
        '    from: all',
        '    mapper: { events: [create], limit: 2 }',
        '  - id: 2',
        '    module: builtin:compose',
        '    mapper: { email: "{{1.email_address.address}}" }',
        '',
      ].join('\n'),
    );
    await page.goto(`${b.app.origin}/#/runs?view=triggers`);
    const row = page.locator('[data-trigger="every-contact"]');
    await expect.poll(() => row.getByTestId('checkpoint').textContent()).toMatch(/^not started \(starts from all\)/);

    await page.goto(`${b.app.origin}/#/scenarios/every-contact`);
    await page.getByRole('button', { name: 'Run once' }).click();
    const live = page.getByTestId('live-run');
    await expect.poll(() => live.locator('h2').textContent(), { timeout: 30_000 }).toBe('Run finished: success');

    await page.goto(`${b.app.origin}/#/runs?view=triggers`);
    const before = lib.triggerState(await lib.load('every-contact'));
    expect(before?.initialized).toBe(true);
    expect(before?.backlog).toBeGreaterThan(0);
    await expect.poll(() => row.getByTestId('backlog').textContent()).toBe(String(before?.backlog));
    expect(await row.getByTestId('checkpoint').textContent()).toBe(before?.checkpoint ?? '(none yet)');
    await b.screenshot('watch-state');

    // dismissing the confirmation keeps the state; accepting it forgets it
    page.once('dialog', (d) => void d.dismiss());
    await row.getByRole('button', { name: 'Reset' }).click();
    expect(lib.triggerState(await lib.load('every-contact'))?.initialized).toBe(true);
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Reset' }).click();
    await expect
      .poll(() => page.getByTestId('watch-message').textContent())
      .toBe('The trigger of every-contact was reset.');
    await expect.poll(() => row.getByTestId('checkpoint').textContent()).toMatch(/^not started/);
    expect(await row.getByTestId('backlog').textContent()).toBe('0');
    const after = lib.triggerState(await lib.load('every-contact'));
    expect(after).toMatchObject({ initialized: false, checkpoint: null, backlog: 0 });
  });
});
