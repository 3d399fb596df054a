import type { Suspend } from '@tendril/greenlet';
import { Blocking, getHub, sleep } from '@tendril/hub';

/** Enough rounds for any real cascade of wake-ups; a greenlet looping on `sleep(0)` stops it. */
const MAX_ROUNDS = 1000;

/**
 * @internal Let the hub run what is ready, and what that makes ready, until its ready queue is
 * empty (bounded, so a greenlet looping on `sleep(0)` cannot hang the caller). It does not wait
 * for timers or I/O. `yield* settleHub()` in a greenlet.
 */
export function* settleHub(): Generator<Suspend, void, unknown> {
  const hub = getHub();
  for (let round = 0; round < MAX_ROUNDS && hub.readyCount > 0; round++) yield* sleep(0);
}

/** @internal {@link settleHub} from plain async code: `await settle()`. */
export function settle(): Blocking<void> {
  return new Blocking(settleHub);
}
