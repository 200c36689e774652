/** The polling runtime behind every Watch module (see watcher.ts for the delivery guarantee). */
export {
  Watcher,
  StartConflictError,
  NotWatchableError,
  type WatchEvent,
  type WatchConsumer,
  type CycleReport,
  type WatcherOptions,
} from './watcher.js';
export {
  WatchStore,
  WatchBusyError,
  type WatchIdentity,
  type WatchRecord,
  type BacklogEvent,
  type InFlightEvent,
} from './store.js';
export { ServerClock } from './server-clock.js';
export { LineConsumer, readableTwin, type LineConsumerOptions } from './line-consumer.js';
export { runWatchLoop, isTransient, type LoopOptions } from './loop.js';
export { stateDir, watchStatePath } from './state-dir.js';
export { canonicalJson, watchedInput } from './canonical.js';
export { parseInterval, parseStartPoint, normalizeTime, type StartPoint } from './times.js';
