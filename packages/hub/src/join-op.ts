import { getCurrent, type Suspend } from '@tendril/greenlet';
import { HubError } from './errors/hub-error.js';
import type { Greenlet } from './greenlet.js';
import { getHub } from './hub.js';
import { Timeout } from './timeout.js';
import { beginWait, park, wake } from './wait.js';

/**
 * @internal Wait for `g` to finish: what `g.join()` (→ whether it finished), `g.get()` (→ its
 * value, or its error rethrown) and `g.kill()` run.
 */
export function* waitFor<R>(
  g: Greenlet<any>,
  timeout: number | undefined,
  mode: 'join' | 'get',
): Generator<Suspend, R, unknown> {
  if (!g._ready && !(yield* waitForDeath(g, timeout, mode))) {
    if (mode === 'join') return false as R;
    throw new Timeout(timeout ?? null);
  }
  if (mode === 'join') return true as R;
  if (g._exception !== undefined) throw g._exception;
  return g._value as R;
}

function* waitForDeath(
  g: Greenlet<any>,
  timeout: number | undefined,
  mode: string,
): Generator<Suspend, boolean, unknown> {
  if (timeout !== undefined && timeout <= 0) return false;
  if (getCurrent() === g) throw new HubError(`${g} cannot wait for itself to finish`);
  const waiter = beginWait(`${mode}(${g.name})`);
  const id = waiter._waitId;
  const onDeath = (): void => {
    wake(waiter, id, true);
  };
  g.link(onDeath);
  const timer =
    timeout === undefined ? null : getHub().timers.add(timeout, () => wake(waiter, id, false));
  try {
    return (yield* park()) as boolean;
  } finally {
    g.unlink(onDeath);
    timer?.cancel();
  }
}
