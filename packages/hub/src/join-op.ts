import { getCurrent, type Suspend } from '@tendril/greenlet';
import { HubError } from './errors/hub-error.js';
import type { Greenlet } from './greenlet.js';
import { getHub } from './hub.js';
import { Timeout } from './timeout.js';
import { beginWait, park, wake } from './wait.js';

/**
 * @internal Wait for `g` to finish: what `g.join()` (→ whether it finished), `g.get()` (→ its
 * value, or its error rethrown) and `g.kill()` run. The waiter itself goes in `g`'s links (no
 * closure, no link object), woken in registration order with the other links.
 */
export function* waitFor<R>(
  g: Greenlet<any>,
  timeout: number | undefined,
  mode: 'join' | 'get',
): Generator<Suspend, R, unknown> {
  if (!g._ready) {
    let finished = false;
    if (timeout === undefined || timeout > 0) {
      if (getCurrent() === g) throw new HubError(`${g} cannot wait for itself to finish`);
      const waiter = beginWait(mode, g);
      const id = waiter._waitId;
      if (g._links === null) g._links = [];
      g._links.push(waiter);
      const timer =
        timeout === undefined ? null : getHub().timers.add(timeout, () => wake(waiter, id, false));
      try {
        finished = (yield* park()) as boolean;
      } finally {
        removeJoiner(g, waiter);
        timer?.cancel();
      }
    }
    if (!finished) {
      if (mode === 'join') return false as R;
      throw new Timeout(timeout ?? null);
    }
  }
  if (mode === 'join') return true as R;
  if (g._exception !== undefined) throw g._exception;
  return g._value as R;
}

function removeJoiner(g: Greenlet<any>, waiter: Greenlet<any>): void {
  const i = g._links?.indexOf(waiter) ?? -1;
  if (i >= 0) g._links?.splice(i, 1);
}
