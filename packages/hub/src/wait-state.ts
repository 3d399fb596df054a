/*
 * Where a hub greenlet is (its `_phase`): in the waiting protocol of wait.ts, then how it ended.
 * A module of its own, with no imports, so that the hub loop can read it without importing the
 * greenlet class. The phases from RETURNED on are the ended ones: `g._phase >= RETURNED`.
 */

/** @internal The greenlet runs (or is not waiting). */
export const RUNNING = 0;
/** @internal The greenlet waits for a wake-up. */
export const WAITING = 1;
/** @internal A wake-up with a value (or its start) is queued in the hub. */
export const SCHEDULED = 2;
/** @internal A wake-up that raises an error in it is queued in the hub. */
export const SCHEDULED_THROW = 3;
/** @internal It returned (or a GreenletExit killed it): its payload is its value. */
export const RETURNED = 4;
/** @internal It failed: its payload is its error. */
export const FAILED = 5;
