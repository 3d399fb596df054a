/*
 * Where a hub greenlet is in the waiting protocol of wait.ts (its `_waitState`). A module of its
 * own, with no imports, so that the hub loop can read it without importing the greenlet class.
 */

/** @internal The greenlet runs (or is not waiting). */
export const RUNNING = 0;
/** @internal The greenlet waits for a wake-up. */
export const WAITING = 1;
/** @internal A wake-up (or its start) is queued in the hub. */
export const SCHEDULED = 2;
