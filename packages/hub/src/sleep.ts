import type { Suspend } from '@tendril/greenlet';
import { Blocking } from './blocking.js';
import type { Greenlet } from './greenlet.js';
import { getHub } from './hub.js';
import { beginWait, park, timeWait, wake } from './wait.js';
import { suspend, WaitOp } from './wait-op.js';

/**
 * A sleep's timer callback: one function for every sleeping greenlet. The timer is its current
 * wait's (a wake-up that ends the wait first cancels it: see `timeWait`).
 */
function wakeSleeper(g: Greenlet<any>): void {
  wake(g, g._waitId, undefined);
}

class Sleep<T> extends WaitOp<T> {
  constructor(
    readonly ms: number,
    private readonly result: T,
  ) {
    super();
  }

  protected begin(): IteratorResult<Suspend, T> {
    const g = beginWait(this);
    if (this.ms <= 0) wake(g, g._waitId, undefined);
    else timeWait(g, this.ms, wakeSleeper, g);
    return suspend();
  }

  protected resume(): T {
    return this.result;
  }

  protected abandon(): void {}

  /** What a sleeping greenlet waits on, for run-info: `sleep(10)`. */
  toString(): string {
    return `sleep(${this.ms})`;
  }
}

/** `sleep()`: shared, as a sleep op keeps no state of its own. */
const YIELD = new Sleep(0, undefined);
/** The last `sleep(ms)` made: loops that sleep the same time share one. */
let lastSleep = YIELD;

/**
 * Wait `ms` milliseconds, letting other greenlets run; `sleep(0)` (the default) just yields to
 * everything already ready, and comes back after it.
 *
 * @param ms - Milliseconds; 0 or less yields once.
 * @param result - What the sleep returns (gevent's `sleep(seconds, ref, value)`).
 * @returns `yield* sleep(ms)` inside a greenlet, `await sleep(ms)` in plain code.
 * @throws TypeError when `ms` is not a number.
 * @example
 * ```ts
 * import { sleep, spawn } from '@tendril/hub';
 * spawn(function* () { yield* sleep(100); console.log('100 ms later'); });
 * await sleep(10);
 * ```
 */
export function sleep<T = undefined>(ms = 0, result?: T): Blocking<T> {
  if (typeof ms !== 'number' || Number.isNaN(ms)) {
    throw new TypeError(`sleep() takes milliseconds as a number, not ${String(ms)}`);
  }
  if (result !== undefined) return new Sleep(ms, result);
  if (ms <= 0) return YIELD as unknown as Blocking<T>;
  if (lastSleep.ms !== ms) lastSleep = new Sleep(ms, undefined);
  return lastSleep as unknown as Blocking<T>;
}

class Idle extends Blocking<void> {
  *[Symbol.iterator](): Generator<Suspend, void, unknown> {
    const g = beginWait('idle()');
    const id = g._waitId;
    const immediate = setImmediate(() => {
      wake(g, id, undefined);
      getHub().enter();
    });
    try {
      yield* park();
    } finally {
      clearImmediate(immediate);
    }
  }
}

/**
 * Wait until Node's event loop has polled I/O once more (gevent's `idle()`): the greenlet
 * resumes in the check phase, after pending I/O callbacks.
 *
 * @returns `yield* idle()` or `await idle()`.
 * @example
 * ```ts
 * import { idle, spawn } from '@tendril/hub';
 * spawn(function* () { yield* idle(); console.log('the event loop went round'); });
 * ```
 */
export function idle(): Blocking<void> {
  return new Idle();
}
