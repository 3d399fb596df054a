import type { Suspend } from '@tendril/greenlet';
import { type Blocking, beginWait, done } from '@tendril/hub';
import { LinkablePrimitive } from './linkable-primitive.js';
import { TIMED_OUT, WaitList, WaitListOp } from './wait-list.js';

/**
 * A flag that greenlets wait for (gevent's `Event`, like `threading.Event`): `set()` wakes
 * every greenlet waiting in {@link Event.wait}, in the order they began to wait; `clear()` makes
 * later waits block again. A waiter learns that the flag was set at least once while it waited,
 * not that it is still set: `set()` then `clear()` before the waiters run still wakes them with
 * `true`.
 *
 * It is a {@link Linkable}: `wait([event])` of `@tendril/hub` works, `ready()` is `isSet()`,
 * and links are called from the hub each time it is set.
 *
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * import { Event } from '@tendril/io';
 * const started = new Event();
 * spawn(function* () { yield* started.wait(); console.log('go'); });
 * spawn(function* () { started.set(); });
 * ```
 */
export class Event extends LinkablePrimitive {
  private flag = false;
  private readonly waiters = new WaitList();
  private readonly waitForever = new EventWait(this, this.waiters, undefined);

  constructor() {
    super(true);
  }

  /** Whether the flag is set. */
  isSet(): boolean {
    return this.flag;
  }

  /** Whether the flag is set (the {@link Linkable} view of {@link Event.isSet}). */
  ready(): boolean {
    return this.flag;
  }

  /** Set the flag: wake every waiter, first to last, and call the links from the hub. */
  set(): void {
    this.flag = true;
    if (this.waiters.wakeAll(true) > 0) this.scheduleNotify();
    this.becameReady();
  }

  /** Reset the flag: waits from now on block until the next {@link Event.set}. */
  clear(): void {
    this.flag = false;
  }

  /**
   * Wait until the flag is set. When it already is, return at once — after the waiters that a
   * `set()` has woken and that have not run yet, so they keep their turn.
   *
   * @param options - `timeout`: give up after this many ms.
   * @returns `true` once set; `false` when the timeout expired: `yield* e.wait()` or
   *   `await e.wait()`.
   * @example
   * ```ts
   * const e = new Event();
   * console.log(await e.wait({ timeout: 10 })); // false
   * ```
   */
  wait(options?: { timeout?: number }): Blocking<boolean> {
    const timeout = options?.timeout;
    return timeout === undefined ? this.waitForever : new EventWait(this, this.waiters, timeout);
  }

  /** How many greenlets wait. */
  get waiting(): number {
    return this.waiters.length;
  }

  override toString(): string {
    return `Event (${this.flag ? 'set' : 'clear'}, ${this.waiters.length} waiting)`;
  }
}

/** {@link Event.wait}: one op per event without a timeout, shared by every call. */
class EventWait extends WaitListOp<boolean> {
  constructor(
    private readonly event: Event,
    protected readonly waiters: WaitList,
    private readonly timeout: number | undefined,
  ) {
    super();
  }

  protected begin(): IteratorResult<Suspend, boolean> {
    const { event, timeout } = this;
    if (event.isSet()) {
      // Behind the waiters that set() woke and that have not run yet.
      return event._notifyPending ? this.passTurn(beginWait('Event.wait()'), true) : done(true);
    }
    if (timeout !== undefined && timeout <= 0) return done(false);
    return this.park('Event.wait()', timeout);
  }

  protected result(sent: unknown): boolean {
    return sent !== TIMED_OUT;
  }
}
