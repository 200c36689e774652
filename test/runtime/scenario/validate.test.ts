import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/runtime/scenario/parse.js';
import { validateScenario } from '../../../src/runtime/scenario/validate.js';

const flow = (modules: string) => `name: Check\nflow:\n${modules}`;
const OPENS = `  - id: 1
    module: watch-email-opens-reports
    mapper: { campaign_activity_id: 1f2d3c4b-5a69-4c7e-9a51-0d5e5b2c9e1a, limit: 5 }
`;

function problems(text: string, connections: string[] = ['main']) {
  return validateScenario(parseScenario(text).scenario, { connections });
}

describe('validateScenario', () => {
  it('accepts a sound scenario', () => {
    expect(
      problems(
        flow(`${OPENS}  - id: 2
    module: builtin:aggregator
    source: 1
    mapper: { value: "{{1.contact_id}}" }
  - id: 3
    module: Add Contacts to Lists
    connection: main
    mapper: { list_ids: [6e1f0c55-2b7d-4d1a-8f3e-9c0a1b2c3d4e], contact_ids: "{{2.array}}" }
    filter: { conditions: [[{ a: "{{2.count}}", o: "number:greater", b: 0 }]] }
`),
      ),
    ).toEqual([]);
  });

  it('accepts the fields built-in steps give, and any path below an aggregated array or an iterated item', () => {
    expect(
      problems(
        flow(`  - id: 1
    module: builtin:read-file
    mapper: { path: contacts.csv }
  - id: 2
    module: builtin:compose
    mapper: { rows: "{{split(1.text; newline)}}", meta: { size: "{{1.size}}" } }
  - id: 3
    module: builtin:iterator
    mapper: { array: "{{2.rows}}" }
  - id: 4
    module: builtin:compose
    mapper: { row: "{{3.value}}", anything: "{{3.a.b}}", nested: "{{2.meta.size}}" }
  - id: 5
    module: builtin:aggregator
    source: 3
    mapper: { value: "{{4.row}}" }
  - id: 6
    module: builtin:compose
    mapper: { first: "{{5.array[1]}}", deep: "{{5.array[1].email}}", n: "{{5.count}}", name: "{{1.name}}" }
`),
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'an unknown module',
      `  - id: 1\n    module: frobnicate-contacts\n`,
      1,
      'flow[0].module',
      /No module "frobnicate-contacts"/,
    ],
    [
      'an unknown connection',
      `  - id: 1\n    module: list-contact-lists\n    connection: other\n`,
      1,
      'flow[0].connection',
      /no stored connection "other"/,
    ],
    [
      'an unknown field',
      `  - id: 1\n    module: list-contact-lists\n    mapper: { lmit: 3 }\n`,
      1,
      'flow[0].mapper.lmit',
      /unknown field/,
    ],
    [
      'a required field left empty',
      `  - id: 1\n    module: create-contact-list\n    mapper: { name: "" }\n`,
      1,
      'flow[0].mapper.name',
      /required/,
    ],
    [
      'a selected value that breaks its rule',
      `  - id: 1\n    module: list-contact-lists\n    mapper: { limit: lots }\n`,
      1,
      'flow[0].mapper.limit',
      /./,
    ],
    [
      'a reference to a later module',
      `  - id: 1\n    module: create-contact-list\n    mapper: { name: "{{2.name}}" }\n  - id: 2\n    module: builtin:compose\n`,
      1,
      'flow[0].mapper.name',
      /does not run before this one/,
    ],
    [
      'a path absent from the output schema',
      `${OPENS}  - id: 2\n    module: builtin:compose\n    mapper: { who: "{{1.no_such_field}}" }\n`,
      2,
      'flow[1].mapper.who',
      /has no output field no_such_field/,
    ],
    [
      'an expression that does not parse',
      `  - id: 1\n    module: builtin:compose\n    mapper: { x: "{{lower(}}" }\n`,
      1,
      'flow[0].mapper.x',
      /at character/,
    ],
    [
      'a filter with an unknown operator',
      `  - id: 1\n    module: builtin:compose\n    filter: { conditions: [[{ a: x, o: "text:sounds-like", b: y }]] }\n`,
      1,
      'flow[0].filter.conditions[0][0].o',
      /./,
    ],
    [
      'a mapped trigger field',
      `  - id: 1\n    module: watch-email-opens-reports\n    mapper: { campaign_activity_id: "{{1.x}}" }\n`,
      1,
      'flow[0].mapper.campaign_activity_id',
      /only be selected/,
    ],
    [
      'a trigger after module 1',
      `  - id: 1\n    module: builtin:compose\n${OPENS.replace('id: 1', 'id: 2')}`,
      2,
      'flow[1].module',
      /only module 1/,
    ],
    [
      'an aggregator without a source',
      `${OPENS}  - id: 2\n    module: builtin:aggregator\n    mapper: { value: "{{1.contact_id}}" }\n`,
      2,
      'flow[1].source',
      /needs `source`/,
    ],
    [
      'a reference past an aggregator into what it collected',
      `${OPENS}  - id: 2\n    module: builtin:aggregator\n    source: 1\n    mapper: { value: "{{1.contact_id}}" }\n` +
        `  - id: 3\n    module: builtin:compose\n    mapper: { x: "{{1.contact_id}}" }\n`,
      3,
      'flow[2].mapper.x',
      /collected by an aggregator/,
    ],
    [
      'a field an aggregator does not give (it gives array and count)',
      `${OPENS}  - id: 2\n    module: builtin:aggregator\n    source: 1\n    mapper: { value: "{{1.contact_id}}" }\n` +
        `  - id: 3\n    module: builtin:compose\n    mapper: { n: "{{2.total}}" }\n`,
      3,
      'flow[2].mapper.n',
      /module 2 \(builtin:aggregator\) has no output field total; it gives array, count/,
    ],
    [
      "a path below an aggregator's count",
      `${OPENS}  - id: 2\n    module: builtin:aggregator\n    source: 1\n    mapper: { value: "{{1.contact_id}}" }\n` +
        `  - id: 3\n    module: builtin:compose\n    mapper: { n: "{{2.count.value}}" }\n`,
      3,
      'flow[2].mapper.n',
      /has no output field count.value/,
    ],
    [
      'a field a compose step does not set',
      `  - id: 1\n    module: builtin:compose\n    mapper: { email: a@example.com }\n` +
        `  - id: 2\n    module: builtin:compose\n    mapper: { x: "{{1.emial}}" }\n`,
      2,
      'flow[1].mapper.x',
      /module 1 \(builtin:compose\) has no output field emial; it gives email/,
    ],
    [
      'a field a file read does not give',
      `  - id: 1\n    module: builtin:read-file\n    mapper: { path: contacts.csv }\n` +
        `  - id: 2\n    module: builtin:compose\n    mapper: { x: "{{1.content}}" }\n`,
      2,
      'flow[1].mapper.x',
      /has no output field content; it gives path, name, text, size/,
    ],
  ])('reports %s with module id and field', (_what, modules, moduleId, field, message) => {
    const found = problems(flow(modules));
    expect(found, JSON.stringify(found)).toContainEqual(
      expect.objectContaining({ moduleId, field, message: expect.stringMatching(message) }),
    );
  });
});
