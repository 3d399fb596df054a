export { type AsyncContextMode, asyncContext } from './async-context.js';
export { type BlockedForeverHandler, setBlockedForeverHandler } from './block-forever.js';
export { Blocking } from './blocking.js';
export { type Clock, realClock } from './clock.js';
export { HubError } from './errors/hub-error.js';
export {
  Greenlet,
  type GreenletState,
  type LinkCallback,
  type SpawnBody,
  spawnSites,
} from './greenlet.js';
export { getHub, Hub } from './hub.js';
export { type JoinAllOptions, joinAll } from './join-all.js';
export { type KillAllOptions, killAll } from './kill-all.js';
export type { Linkable } from './linkable.js';
export { RingQueue } from './ready-queue.js';
export {
  type BlockingHandler,
  type ErrorHandler,
  setBlockingHandler,
  setErrorHandler,
} from './report.js';
export { formatRunInfo, type GreenletInfo, getRunInfo, type RunInfo } from './run-info.js';
export { Scope, type ScopeBody, scope } from './scope.js';
export { idle, sleep } from './sleep.js';
export { spawn, spawnLater } from './spawn.js';
export { Timeout } from './timeout.js';
export { Timer, TimerHeap } from './timer-heap.js';
export { until } from './until.js';
export {
  beginWait,
  interrupt,
  park,
  stillWaits,
  timeWait,
  type WaitSubject,
  wake,
  wakeThrow,
} from './wait.js';
export { iwait, type WaitIterator, type WaitOptions, wait } from './wait-any.js';
export { done, suspend, WaitOp } from './wait-op.js';
export { type TimeoutBody, withTimeout } from './with-timeout.js';
