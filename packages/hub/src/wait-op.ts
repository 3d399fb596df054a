import { getCurrent, resumeSwitch, type Suspend } from '@tendril/greenlet';
import { Blocking } from './blocking.js';
import type { Greenlet } from './greenlet.js';
import { cancelWaitTimer, park } from './wait.js';
import { WAITING } from './wait-state.js';

/** The done result every wait op returns: `yield*` reads it at once, so one object serves all. */
const DONE: { done: true; value: unknown } = { done: true, value: undefined };

/**
 * A blocking operation written as its own iterator instead of a generator, for the hot paths
 * (join, sleep, queues, locks): `yield*` over it allocates nothing beyond the op itself, and the
 * op can be shared and reused, because everything a wait changes lives on the waiting greenlet
 * (its wait id, and the timer of a timed wait: see `timeWait`).
 *
 * A subclass implements `begin` (start waiting: `beginWait`, register a wake-up, `return
 * suspend()`; or finish at once: `return done(value)`), `resume` (the wake-up's value arrived:
 * clean up, return the result or throw) and `abandon` (an interrupt is raised through the wait:
 * clean up). Rarer operations can stay generators: see {@link Blocking}.
 *
 * @example
 * ```ts
 * import { WaitOp, beginWait, done, suspend, wake, type Greenlet } from '@tendril/hub';
 * // a latch: waiting on an open latch returns at once, open() wakes the waiters
 * class Latch extends WaitOp<void> {
 *   private open = false;
 *   private waiters: [Greenlet<any>, number][] = [];
 *   protected begin() {
 *     if (this.open) return done(undefined);
 *     const g = beginWait('latch');
 *     this.waiters.push([g, g.waitId]);
 *     return suspend();
 *   }
 *   protected resume() {}
 *   protected abandon(g: Greenlet<any>) { this.waiters = this.waiters.filter(([w]) => w !== g); }
 *   release() { this.open = true; for (const [g, id] of this.waiters.splice(0)) wake(g, id, undefined); }
 * }
 * ```
 */
export abstract class WaitOp<T> extends Blocking<T> implements Iterator<Suspend, T, unknown> {
  /** The op is its own iterator. */
  override [Symbol.iterator](): Generator<Suspend, T, unknown> {
    return this as unknown as Generator<Suspend, T, unknown>;
  }

  /** @internal Called by `yield*`: first to begin (with `undefined`), then to resume. */
  next(token?: unknown): IteratorResult<Suspend, T> {
    if (token === undefined) return this.begin();
    const sent = resumeSwitch(token).value;
    const g = getCurrent() as Greenlet<any>;
    endWait(g);
    return done(this.resume(g, sent));
  }

  /** @internal Called by `yield*` when an interrupt (kill, Timeout) is raised through the wait. */
  throw(error: unknown): never {
    const g = getCurrent() as Greenlet<any>;
    endWait(g);
    this.abandon(g, error);
    throw error;
  }

  /** @internal Called by `yield*` when the waiting generator is closed. */
  return(value?: unknown): IteratorResult<Suspend, T> {
    const g = getCurrent() as Greenlet<any>;
    endWait(g);
    this.abandon(g, undefined);
    return done(value as T);
  }

  /** Start the wait (`return suspend()`), or finish at once (`return done(value)`). */
  protected abstract begin(): IteratorResult<Suspend, T>;

  /**
   * The wake-up arrived with `sent`: clean up and return the result (or throw).
   *
   * @param g - The greenlet that waited (the current one).
   * @param sent - What the wake-up carried.
   */
  protected abstract resume(g: Greenlet<any>, sent: unknown): T;

  /**
   * An interrupt is being raised through the wait (it propagates after this): clean up, and hand
   * on anything a wake-up gave this waiter that it will now not use.
   *
   * @param g - The greenlet that waited (the current one).
   * @param error - The interrupt (`undefined` when the generator is closed).
   */
  protected abstract abandon(g: Greenlet<any>, error: unknown): void;
}

/**
 * Suspend the current greenlet in the hub: what {@link WaitOp}'s `begin` returns once its
 * wake-up is registered.
 *
 * @returns The result that suspends the `yield*` stack.
 * @example
 * ```ts
 * // in a WaitOp subclass: register the wake-up, then suspend
 * protected begin() { const g = beginWait('doorbell'); ring.push([g, g.waitId]); return suspend(); }
 * ```
 */
export function suspend<T>(): IteratorResult<Suspend, T> {
  return park()[Symbol.iterator]().next() as IteratorResult<Suspend, T>;
}

/**
 * The result of a {@link WaitOp} that finished with `value` (one shared object: `yield*` reads
 * it at once).
 *
 * @param value - The op's result.
 * @returns The done result.
 * @example
 * ```ts
 * // in a WaitOp subclass: nothing to wait for, so finish at once
 * protected begin() { return this.open ? done(true) : this.parkHere(); }
 * ```
 */
export function done<T>(value: T): IteratorReturnResult<T> {
  DONE.value = value;
  return DONE as IteratorReturnResult<T>;
}

/**
 * The op's wait ends. A wake-up through the hub has already cancelled the wait's timer; a wait
 * left without one (a switch to the greenlet from outside the hub, or its generator closed)
 * cancels it here.
 */
function endWait(g: Greenlet<any>): void {
  if (g._phase === WAITING) cancelWaitTimer(g);
}
