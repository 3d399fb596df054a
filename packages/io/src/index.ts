export { AsyncResult } from './async-result.js';
export { Channel } from './channel.js';
export { PoolFull } from './errors/pool-full.js';
export { QueueEmpty } from './errors/queue-empty.js';
export { QueueFull } from './errors/queue-full.js';
export { QueueShutDown } from './errors/queue-shut-down.js';
export { ReleaseError } from './errors/release-error.js';
export { Event } from './event.js';
export {
  GreenletSet,
  type GroupJoinOptions,
  type GroupKillOptions,
} from './greenlet-set.js';
export { Group } from './group.js';
export { ImapIterator, type ImapOptions, type ItemBody, type Items } from './imap.js';
export { LifoQueue } from './lifo-queue.js';
export { Local, local } from './local.js';
export { Lock, RLock } from './lock.js';
export { Permit } from './permit.js';
export { Pool } from './pool.js';
export { type Comparator, PriorityQueue, type PriorityQueueOptions } from './priority-queue.js';
export { Queue } from './queue.js';
export { type ItemHandler, QueueBase, type QueueWaitOptions } from './queue-base.js';
export {
  type AcquireOptions,
  BoundedSemaphore,
  type LockedBody,
  Semaphore,
} from './semaphore.js';
export { SimpleQueue } from './simple-queue.js';
export { TIMED_OUT, WaitList, WaitListOp } from './wait-list.js';
