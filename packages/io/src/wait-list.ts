import type { Suspend } from '@tendril/greenlet';
import { beginWait, type Greenlet, getHub, park, wake } from '@tendril/hub';

const UNCLAIMED: unique symbol = Symbol('unclaimed');

/** @internal A greenlet parked on a primitive, with the id of its wait. */
export class WaitNode {
  prev: WaitNode | null = null;
  next: WaitNode | null = null;
  linked = false;
  /** What a wake-up handed it ({@link UNCLAIMED} until one does). */
  handed: unknown = UNCLAIMED;
  /** What it brought to its wait (a putter's item): see {@link WaitList.first}. */
  offer: unknown = undefined;
  constructor(
    readonly greenlet: Greenlet<unknown>,
    readonly waitId: number,
  ) {}
}

/** What {@link WaitList.wait} returns when its timeout expired. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * The greenlets parked on a primitive (an Event, a lock, a queue), in FIFO order. A waiter that
 * is interrupted (kill, Timeout) or times out removes itself; waking the first skips nothing
 * stale. Every primitive of @tendril/io waits through one of these.
 *
 * @example
 * ```ts
 * import { WaitList } from '@tendril/io';
 * const waiters = new WaitList();
 * // in a greenlet: const v = yield* waiters.wait('my-thing');  elsewhere: waiters.wakeFirst('go');
 * ```
 */
export class WaitList {
  private head: WaitNode | null = null;
  private tail: WaitNode | null = null;
  private count = 0;

  /** How many greenlets wait. */
  get length(): number {
    return this.count;
  }

  /**
   * Park the current greenlet at the back of the list until it is woken.
   *
   * @param what - What it waits on, for run-info and errors.
   * @param timeout - Give up after this many ms and return {@link TIMED_OUT}.
   * @param passOn - Called with the value of a wake-up that reached this waiter but was lost
   *   because the waiter was interrupted (kill, Timeout) before it ran: hand it to someone else
   *   (a permit to the next waiter, an item back to the queue).
   * @param offer - What it brings, for the waker to read with {@link WaitList.first} (the item of
   *   a greenlet waiting to put it).
   * @returns The value it was woken with, or TIMED_OUT.
   */
  *wait(
    what: string,
    timeout?: number,
    passOn?: (value: unknown) => void,
    offer?: unknown,
  ): Generator<Suspend, unknown, unknown> {
    const g = beginWait(what);
    const node = new WaitNode(g, g.waitId);
    node.offer = offer;
    this.append(node);
    const timer =
      timeout === undefined
        ? null
        : getHub().timers.add(timeout, () => {
            this.remove(node);
            wake(g, node.waitId, TIMED_OUT);
          });
    try {
      return yield* park();
    } catch (error) {
      if (node.handed !== UNCLAIMED) passOn?.(node.handed);
      throw error;
    } finally {
      this.remove(node);
      timer?.cancel();
    }
  }

  /**
   * Wake the first waiter with `value`. A waiter already being interrupted (killed or hit by a
   * Timeout, and not yet run) is dropped and the next one gets it.
   *
   * @returns Whether a waiter took it.
   */
  wakeFirst(value?: unknown): boolean {
    for (let node = this.head; node !== null; node = this.head) {
      this.remove(node);
      if (wake(node.greenlet, node.waitId, value)) {
        node.handed = value;
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
    let node = this.head;
    while (node !== null && !(node.greenlet.waitId === node.waitId && node.greenlet.waitingOn)) {
      this.remove(node);
      node = this.head;
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
    for (let node = this.head; node !== null; node = node.next) yield node.greenlet;
  }

  private append(node: WaitNode): void {
    node.prev = this.tail;
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    node.linked = true;
    this.count++;
  }

  private remove(node: WaitNode): void {
    if (!node.linked) return;
    if (node.prev === null) this.head = node.next;
    else node.prev.next = node.next;
    if (node.next === null) this.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = node.next = null;
    node.linked = false;
    this.count--;
  }
}
