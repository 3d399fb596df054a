import { getCurrent, type Suspend } from '@tendril/greenlet';
import { type Greenlet, interrupt } from '@tendril/hub';
import { type TIMED_OUT, WaitList } from './wait-list.js';

/** @internal Where a queue keeps its items; `shift` removes the one to hand out next. */
export interface ItemStore<T> {
  readonly length: number;
  push(item: T): void;
  shift(): T | undefined;
  peek(): T | undefined;
}

/** @internal What takeNow() and peekNow() return when there is no item. */
export const NOTHING: unique symbol = Symbol('nothing');
/** @internal What a wait returns (and how its waiters are woken) when the queue shuts down. */
export const SHUT_DOWN: unique symbol = Symbol('shut down');
/** Wakes a getter: one of the stored items is promised to it; it takes it when it runs. */
const RESERVED: unique symbol = Symbol('reserved');
/** Wakes a putter: its item has gone into the queue (or straight to a getter). */
const TAKEN: unique symbol = Symbol('taken');

/** @internal How a wait to put ended. */
export type PutOutcome = typeof TAKEN | typeof TIMED_OUT | typeof SHUT_DOWN;

/*
 * How items pass between greenlets so that none is lost or duplicated when a waiter is killed or
 * hit by a Timeout after its wake-up but before it runs:
 *
 * - Getters. A put stores the item as usual and, if a getter waits, wakes the first one with
 *   RESERVED: a stored item is now promised to it (`reserved` counts them; gets that did not
 *   wait can only take the other items, so nobody overtakes a waiting getter). The getter takes
 *   an item when it runs. If it is interrupted first, the WaitList hands RESERVED back to
 *   `passReservation`, which promises the item to the next getter or leaves it available: the
 *   item never left the queue, and the interrupted get raises.
 * - Putters. A putter that has to wait brings its item to the wait (the WaitList offer). When
 *   room appears (a get took an item; on a Channel, a getter came), the running getter moves
 *   the item into the queue (or takes it) and wakes the putter with TAKEN. From then on the
 *   put has happened: a kill or Timeout that reaches the putter before it runs is raised at its
 *   next wait instead (as for any running greenlet). So a put that raised never put its item,
 *   and a put that returned always did.
 */

/**
 * @internal The machinery under every queue: the items, the greenlets waiting to get, peek and
 * put (each list first come, first served), and the handing over of items between them.
 * {@link QueueBase} builds the public API on it.
 */
export abstract class QueueHandoff<T> {
  /** The items, in the order they go out. */
  protected abstract readonly store: ItemStore<T>;
  /** Items put and not yet marked done (the joinable Queue's `unfinishedTasks`). */
  protected unfinished = 0;
  private readonly getters = new WaitList();
  private readonly peekers = new WaitList();
  /** Greenlets waiting to put, each with its item as its offer. */
  private readonly putters = new WaitList();
  /** Stored items promised to getters that were woken and have not run yet. */
  private reserved = 0;
  private closed = false;
  private readonly passReservation = (value: unknown): void => {
    if (value !== RESERVED) return;
    this.reserved--;
    this.offerToWaiters();
  };

  /**
   * @param capacity - How many items it holds before a put waits: `Infinity` for no limit, 0
   *   for none at all (a Channel: a put waits for a getter).
   */
  protected constructor(private readonly capacity: number) {}

  /** How many items it holds before a put waits: `Infinity` when unbounded, 0 for a Channel. */
  get maxsize(): number {
    return this.capacity;
  }

  /** Whether it was shut down. */
  get isShutDown(): boolean {
    return this.closed;
  }

  /** How many greenlets wait in `get()` or `peek()`. */
  get waitingGetters(): number {
    return this.getters.length + this.peekers.length;
  }

  /** How many greenlets wait in `put()`. */
  get waitingPutters(): number {
    return this.putters.length;
  }

  /** How many items a get could take now. */
  qsize(): number {
    return this.store.length - this.reserved;
  }

  /** Whether no item is there to take now. */
  empty(): boolean {
    return this.qsize() === 0;
  }

  /** Whether a put would wait now: no room, and no getter waiting for the item. */
  full(): boolean {
    return this.qsize() >= this.capacity && this.getters.first() === null;
  }

  /** Put `item` in if that needs no wait (the caller checks for shutdown). */
  protected tryPut(item: T): boolean {
    if (this.full()) return false;
    this.accept(item);
    return true;
  }

  /** `item` enters the queue: store it, and promise it to a waiting getter if there is one. */
  protected accept(item: T): void {
    this.store.push(item);
    this.unfinished++;
    this.offerToWaiters();
  }

  /** Whether a greenlet waits in `get()` now. */
  protected hasWaitingGetter(): boolean {
    return this.getters.first() !== null;
  }

  /** Take the next available item: a stored one, else (on a Channel) a waiting putter's. */
  protected takeNow(): T | typeof NOTHING {
    if (this.store.length > this.reserved) {
      const item = this.store.shift() as T;
      this.admitPutter();
      return item;
    }
    const putter = this.putters.first();
    if (putter === null) return NOTHING;
    this.putters.wakeFirst(TAKEN);
    return putter.offer as T;
  }

  /** The item takeNow() would take, left in place. */
  protected peekNow(): T | typeof NOTHING {
    if (this.store.length > this.reserved) return this.store.peek() as T;
    const putter = this.putters.first();
    return putter === null ? NOTHING : (putter.offer as T);
  }

  /** Wait until `item` is taken in (see above). */
  protected *waitToPut(
    item: T,
    what: string,
    patience: number | undefined,
  ): Generator<Suspend, PutOutcome, unknown> {
    // Peekers wait only while nothing is there: this waiting putter's item (on a Channel) is
    // what a get would take next.
    if (this.peekers.length > 0) this.peekers.wakeAll(item);
    let taken = false;
    const noteTaken = (value: unknown): void => {
      taken = value === TAKEN;
    };
    try {
      return (yield* this.putters.wait(what, patience, noteTaken, item)) as PutOutcome;
    } catch (error) {
      if (!taken) throw error;
      interrupt(getCurrent() as Greenlet<unknown>, error); // the put happened: see above
      return TAKEN;
    }
  }

  /** Wait for an item and take it. */
  protected *waitToGet(
    what: string,
    patience: number | undefined,
  ): Generator<Suspend, T | typeof TIMED_OUT | typeof SHUT_DOWN, unknown> {
    const woken = yield* this.getters.wait(what, patience, this.passReservation);
    if (woken !== RESERVED) return woken as typeof TIMED_OUT | typeof SHUT_DOWN;
    this.reserved--;
    return this.store.shift() as T;
  }

  /** Wait for an item and return it, left in place. */
  protected *waitToPeek(
    what: string,
    patience: number | undefined,
  ): Generator<Suspend, T | typeof TIMED_OUT | typeof SHUT_DOWN, unknown> {
    return (yield* this.peekers.wait(what, patience)) as T | typeof TIMED_OUT | typeof SHUT_DOWN;
  }

  /** Refuse puts from now on, drop the available items if `immediate`, wake every waiter. */
  protected close(immediate: boolean): void {
    this.closed = true;
    if (immediate) for (let n = this.qsize(); n > 0; n--) this.store.shift();
    this.getters.wakeAll(SHUT_DOWN);
    this.peekers.wakeAll(SHUT_DOWN);
    this.putters.wakeAll(SHUT_DOWN);
  }

  /** An item became available: peekers see it, the first waiting getter is promised it. */
  private offerToWaiters(): void {
    if (this.peekers.length > 0) this.peekers.wakeAll(this.store.peek());
    if (this.getters.length > 0 && this.getters.wakeFirst(RESERVED)) this.reserved++;
  }

  /** A get made room: the first waiting putter's item comes in. */
  private admitPutter(): void {
    if (this.putters.length === 0 || this.qsize() >= this.capacity) return;
    const putter = this.putters.first();
    if (putter === null) return;
    this.putters.wakeFirst(TAKEN);
    this.accept(putter.offer as T);
  }
}
