import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  LineConsumer,
  normalizeTime,
  parseInterval,
  parseStartPoint,
  ServerClock,
  stateDir,
  watchedInput,
  WatchBusyError,
  WatchStore,
  type WatchEvent,
} from '../../../src/runtime/watch/index.js';
import { tempStateDir } from './helpers.js';

/** The runtime's parts on their own: option parsing, identities, the state file's rules, recovery. */

describe('--every and --from parsing', () => {
  it.each([
    ['60s', 60_000],
    ['90', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['2d', 172_800_000],
  ])('--every %s is %d ms', (text, ms) => {
    expect(parseInterval(text)).toBe(ms);
  });

  it.each([
    ['soon', /not an interval/],
    ['-5s', /not an interval/],
    ['5 minutes', /not an interval/],
    ['0', /too short/],
    ['50ms', /too short/],
    ['400d', /longer than a year/],
  ])('--every %s is refused', (text, message) => {
    expect(() => parseInterval(text)).toThrow(message);
  });

  it.each([
    ['now', { kind: 'now' }],
    ['ALL', { kind: 'all' }],
    ['2026-03-01', { kind: 'date', at: '2026-03-01T00:00:00.000Z' }],
    ['2026-03-01T12:30', { kind: 'date', at: '2026-03-01T12:30:00.000Z' }],
    ['2026-03-01T12:30:15+02:00', { kind: 'date', at: '2026-03-01T10:30:15.000Z' }],
    ['2026-03-01 12:30:15.5Z', { kind: 'date', at: '2026-03-01T12:30:15.500Z' }],
  ])('--from %s', (text, start) => {
    expect(parseStartPoint(text)).toEqual(start);
  });

  it.each(['yesterday', '2026-02-30', '2026-13-01', '03/01/2026', '2026-03-01T25:00Z', ''])(
    '--from %j is refused',
    (text) => {
      expect(() => parseStartPoint(text)).toThrow(/not now, all or a real ISO-8601 date/);
    },
  );

  it('normalizes event times to one ISO form and refuses values that are not times', () => {
    expect(normalizeTime('2026-03-02T11:08:00Z', 'x')).toBe('2026-03-02T11:08:00.000Z');
    expect(normalizeTime('2026-03-02T12:08:00+01:00', 'x')).toBe('2026-03-02T11:08:00.000Z');
    expect(normalizeTime('2026-03-02', 'x')).toBe('2026-03-02T00:00:00.000Z');
    expect(() => normalizeTime('', "watch-x: an item's time")).toThrow(
      /watch-x: an item's time: "" is not a date-time/,
    );
    expect(() => normalizeTime('soon', 'x')).toThrow(/not a date-time/);
  });
});

describe('watch identity and state location', () => {
  it('names a watch by its input whatever the key order, without Limit', () => {
    expect(canonicalJson({ b: [2, { y: 1, x: undefined, a: 0 }], a: 'z' })).toBe('{"a":"z","b":[2,{"a":0,"y":1}]}');
    expect(canonicalJson(watchedInput({ limit: 5, lists: ['b', 'a'], events: ['create'] }))).toBe(
      canonicalJson(watchedInput({ events: ['create'], lists: ['b', 'a'], limit: 500 })),
    );
    // list order is meaningful to the module, so it stays part of the name
    expect(canonicalJson({ lists: ['a', 'b'] })).not.toBe(canonicalJson({ lists: ['b', 'a'] }));
  });

  it.each([
    [{ CTCT_STATE_DIR: '/s/ctct', XDG_STATE_HOME: '/x' }, '/s/ctct'],
    [{ XDG_STATE_HOME: '/x' }, '/x/ctct-connect'],
  ])('state dir from %j', (env, dir) => {
    expect(stateDir(env)).toBe(dir);
  });

  it('defaults the state dir to ~/.local/state/ctct-connect', () => {
    expect(stateDir({})).toMatch(/\/\.local\/state\/ctct-connect$/);
  });
});

describe('the state file', () => {
  const dir = tempStateDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const identity = { connection: 'c', module: 'watch-x', input: '{}' };

  it('lets one owner run a watch at a time: this process, or a live other process; a dead owner is replaced', () => {
    const file = join(dir, 'lease.sqlite');
    const store = new WatchStore(file);
    store.open(identity, 'now', 'first');
    expect(() => store.open(identity, 'now', 'second')).toThrow(WatchBusyError);
    expect(() => store.reset(identity, 'second')).toThrow(/stop it before resetting/);

    // a process that died without releasing its lease (SIGKILL) does not block the next run
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(child.stdout.toString());
    store.db
      .prepare('UPDATE watches SET owner_pid = ?, owner_token = ? WHERE module = ?')
      .run(deadPid, 'dead', 'watch-x');
    expect(store.open(identity, 'now', 'second').id).toBeGreaterThan(0);

    // a live other process does block it
    store.db
      .prepare('UPDATE watches SET owner_pid = ?, owner_token = ? WHERE module = ?')
      .run(process.ppid, 'parent', 'watch-x');
    expect(() => store.open(identity, 'now', 'third')).toThrow(/already running in process/);
    store.release(store.find(identity)!.id, 'parent');
    expect(store.open(identity, 'now', 'third').id).toBeGreaterThan(0);
    expect(store.reset(identity, 'third')).toBe(true);
    expect(store.find(identity)).toBeUndefined();
    expect(store.reset(identity)).toBe(false);
    store.close();
  });

  it('acknowledges in one transaction: the backlog row goes, the key is seen, the checkpoint only moves forward', () => {
    const store = new WatchStore(join(dir, 'ack.sqlite'));
    const { id } = store.open(identity, 'all', 'owner');
    store.initialize(id, null, null);
    store.enqueue(id, [
      { key: 'b', time: '2026-01-01T00:00:02.000Z', bundle: { n: 2 } },
      { key: 'a', time: '2026-01-01T00:00:02.000Z', bundle: { n: 1 } },
      { key: 'old', time: '2026-01-01T00:00:01.000Z', bundle: null },
    ]);
    expect(store.backlogAfter(id, undefined, 10).map((e) => e.key)).toEqual(['old', 'a', 'b']);
    store.handOver(id, 'a', '17');
    expect(store.inFlight(id)).toEqual({ key: 'a', time: '2026-01-01T00:00:02.000Z', bundle: { n: 1 }, mark: '17' });
    store.acknowledge(id, 'a', '2026-01-01T00:00:02.000Z');
    expect(store.inFlight(id)).toBeUndefined();
    store.settle(id, 'old', '2026-01-01T00:00:01.000Z');
    expect(store.record(id)).toMatchObject({ checkpoint: '2026-01-01T00:00:02.000Z', delivered: 1 });
    expect([...store.knownAmong(id, ['a', 'b', 'old', 'new'])].sort()).toEqual(['a', 'b', 'old']);
    expect(store.prune(id, '2026-01-01T00:00:02.000Z')).toBe(1);
    store.close();
  });
});

describe('LineConsumer on a file', () => {
  const dir = tempStateDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const event = (key: string): WatchEvent => ({
    key,
    time: '2026-01-01T00:00:00.000Z',
    bundle: { key },
    redelivery: false,
  });

  it('knows after a crash whether the line at its mark was written, and cuts a torn line before writing it again', async () => {
    const file = join(dir, 'out.jsonl');
    writeFileSync(file, '{"key":"earlier"}\n');
    const fd = openSync(file, 'a');
    const readFd = openSync(file, 'r');
    const consumer = new LineConsumer(fd, (e) => JSON.stringify(e.bundle), { readFd });

    const markA = consumer.mark();
    await consumer.deliver(event('a'));
    expect(consumer.wasDelivered(event('a'), markA)).toBe(true);
    // the same bytes elsewhere do not count: only the line at the mark
    expect(consumer.wasDelivered(event('a'), '0')).toBe(false);

    const markB = consumer.mark();
    expect(consumer.wasDelivered(event('b'), markB)).toBe(false); // never written
    writeFileSync(file, '{"ke', { flag: 'a' }); // a write torn by a crash
    expect(consumer.wasDelivered(event('b'), markB)).toBe(false);
    await consumer.deliver(event('b'));
    closeSync(fd);
    closeSync(readFd);
    expect(readFileSync(file, 'utf8')).toBe('{"key":"earlier"}\n{"key":"a"}\n{"key":"b"}\n');
  });
});

describe('ServerClock', () => {
  it('reads the Date header of responses and reports the first one after a reset', () => {
    const clock = new ServerClock();
    clock.observe('Mon, 02 Mar 2026 15:00:00 GMT');
    clock.observe('Mon, 02 Mar 2026 15:00:05 GMT');
    expect(clock.firstSinceReset()).toBe('2026-03-02T15:00:00.000Z');
    expect(clock.now()).toBe('2026-03-02T15:00:05.000Z');
    clock.reset();
    expect(clock.firstSinceReset()).toBeUndefined();
    clock.observe('not a date');
    clock.observe(null);
    expect(clock.firstSinceReset()).toBeUndefined();
    clock.observe('Mon, 02 Mar 2026 15:01:00 GMT');
    expect(clock.firstSinceReset()).toBe('2026-03-02T15:01:00.000Z');
  });
});
