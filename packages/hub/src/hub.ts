import { Greenlet as CoreGreenlet, getCurrent, getMain, type Suspend } from '@tendril/greenlet';
import { watchForBlockedForever } from './block-forever.js';
import { type Clock, realClock } from './clock.js';
import type { Greenlet } from './greenlet.js';
import { RingQueue } from './ready-queue.js';
import { reportBlocking, reportError } from './report.js';
import { TimerHeap } from './timer-heap.js';
import { RUNNING } from './wait.js';

/** What the ready queue holds: a greenlet to resume, or a plain callback to call. */
type Ready = Greenlet<any> | (() => void);

/**
 * The hub: the greenlet that bridges greenlets to Node's event loop (gevent's hub). One per
 * thread, from {@link getHub}.
 *
 * A greenlet that must wait registers a wake-up (a timer, an I/O or promise callback, another
 * greenlet's death) and switches to the hub. The hub resumes ready greenlets in FIFO order
 * inside one trampoline run; when none is ready it returns control to Node's event loop, and
 * Node callbacks that wake greenlets re-enter it. A wake-up that happens while a greenlet runs
 * is only queued. After `switchInterval` ms of running greenlets the hub lets Node poll timers
 * and I/O before it goes on, so a greenlet looping on `sleep(0)` cannot starve them.
 *
 * @example
 * ```ts
 * import { getHub, sleep, spawn } from '@tendril/hub';
 * spawn(function* () { yield* sleep(10); console.log('woke'); });
 * console.log(getHub().timers.size); // 0: the greenlet has not run yet
 * ```
 */
export class Hub extends CoreGreenlet {
  /** All of this hub's timers, on one Node timer. */
  readonly timers: TimerHeap;
  /** How long (ms of real time) the hub runs greenlets before it lets Node poll. */
  switchInterval = 5;
  /** A greenlet that runs this long (ms) without switching is reported as blocking. */
  blockingThreshold = 100;
  /** @internal */ readonly ready = new RingQueue<Ready>();
  private entryScheduled = false;
  private immediateScheduled = false;

  /** @internal Use {@link getHub}. */
  constructor() {
    super(runHub, getMain());
    this.timers = new TimerHeap(realClock, this.enter);
  }

  /** The clock the hub reads time from. */
  get clock(): Clock {
    return this.timers.clock;
  }

  /**
   * Swap the clock (virtual time for tests); pending timers keep their deadlines.
   *
   * @param clock - The new clock.
   */
  setClock(clock: Clock): void {
    this.timers.setClock(clock);
  }

  /** How many greenlets and callbacks wait in the ready queue. */
  get readyCount(): number {
    return this.ready.length;
  }

  /**
   * @internal Queue a greenlet to resume (its wake-up is stored on it), or a callback.
   */
  schedule(item: Ready): void {
    this.ready.push(item);
    if (getCurrent().isMain && !this.entryScheduled) {
      this.entryScheduled = true;
      queueMicrotask(this.enter);
    }
  }

  /**
   * Call `callback` from the hub soon, after what is already ready (gevent's `run_callback`).
   * It runs as plain code in the hub and must not block; an error it throws is reported.
   *
   * @param callback - The function to call.
   */
  callSoon(callback: () => void): void {
    this.schedule(callback);
  }

  /**
   * Run what is ready now, if called from plain code (Node callbacks use it); inside a
   * greenlet the hub will get to it anyway.
   */
  readonly enter = (): void => {
    this.entryScheduled = false;
    if (this.ready.length > 0 && getCurrent().isMain) this.switch();
  };

  /** @internal */
  letNodePoll(): void {
    if (this.immediateScheduled) return;
    this.immediateScheduled = true;
    setImmediate(() => {
      this.immediateScheduled = false;
      this.enter();
    });
  }

  override toString(): string {
    return 'Hub';
  }
}

/**
 * The hub loop: run ready items until none is left or time is up, then give control back to
 * Node's event loop. One generator, so that every resume of a greenlet from the hub crosses a
 * single `yield*` level.
 */
function* runHub(this: Hub): Generator<Suspend, never, unknown> {
  const main = getMain();
  for (;;) {
    let started = performance.now();
    const deadline = started + this.switchInterval;
    for (;;) {
      const item = this.ready.shift();
      if (item === undefined) break;
      if (typeof item === 'function') {
        try {
          item();
        } catch (error) {
          reportError(error, undefined);
        }
        started = performance.now(); // a slow callback is not the next greenlet's fault
      } else if (!item.dead) {
        item._waitState = RUNNING;
        const carried = item._wakeValue;
        item._wakeValue = undefined;
        try {
          if (item._wakeThrow) {
            item._wakeThrow = false;
            yield* item.throw(carried);
          } else {
            yield* item.switch(carried);
          }
        } catch (error) {
          reportError(error, item);
        }
        const now = performance.now();
        if (now - started >= this.blockingThreshold) reportBlocking(item, now - started);
        started = now;
        if (now >= deadline && this.ready.length > 0) {
          this.letNodePoll();
          break;
        }
      }
    }
    yield* main.switch();
  }
}

let hub: Hub | undefined;

/**
 * The hub of this thread, created on first use.
 *
 * @returns The hub.
 * @example
 * ```ts
 * import { getHub } from '@tendril/hub';
 * console.log(getHub() === getHub()); // true
 * ```
 */
export function getHub(): Hub {
  if (hub === undefined) {
    hub = new Hub();
    watchForBlockedForever(hub);
  }
  return hub;
}
