import type { FaultKind, FaultSettings, FaultTarget, QueuedFault } from '../faults.js';
import { ControlInputError } from './guard.js';

/**
 * Fault settings as JSON: the names of `sandbox.faults.configure()` and `injectNext()`, checked for
 * type here (the controller checks ranges). Paths are patterns (`*` = anything), never RegExps.
 */

const FAULT_KINDS: readonly FaultKind[] = ['error', 'drop', 'throttle', 'quota', 'latency'];

/** Unknown fields are refused by name, so a typo never passes as "no setting". */
export function onlyKeys(body: Record<string, unknown>, allowed: readonly string[], where?: string): void {
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    const prefix = where === undefined ? '' : `${where}: `;
    throw new ControlInputError(`${prefix}unknown field ${unknown.join(', ')}; expected one of ${allowed.join(', ')}`);
  }
}

function rate(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ControlInputError(`${key} must be a number from 0 to 1`);
  return value;
}

function readTarget(body: Record<string, unknown>, where: string): FaultTarget {
  const target: FaultTarget = {};
  const { method, path } = body;
  if (method !== undefined) {
    const methods = Array.isArray(method) ? method : [method];
    if (methods.length === 0 || !methods.every((m) => typeof m === 'string' && /^[A-Za-z]+$/.test(m)))
      throw new ControlInputError(`${where}.method must be an HTTP method or a list of them (e.g. "GET")`);
    target.method = methods as string[];
  }
  if (path !== undefined) {
    if (typeof path !== 'string' || path === '')
      throw new ControlInputError(`${where}.path must be a path pattern such as "/contacts*" (* matches anything)`);
    target.path = path;
  }
  return target;
}

export function readFaultSettings(body: Record<string, unknown>): FaultSettings {
  onlyKeys(body, ['latencyMs', 'errorRate', 'errorStatuses', 'dropRate', 'throttleRate', 'seed', 'match'], 'faults');
  const settings: FaultSettings = {};
  const { latencyMs, errorStatuses, seed, match } = body;
  if (latencyMs !== undefined) {
    const ok =
      (typeof latencyMs === 'number' && latencyMs >= 0) ||
      (Array.isArray(latencyMs) && latencyMs.length === 2 && latencyMs.every((n) => typeof n === 'number'));
    if (!ok) throw new ControlInputError('latencyMs must be a number of ms or a [min, max] pair');
    settings.latencyMs = latencyMs as number | [number, number];
  }
  for (const key of ['errorRate', 'dropRate', 'throttleRate'] as const) {
    const value = rate(body, key);
    if (value !== undefined) settings[key] = value;
  }
  if (errorStatuses !== undefined) {
    if (!Array.isArray(errorStatuses) || !errorStatuses.every((s) => Number.isInteger(s) && s >= 500 && s <= 599))
      throw new ControlInputError('errorStatuses must be a list of 5xx statuses, e.g. [500, 503]');
    settings.errorStatuses = errorStatuses as number[];
  }
  if (seed !== undefined) {
    if (typeof seed !== 'string') throw new ControlInputError('seed must be a string');
    settings.seed = seed;
  }
  if (match !== undefined) {
    if (!match || typeof match !== 'object' || Array.isArray(match))
      throw new ControlInputError('match must be an object with method and/or path');
    onlyKeys(match as Record<string, unknown>, ['method', 'path'], 'match');
    settings.match = readTarget(match as Record<string, unknown>, 'match');
  }
  return settings;
}

export function readQueuedFault(body: Record<string, unknown>): QueuedFault {
  onlyKeys(body, ['fault', 'count', 'status', 'latencyMs', 'method', 'path'], 'fault');
  const { fault, count, status, latencyMs } = body;
  if (typeof fault !== 'string' || !FAULT_KINDS.includes(fault as FaultKind))
    throw new ControlInputError(`fault must be one of ${FAULT_KINDS.join(', ')}`);
  const queued: QueuedFault = { fault: fault as FaultKind, ...readTarget(body, 'fault') };
  if (count !== undefined) {
    if (!Number.isInteger(count)) throw new ControlInputError('count must be a whole number >= 1');
    queued.count = count as number;
  }
  if (status !== undefined) {
    if (!Number.isInteger(status)) throw new ControlInputError('status must be an HTTP status such as 503');
    queued.status = status as number;
  }
  if (latencyMs !== undefined) {
    if (typeof latencyMs !== 'number' || latencyMs < 0) throw new ControlInputError('latencyMs must be a number >= 0');
    queued.latencyMs = latencyMs;
  }
  return queued;
}
