import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario, ScenarioFormatError } from '../../../src/runtime/scenario/parse.js';
import { listScenarioFiles, loadScenario, writeScenarioFile } from '../../../src/runtime/scenario/directory.js';

const GOOD = `version: 1
name: Openers
flow:
  - id: 1
    module: watch-email-opens-reports
    mapper: { campaign_activity_id: abc, limit: 5 }
  - id: 2
    module: add-contacts-to-lists
    mapper: { list_ids: [x], contact_ids: ["{{1.contact_id}}"] }
    onerror: break
`;

function problemsOf(text: string, file = 's.yaml') {
  try {
    parseScenario(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioFormatError);
    return (err as ScenarioFormatError).problems;
  }
  throw new Error('expected a ScenarioFormatError');
}

describe('parseScenario', () => {
  it('reads YAML with defaults filled in and a content version', () => {
    const { scenario, version } = parseScenario(GOOD);
    expect(scenario.settings).toEqual({
      maxCycles: 1,
      sequential: false,
      storeIncomplete: true,
      maxConsecutiveErrors: 3,
      retentionDays: 30,
      confidential: false,
    });
    expect(scenario.flow.map((m) => m.id)).toEqual([1, 2]);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(parseScenario(`${GOOD}# a comment\n`).version).not.toBe(version);
  });

  it('reads the same scenario as JSON', () => {
    const json = JSON.stringify({ name: 'J', flow: [{ id: 1, module: 'list-contact-lists' }] });
    expect(parseScenario(json, 'j.json').scenario.flow[0]?.mapper).toEqual({});
  });

  it.each([
    [
      'an unknown key, with its module and line',
      GOOD.replace('onerror: break', 'onerorr: break'),
      2,
      'flow[1]',
      10,
      /unknown key\(s\): onerorr/,
    ],
    ['a bad onerror directive', GOOD.replace('onerror: break', 'onerror: retry'), 2, 'flow[1].onerror', 10, /./],
    [
      'a missing module key',
      GOOD.replace('    module: add-contacts-to-lists\n', ''),
      2,
      'flow[1].module',
      undefined,
      /required/,
    ],
    ['a duplicate id', GOOD.replace('id: 2', 'id: 1'), 1, 'flow[1].id', undefined, /earlier module/],
    [
      'a bad start point',
      GOOD.replace('mapper: { campaign', 'from: yesterday\n    mapper: { campaign'),
      1,
      'flow[0].from',
      6,
      /now, all/,
    ],
  ])('reports %s', (_what, text, moduleId, field, line, message) => {
    const [problem, ...rest] = problemsOf(text);
    expect(rest).toEqual([]);
    expect(problem?.moduleId).toBe(moduleId);
    expect(problem?.field).toBe(field);
    if (line !== undefined) expect(problem?.line).toBe(line);
    expect(problem?.message).toMatch(message);
  });

  it('reports YAML syntax errors with their line', () => {
    const [problem] = problemsOf('name: x\nflow: [\n');
    expect(problem?.field).toBe('(file)');
    expect(problem?.message).toMatch(/not valid YAML/);
  });

  it('reports a file that is not a scenario at all', () => {
    expect(problemsOf('just text').map((p) => p.field)).toEqual(['(file)']);
  });
});

describe('the scenarios directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctct-scenarios-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saves atomically, loads by name, and lists broken files with their problems', async () => {
    const saved = await writeScenarioFile(dir, 'openers', GOOD);
    expect(saved.file).toBe(join(dir, 'openers.yaml'));
    const loaded = await loadScenario('openers', dir);
    expect(loaded.version).toBe(saved.version);
    await expect(writeScenarioFile(dir, 'broken', 'name: [')).rejects.toBeInstanceOf(ScenarioFormatError);
    await expect(writeScenarioFile(dir, 'Bad Name', GOOD)).rejects.toThrow(/scenario name/);
    await expect(loadScenario('nope', dir)).rejects.toThrow(/There are: openers/);
    const listing = await listScenarioFiles(dir);
    expect(listing.map((l) => [l.name, l.title, l.problems.length])).toEqual([['openers', 'Openers', 0]]);
  });
});
