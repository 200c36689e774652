import * as ctct from 'ctct-api-client';

/**
 * The official generated SDK (`ctct-api-client`) pointed at a served sandbox, and the vocabulary of
 * the sweep's table: one row per SDK operation, run in order against one shared state.
 */

type Module = typeof ctct;
/** Every API class the SDK exports (`ContactsApi`, `EventsApi`, ...), whatever its version adds. */
export type SdkName = {
  [K in keyof Module]: K extends `${string}Api`
    ? Module[K] extends abstract new (...args: never) => unknown
      ? K
      : never
    : never;
}[keyof Module];
export type Sdk = { [K in SdkName]: InstanceType<Module[K]> };

const SDK_CLASSES = Object.entries(ctct).filter(
  (entry): entry is [SdkName, new (configuration: ctct.Configuration) => object] =>
    entry[0].endsWith('Api') && typeof entry[1] === 'function',
);

export function createSdk(basePath: string, accessToken: string): Sdk {
  const configuration = new ctct.Configuration({ basePath, accessToken });
  const out: Partial<Record<SdkName, unknown>> = {};
  for (const [name, Api] of SDK_CLASSES) out[name] = new Api(configuration);
  return out as Sdk;
}

/** Every operation the SDK has, as `Class.method` (from the classes' prototypes). */
export function sdkOperations(): string[] {
  return SDK_CLASSES.flatMap(([name, Api]) =>
    Object.getOwnPropertyNames(Api.prototype)
      .filter((m) => m !== 'constructor')
      .map((m) => `${name}.${m}`),
  );
}

export interface Outcome {
  status: number;
  data: any;
}

/** The answer of an SDK call, whether axios resolved or rejected it. */
export async function outcome(call: Promise<{ status: number; data: unknown }>): Promise<Outcome> {
  try {
    const res = await call;
    return { status: res.status, data: res.data };
  } catch (err) {
    const res = (err as { response?: { status: number; data: unknown } }).response;
    if (!res) throw err;
    return { status: res.status, data: res.data };
  }
}

/** The sandbox's answer to a path it has no route for (or a method it does not serve there). */
export function isUnknownRoute(o: Outcome): boolean {
  const key = Array.isArray(o.data) ? (o.data[0] as { error_key?: string } | undefined)?.error_key : undefined;
  return (
    (o.status === 404 && key === 'http.status.not_found') ||
    (o.status === 405 && key === 'http.status.method_not_allowed')
  );
}

export interface SweepContext {
  sdk: Sdk;
  /** State shared by the rows (ids created by earlier rows). */
  s: Record<string, any>;
  /** GET through plain fetch with the same token (to follow `_links.next` the SDK cannot). */
  get(pathAndQuery: string): Promise<any>;
  /** Runs the sandbox's due background work now (activities, sends). */
  drain(): void;
  nowMs(): number;
}

export interface SweepRow {
  /** `Class.method` of the SDK. */
  op: string;
  run(c: SweepContext): Promise<Outcome>;
  /** The status the operation must answer (default: any 2xx). */
  status?: number;
  /** Checks of the result against the contract's words and against other operations' results. */
  check?(data: any, c: SweepContext): void | Promise<void>;
}

export const SENDER = 'owner@example.com';

export const criteria = (...group: Record<string, unknown>[]) =>
  JSON.stringify({ version: '1.0.0', criteria: { type: 'and', group } });
