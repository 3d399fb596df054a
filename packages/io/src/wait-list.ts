import type { Suspend } from '@tendril/greenlet';
import {
  type Blocking,
  beginWait,
  type Greenlet,
  stillWaits,
  suspend,
  timeWait,
  WaitOp,
  wake,
} from '@tendril/hub';
import { Chain, UNCLAIMED, WaitNode } from './wait-chain.js';

/** What a wait returns when its timeout expired. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * The greenlets parked on a primitive (an Event, a lock, a queue), in FIFO order. A waiter that
 * is interrupted (kill, Timeout) or times out removes itself; waking the first skips nothing
 * stale. A waiter that was woken with something (a permit, an item) but is interrupted before it
 * runs hands it on (see {@link WaitListOp.passOn}). Every primitive of @tendril/io waits through
 * one of these, with a {@link WaitListOp}.
 *
 * Woken waiters stay on a second chain until they run: the hub runs them in the order they were
 * woken, so each finds its node at the head of that chain.
 *
 * @example
 * ```ts
 * import { WaitList } from '@tendril/io';
 * const waiters = new WaitList();
 * // in a greenlet: const v = yield* waiters.wait('my-thing');  elsewhere: waiters.wakeFirst('go');
 * ```
 */
export class WaitList {
  private readonly waiting = new Chain();
  /** Woken (or timed out), and not yet run. */
  private readonly woken = new Chain();

  /** How many greenlets wait. */
  get length(): number {
    return this.waiting.length;
  }

  /**
   * Park the current greenlet at the back of the list until it is woken.
   *
   * @param what - What it waits on, for run-info and errors.
   * @param timeout - Give up after this many ms and return {@link TIMED_OUT}.
   * @param passOn - Called with the value of a wake-up that reached this waiter but was lost
   *   because the waiter was interrupted (kill, Timeout) before it ran: hand it to someone else.
   * @returns The value it is woken with, or TIMED_OUT: `yield* list.wait(...)`.
   */
  wait(what: string, timeout?: number, passOn?: (value: unknown) => void): Blocking<unknown> {
    return new ListWait(this, what, timeout, passOn);
  }

  /**
   * Wake the first waiter with `value`. A waiter already being interrupted (killed or hit by a
   * Timeout, and not yet run) is dropped and the next one gets it.
   *
   * @returns Whether a waiter took it.
   */
  wakeFirst(value?: unknown): boolean {
    const waiting = this.waiting;
    for (let node = waiting.head; node !== null; node = waiting.head) {
      waiting.remove(node);
      if (wake(node.greenlet, node.waitId, value)) {
        node.handed = value;
        this.woken.append(node);
        return true;
      }
    }
    return false;
  }

  /**
   * The first waiter still waiting, or `null`: waiters already being interrupted (killed or hit
   * by a Timeout, and not yet run) are dropped first. Read what it brought (`offer`), then wake
   * it with {@link WaitList.wakeFirst} before anything else runs.
   */
  first(): { readonly offer: unknown } | null {
    const waiting = this.waiting;
    let node = waiting.head;
    while (node !== null && !stillWaits(node.greenlet, node.waitId)) {
      waiting.remove(node);
      node = waiting.head;
    }
    return node;
  }

  /** Wake every waiter with `value`, first to last; returns how many. */
  wakeAll(value?: unknown): number {
    let woken = 0;
    while (this.wakeFirst(value)) woken++;
    return woken;
  }

  /** The waiting greenlets, first to last. */
  *[Symbol.iterator](): IterableIterator<Greenlet<unknown>> {
    for (let node = this.waiting.head; node !== null; node = node.next) yield node.greenlet;
  }

  /** @internal Queue `g`, which has begun its wait, at the back; time it out after `timeout` ms. */
  _add(g: Greenlet<unknown>, offer: unknown, timeout: number | undefined): void {
    const node = new WaitNode(this, g, g.waitId, offer);
    this.waiting.append(node);
    if (timeout !== undefined) timeWait(g, timeout, expire, node);
  }

  /** @internal Wake `g`, which has begun its wait, with `value`, as if it had waited here. */
  _wakeNow(g: Greenlet<unknown>, value: unknown): void {
    const node = new WaitNode(this, g, g.waitId, undefined);
    node.handed = value;
    this.woken.append(node);
    wake(g, node.waitId, value);
  }

  /** @internal The timeout of `node`'s wait expired: wake it with TIMED_OUT if it still waits. */
  _expire(node: WaitNode): void {
    if (node.chain !== this.waiting) return;
    this.waiting.remove(node);
    if (wake(node.greenlet, node.waitId, TIMED_OUT)) this.woken.append(node);
  }

  /**
   * @internal The wait of `g` (the current greenlet) on this list is over: take its node off.
   * @returns What a wake-up of the list handed it, or UNCLAIMED.
   */
  _end(g: Greenlet<unknown>): unknown {
    const node = this.woken.find(g) ?? this.waiting.find(g);
    if (node === null) return UNCLAIMED;
    node.chain?.remove(node);
    return node.handed;
  }
}

/** A wait's timer callback: one function for every timed wait. */
function expire(node: WaitNode): void {
  node.list._expire(node);
}

/**
 * A blocking operation that waits on a {@link WaitList} (a {@link WaitOp} of `@tendril/hub`:
 * no generator per call, and one op object can serve every call and every greenlet, as all that
 * a wait changes lives in the list's node for it). A subclass implements `begin` (finish at once
 * with `done(value)`, or `return this.park(...)`), `result` (the wake-up's value arrived: return
 * the op's result or throw) and, when the list's wake-ups carry something that must not be lost,
 * `passOn`.
 *
 * @example
 * ```ts
 * import { done } from '@tendril/hub';
 * import { TIMED_OUT, WaitList, WaitListOp } from '@tendril/io';
 * // wait until a gate opens; open() wakes the waiters
 * class Gate {
 *   open = false;
 *   readonly waiters = new WaitList();
 *   readonly passed = new PassOp(this);
 * }
 * class PassOp extends WaitListOp<boolean> {
 *   constructor(private readonly gate: Gate) { super(); }
 *   protected get waiters() { return this.gate.waiters; }
 *   protected begin() { return this.gate.open ? done(true) : this.park('Gate.pass()', 1000); }
 *   protected result(sent: unknown) { return sent !== TIMED_OUT; }
 * }
 * ```
 */
export abstract class WaitListOp<T> extends WaitOp<T> {
  /**
   * The list it waits on, declared by the subclass (a field or a getter): a field or a
   * constructor in this base class would make constructing every op markedly dearer.
   */
  protected abstract readonly waiters: WaitList;

  /**
   * Park the current greenlet at the back of the list: what `begin` returns when it must wait.
   *
   * @param what - What it waits on, for run-info and errors.
   * @param timeout - Give up after this many ms (> 0): then `result` gets {@link TIMED_OUT}.
   * @param offer - What it brings, for the waker to read with {@link WaitList.first}.
   * @returns The result that suspends the greenlet.
   * @throws the greenlet's pending interrupt, if any (nothing was queued then).
   */
  protected park(what: string, timeout?: number, offer?: unknown): IteratorResult<Suspend, T> {
    this.waiters._add(beginWait(what), offer, timeout);
    return suspend();
  }

  /**
   * Let the greenlets that are ready run first, then come back with `value` as if the list had
   * woken this one with it (and hand it on if an interrupt comes first): what `begin` returns.
   *
   * @param g - The current greenlet, whose wait has begun (`beginWait`).
   * @param value - What `result` (or `passOn`) gets.
   * @returns The result that suspends the greenlet.
   */
  protected passTurn(g: Greenlet<unknown>, value: unknown): IteratorResult<Suspend, T> {
    this.waiters._wakeNow(g, value);
    return suspend();
  }

  protected resume(g: Greenlet<unknown>, sent: unknown): T {
    this.waiters._end(g);
    return this.result(sent);
  }

  protected abandon(g: Greenlet<unknown>, error: unknown): void {
    const handed = this.waiters._end(g);
    if (handed !== UNCLAIMED) this.passOn(handed, g, error);
  }

  /**
   * The wait ended with `sent` (what the list woke it with, or {@link TIMED_OUT}).
   *
   * @returns The op's result.
   */
  protected abstract result(sent: unknown): T;

  /**
   * The list woke this waiter with `handed`, but an interrupt reached it first (or its
   * generator was closed): hand it on to someone else (a permit to the next waiter). Nothing
   * by default.
   *
   * @param handed - What the wake-up carried.
   * @param g - The waiter (the current greenlet).
   * @param error - The interrupt being raised (`undefined` when the generator is closed).
   */
  protected passOn(_handed: unknown, _g: Greenlet<unknown>, _error: unknown): void {}
}

/** {@link WaitList.wait}: returns what it is woken with. */
class ListWait extends WaitListOp<unknown> {
  constructor(
    protected readonly waiters: WaitList,
    private readonly what: string,
    private readonly timeout: number | undefined,
    private readonly onLost: ((value: unknown) => void) | undefined,
  ) {
    super();
  }

  protected begin(): IteratorResult<Suspend, unknown> {
    return this.park(this.what, this.timeout);
  }

  protected result(sent: unknown): unknown {
    return sent;
  }

  protected override passOn(handed: unknown): void {
    this.onLost?.(handed);
  }
}
