import { appendFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { loadSpec, type SwaggerDoc } from './spec.js';

/**
 * Validates every JSON body the sandbox returns against the official contract: the operation must
 * exist, the status must be one the operation declares, a success body must match the declared schema
 * and an error body must have the API's error shape. The spec's known bugs (facts §10) are listed in
 * KNOWN_SPEC_BUGS, each with its reason, and nothing broader is exempted.
 */

// Paths the sandbox serves that the 3.0.178 contract does not describe (facts §10.15).
const UNDOCUMENTED_PATHS: { pattern: RegExp; reason: string }[] = [
  {
    pattern: /^\/token_info$/,
    reason: 'POST /token_info exists in the docs but not in the 3.0.178 swagger (facts §10.15)',
  },
];

// Statuses every operation may return although few declare them: auth, rate limits, faults, and 415
// for a body that is not JSON, which the docs give for every JSON endpoint (facts §8.3) while the
// swagger declares it on some only. A 404 is not among them: the sandbox answers 404 only where the
// operation declares it, and for unknown paths.
const UNIVERSAL_STATUSES = new Set(['401', '403', '415', '429', '500', '503']);

/**
 * Corrections applied to the loaded contract before validation. Each entry is a documented spec bug
 * (facts §10) that would otherwise reject a correct answer.
 */
const KNOWN_SPEC_BUGS: { reason: string; apply(doc: SwaggerDoc): void }[] = [
  {
    reason:
      'ParameterDto.parameter_value is typed object, while its own description says it is "a string or array of ' +
      'strings depending on type" (a list trigger\'s list ids): both are accepted, as the description says',
    apply(doc) {
      const parameter = doc.definitions.ParameterDto as { properties?: Record<string, unknown> } | undefined;
      if (parameter?.properties?.parameter_value)
        parameter.properties.parameter_value = {
          anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }, { type: 'object' }],
        };
    },
  },
];

type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

interface CompiledOperation {
  template: string;
  method: string;
  regex: RegExp;
  params: number;
  /** Non-JSON media types the operation declares it produces (e.g. text/csv for an export file). */
  produces: string[];
  /** Response schemas by status (null = declared without a body); compiled on first use. */
  statuses: Map<string, unknown | null>;
  compiled: Map<string, ValidateFunction>;
}

export interface ContractViolation {
  request: string;
  status: number;
  problem: string;
}

let compiled:
  | { ajv: Ajv; ops: CompiledOperation[]; errorArray: ValidateFunction; errorObject: ValidateFunction }
  | null
  | undefined;

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')) out[k] = `swagger.json${v}`;
      else if (k === 'discriminator' || k === 'example' || k === 'x-example') continue;
      else out[k] = rewriteRefs(v);
    }
    return out;
  }
  return node;
}

function compile(): typeof compiled {
  if (compiled !== undefined) return compiled;
  const loaded = loadSpec();
  if (!loaded) {
    compiled = null;
    return compiled;
  }
  const doc = structuredClone(loaded);
  for (const bug of KNOWN_SPEC_BUGS) bug.apply(doc);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'float', 'byte', 'binary', 'password']) ajv.addFormat(f, true);
  ajv.addSchema({ definitions: rewriteRefs(doc.definitions) as Record<string, unknown> }, 'swagger.json');
  const ops: CompiledOperation[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    const regex = new RegExp(
      `^${template
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\\?\{[^}]+\\?\}/g, '[^/]+')
        .replace(/\{[^}]+\}/g, '[^/]+')}$`,
    );
    for (const [method, op] of Object.entries(methods)) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      const statuses = new Map<string, unknown | null>();
      for (const [status, response] of Object.entries(op.responses)) statuses.set(status, response.schema ?? null);
      const produces = ((op as { produces?: string[] }).produces ?? []).filter((m) => !/json/i.test(m));
      ops.push({
        template,
        method: method.toUpperCase(),
        regex,
        produces,
        params: (template.match(/\{/g) ?? []).length,
        statuses,
        compiled: new Map(),
      });
    }
  }
  ops.sort((a, b) => a.params - b.params);
  const errorItem = {
    type: 'object',
    required: ['error_key', 'error_message'],
    properties: { error_key: { type: 'string' }, error_message: { type: 'string' } },
  };
  compiled = {
    ajv,
    ops,
    errorArray: ajv.compile({ type: 'array', minItems: 1, items: errorItem }),
    errorObject: ajv.compile(errorItem),
  };
  return compiled;
}

/**
 * With CTCT_CONTRACT_COVERAGE=<file>, every checked response appends `METHOD /template STATUS` to that
 * file, so a run of the suite shows which operations (and which of their statuses) no test exercises.
 */
function recordCoverage(operation: string, status: string): void {
  const file = process.env.CTCT_CONTRACT_COVERAGE;
  if (file) appendFileSync(file, `${operation} ${status}\n`);
}

/** true when the contract is available and validation is active. */
export function contractAvailable(): boolean {
  return compile() !== null;
}

/** Checks one response; returns the problems found (empty when it conforms or is not an API call). */
export function checkResponse(
  method: string,
  url: string,
  status: number,
  body: unknown,
  contentType: string,
): string[] {
  const c = compile();
  if (!c) return [];
  const { pathname } = new URL(url, 'http://x');
  if (!pathname.startsWith('/v3/')) return [];
  const path = pathname.slice(3);
  if (UNDOCUMENTED_PATHS.some((u) => u.pattern.test(path))) return [];
  const op = c.ops.find((o) => o.method === method.toUpperCase() && o.regex.test(path));
  const code = String(status);
  recordCoverage(op ? `${op.method} ${op.template}` : `${method.toUpperCase()} ${path} (outside the contract)`, code);
  const isJson = /json/i.test(contentType);
  if (!op) {
    // A call outside the contract may only fail, and then in the API's error shape.
    if (status < 400) return [`${method} ${path} is not an operation of the contract but answered ${code}`];
  } else if (!op.statuses.has(code) && !UNIVERSAL_STATUSES.has(code)) {
    return [
      `status ${code} is not declared for ${method} ${op.template} (declared: ${[...op.statuses.keys()].join(', ')})`,
    ];
  }
  if (status >= 400) {
    if (!isJson) return [`error ${code} without a JSON body`];
    const ok = c.errorArray(body) || c.errorObject(body);
    return ok ? [] : [`error ${code} body is neither an array of {error_key, error_message} nor a single such object`];
  }
  const schema = op?.statuses.get(code);
  if (!op || schema === null || schema === undefined) {
    if (status === 204 && body !== undefined) return ['204 with a body'];
    return [];
  }
  if (!isJson) {
    // An operation that produces a file (a CSV export) answers in that type; its schema is then a string.
    const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (op.produces.includes(media)) return typeof body === 'string' ? [] : [`${code} ${media} body is not text`];
    return [`${code} declared with a JSON schema but the content type is ${contentType || 'missing'}`];
  }
  let validate = op.compiled.get(code);
  if (!validate) {
    validate = c.ajv.compile(rewriteRefs(schema) as object);
    op.compiled.set(code, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? [])
    .slice(0, 8)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${e.params ? JSON.stringify(e.params) : ''}`.trim());
}

/** Collects violations from a stream of responses (plug `observe` into createSandbox). */
export function createContractRecorder() {
  const pending: Promise<void>[] = [];
  const violations: ContractViolation[] = [];
  let checked = 0;
  return {
    observe(request: Request, response: Response): void {
      if (!contractAvailable()) return;
      pending.push(
        (async () => {
          const text = await response.text();
          let body: unknown;
          if (text !== '') {
            try {
              body = JSON.parse(text) as unknown;
            } catch {
              body = text;
            }
          }
          checked++;
          for (const problem of checkResponse(
            request.method,
            request.url,
            response.status,
            body,
            response.headers.get('content-type') ?? '',
          )) {
            violations.push({
              request: `${request.method} ${new URL(request.url).pathname}`,
              status: response.status,
              problem,
            });
          }
        })(),
      );
    },
    async settle(): Promise<{ checked: number; violations: ContractViolation[] }> {
      await Promise.all(pending.splice(0));
      return { checked, violations: violations.splice(0) };
    },
  };
}
