export { type AsyncContextMode, asyncContext } from './async-context.js';
export { Blocking } from './blocking.js';
export { type Clock, realClock } from './clock.js';
export { HubError } from './errors/hub-error.js';
export { Greenlet, type LinkCallback, type SpawnBody, spawnSites } from './greenlet.js';
export { getHub, Hub } from './hub.js';
export { RingQueue } from './ready-queue.js';
export {
  type BlockingHandler,
  type ErrorHandler,
  setBlockingHandler,
  setErrorHandler,
} from './report.js';
export { idle, sleep } from './sleep.js';
export { spawn, spawnLater } from './spawn.js';
export { Timeout } from './timeout.js';
export { Timer, TimerHeap } from './timer-heap.js';
export { until } from './until.js';
