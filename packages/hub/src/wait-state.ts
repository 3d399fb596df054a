/*
 * Where a hub greenlet is in the waiting protocol of wait.ts (its `_waitState`). A module of its
 * own, with no imports, so that the hub loop can read it without importing the greenlet class.
 */

/** @internal The greenlet runs (or is not waiting). */
export const RUNNING = 0;
/** @internal The greenlet waits for a wake-up. */
export const WAITING = 1;
/** @internal A wake-up with a value (or its start) is queued in the hub. */
export const SCHEDULED = 2;
/** @internal A wake-up that raises an error in it is queued in the hub. */
export const SCHEDULED_THROW = 3;

/** @internal How it ended: not yet (it is not `ready()`). */
export const NOT_ENDED = 0;
/** @internal It returned (or a GreenletExit killed it): its outcome is its value. */
export const RETURNED = 1;
/** @internal It failed: its outcome is its error. */
export const FAILED = 2;
