import { getCurrent, type SwitchResult, transfer } from '@tendril/greenlet';
import { HubError } from './errors/hub-error.js';
import { Greenlet } from './greenlet.js';
import { getHub } from './hub.js';
import { addLive, clearWaitingOn } from './live-greenlets.js';
import type { Timer } from './timer-heap.js';
import { RETURNED, SCHEDULED, SCHEDULED_THROW, WAITING } from './wait-state.js';

/*
 * How a greenlet waits (the protocol that every blocking primitive is built on): `beginWait` marks it waiting and gives the wait an id; the greenlet
 * registers wake-ups that call `wake(g, id, value)`, then `yield* park()` switches to the hub.
 * A wake-up queues it in the hub with the value; one for an earlier wait (a stale id) or after
 * another wake-up is ignored. `interrupt` (kill, Timeout) raises an error whatever the wait.
 * Cleanup of wake-ups belongs in the waiting code's `finally`, which also runs on interrupt.
 */

/**
 * Begin a wait of the current greenlet (the first step of every blocking primitive).
 *
 * @param what - What it waits on, for run-info and errors: a string (`'Event.wait()'`), or an
 *   object whose `toString()` says it (`sleep(10)`, `join(worker)`), called only when someone
 *   looks, so that a wait allocates no string.
 * @returns The current greenlet; its `_waitId` identifies this wait.
 * @throws HubError in plain code (which must `await` instead) or in a greenlet not spawned by
 *   the hub; the pending interrupt, if one arrived while the greenlet was not waiting.
 * @example
 * ```ts
 * import { Blocking, beginWait, park, wake } from '@tendril/hub';
 * // a one-shot latch: open() wakes the greenlet that waits on it
 * const waiting: { g: ReturnType<typeof beginWait>; id: number }[] = [];
 * const waitOpen = () => new Blocking(function* () {
 *   const g = beginWait('latch');
 *   waiting.push({ g, id: g.waitId });
 *   return yield* park();
 * });
 * const open = () => { for (const w of waiting.splice(0)) wake(w.g, w.id, 'opened'); };
 * ```
 */
export function beginWait(what: string | WaitSubject): Greenlet<any> {
  const g = getCurrent();
  if (!(g instanceof Greenlet)) {
    what = String(what);
    throw new HubError(
      g.isMain
        ? `${what} blocks: in plain code write \`await ${what}\`; inside a greenlet body, \`yield* ${what}\``
        : `${what} blocks, and ${g} was not spawned by the hub: only greenlets from spawn() or ` +
            'new Greenlet(...).start() of @tendril/hub can wait on the hub',
    );
  }
  const interrupts = g._extras?.interrupts;
  if (interrupts != null && interrupts.length > 0) throw interrupts.shift();
  addLive(g, what); // run-info and the block-forever report list the greenlets that wait
  g._waitId++;
  g._phase = WAITING;
  g._payload = undefined; // no timer yet (see timeWait)
  return g;
}

/**
 * Time the wait that `g` has begun (`beginWait`): `callback(arg)` runs in `ms` milliseconds
 * unless the wait ends first (a wake-up, an interrupt), which cancels it. One timer per wait.
 *
 * While a greenlet waits, its `_payload` (what its next resume carries) holds nothing yet, so it
 * holds the timer: a field of its own would make every greenlet 8 bytes larger.
 *
 * @param g - The greenlet that has begun the wait.
 * @param ms - When to call `callback`.
 * @param callback - Usually wakes `g` with a "timed out" value; called with `arg`.
 * @param arg - What `callback` gets (hoist `callback` and pass state here: no closure per wait).
 * @throws HubError when `g` is not in a wait, or its wait has a timer already.
 * @example
 * ```ts
 * import { beginWait, suspend, timeWait, wake, type Greenlet } from '@tendril/hub';
 * // in a WaitOp's begin(): wait for a doorbell, or give up after 100 ms with `false`
 * const giveUp = (g: Greenlet<any>) => wake(g, g.waitId, false);
 * const g = beginWait('doorbell');
 * timeWait(g, 100, giveUp, g);
 * return suspend();
 * ```
 */
export function timeWait<A>(
  g: Greenlet<any>,
  ms: number,
  callback: (arg: A) => void,
  arg: A,
): void {
  if (g._phase !== WAITING || g._payload !== undefined) {
    throw new HubError(
      `timeWait(): ${g} ${g._phase === WAITING ? 'has a timer for this wait already' : 'is not waiting'}; ` +
        'time a wait once, after beginWait() and before suspend()',
    );
  }
  g._payload = getHub().timers.add(ms, callback, arg);
}

/** @internal End the timer of `g`'s wait, if it has one, as the wait ends. */
export function cancelWaitTimer(g: Greenlet<any>): void {
  const timer = g._payload as Timer | undefined;
  if (timer !== undefined) {
    g._payload = undefined;
    timer.cancel();
  }
}

/**
 * Whether `g` is still in its wait `id`: not yet woken or interrupted, nor past that wait. A
 * wake-up for a wait that is over is ignored anyway; a list of waiters uses this to drop the
 * ones that left.
 *
 * @param g - A greenlet that began wait `id`.
 * @param id - Its `waitId` when the wait began.
 * @returns Whether a wake-up for that wait would be taken now.
 * @example
 * ```ts
 * import { stillWaits, wake } from '@tendril/hub';
 * // hand an item to the first waiter that is still there
 * while (waiters.length > 0) {
 *   const w = waiters.shift()!;
 *   if (stillWaits(w.g, w.id)) return wake(w.g, w.id, item);
 * }
 * ```
 */
export function stillWaits(g: Greenlet<any>, id: number): boolean {
  return g._waitId === id && g._phase === WAITING;
}

/** What a greenlet waits on, when not a string: its `toString()` says it (see `beginWait`). */
export interface WaitSubject {
  toString(): string;
}

/** Switch to the hub until a wake-up for the current wait arrives; returns its value. */
export function park(): SwitchResult<unknown> {
  return transfer(getHub(), false, 0, undefined);
}

/**
 * Wake `g` from its wait `id` (its `waitId` when the wait began) with `value`.
 * @returns Whether the wake-up was taken (false when stale).
 */
export function wake(g: Greenlet<any>, id: number, value: unknown): boolean {
  return deliver(g, id, value, false);
}

/**
 * Wake `g` from its wait `id` by raising `error` in it.
 * @returns Whether the wake-up was taken (false when stale).
 */
export function wakeThrow(g: Greenlet<any>, id: number, error: unknown): boolean {
  return deliver(g, id, error, true);
}

function deliver(g: Greenlet<any>, id: number, payload: unknown, isThrow: boolean): boolean {
  if (!stillWaits(g, id)) return false;
  cancelWaitTimer(g);
  g._phase = isThrow ? SCHEDULED_THROW : SCHEDULED;
  clearWaitingOn(g);
  g._payload = payload;
  getHub().schedule(g);
  return true;
}

/**
 * Raise `error` in a started greenlet whatever it waits on (kill, Timeout): a queued wake-up
 * value is replaced. A greenlet that is not waiting, or whose queued wake-up already raises,
 * gets it at its next wait: two interrupts that arrive together are both delivered, in order.
 * One that has ended is left alone.
 */
export function interrupt(g: Greenlet<any>, error: unknown): void {
  if (g._phase >= RETURNED) return;
  if (g._phase === WAITING) {
    wakeThrow(g, g._waitId, error);
  } else if (g._phase === SCHEDULED) {
    g._payload = error;
    g._phase = SCHEDULED_THROW;
  } else {
    const extras = g._extrasNow();
    if (extras.interrupts === null) extras.interrupts = [];
    extras.interrupts.push(error);
  }
}

/** @internal Withdraw an interrupt still held for `g`'s next wait (a Timeout cancelled late). */
export function withdrawInterrupt(g: Greenlet<any>, error: unknown): void {
  const interrupts = g._extras?.interrupts;
  const i = interrupts?.indexOf(error) ?? -1;
  if (i >= 0) interrupts?.splice(i, 1);
}
