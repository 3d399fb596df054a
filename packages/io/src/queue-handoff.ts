import { WaitList } from './wait-list.js';

/** @internal Where a queue keeps its items; `shift` removes the one to hand out next. */
export interface ItemStore<T> {
  readonly length: number;
  push(item: T): void;
  shift(): T | undefined;
  peek(): T | undefined;
}

/** @internal What `_takeNow()` and `_peekNow()` return when there is no item. */
export const NOTHING: unique symbol = Symbol('nothing');
/** @internal What a wait returns (and how its waiters are woken) when the queue shuts down. */
export const SHUT_DOWN: unique symbol = Symbol('shut down');
/** @internal Wakes a getter: a stored item is promised to it; it takes it when it runs. */
export const RESERVED: unique symbol = Symbol('reserved');
/** @internal Wakes a putter: its item has gone into the queue (or straight to a getter). */
export const TAKEN: unique symbol = Symbol('taken');

/*
 * How items pass between greenlets so that none is lost or duplicated when a waiter is killed or
 * hit by a Timeout after its wake-up but before it runs:
 *
 * - Getters. A put stores the item as usual and, if a getter waits, wakes the first one with
 *   RESERVED: a stored item is now promised to it (`reserved` counts them; gets that did not
 *   wait can only take the other items, so nobody overtakes a waiting getter). The getter takes
 *   an item when it runs. If it is interrupted first, its op hands RESERVED back to
 *   `_passReservation`, which promises the item to the next getter or leaves it available: the
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
 * put (each list first come, first served), and the handing over of items between them. The
 * ops of queue-ops.ts wait on its lists; {@link QueueBase} builds the public API on both.
 */
export abstract class QueueHandoff<T> {
  /** The items, in the order they go out. */
  protected abstract readonly store: ItemStore<T>;
  /** Items put and not yet marked done (the joinable Queue's `unfinishedTasks`). */
  protected unfinished = 0;
  /** @internal The class's name, for messages and run-info. */
  readonly _kind: string = this.constructor.name;
  /** @internal What a waiting put shows in run-info (made once: a wait allocates no string). */
  readonly _putWait = `${this._kind}.put()`;
  /** @internal What a waiting get shows in run-info. */
  readonly _getWait = `${this._kind}.get()`;
  /** @internal What a waiting peek shows in run-info. */
  readonly _peekWait = `${this._kind}.peek()`;
  /** @internal Greenlets waiting to get. */
  readonly _getters = new WaitList();
  /** @internal Greenlets waiting to peek. */
  readonly _peekers = new WaitList();
  /** @internal Greenlets waiting to put, each with its item as its offer. */
  readonly _putters = new WaitList();
  /** Stored items promised to getters that were woken and have not run yet. */
  private reserved = 0;
  private closed = false;

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
    return this._getters.length + this._peekers.length;
  }

  /** How many greenlets wait in `put()`. */
  get waitingPutters(): number {
    return this._putters.length;
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
    return this.qsize() >= this.capacity && this._getters.first() === null;
  }

  /** @internal Put `item` in if that needs no wait (the caller checks for shutdown). */
  _tryPut(item: T): boolean {
    if (this.full()) return false;
    this._accept(item);
    return true;
  }

  /** @internal `item` enters the queue: store it, and promise it to a waiting getter if any. */
  _accept(item: T): void {
    this.store.push(item);
    this.unfinished++;
    this.offerToWaiters();
  }

  /** @internal Take the next available item: a stored one, else (on a Channel) a putter's. */
  _takeNow(): T | typeof NOTHING {
    if (this.store.length > this.reserved) {
      const item = this.store.shift() as T;
      this.admitPutter();
      return item;
    }
    const putter = this._putters.first();
    if (putter === null) return NOTHING;
    this._putters.wakeFirst(TAKEN);
    return putter.offer as T;
  }

  /** @internal The item `_takeNow()` would take, left in place. */
  _peekNow(): T | typeof NOTHING {
    if (this.store.length > this.reserved) return this.store.peek() as T;
    const putter = this._putters.first();
    return putter === null ? NOTHING : (putter.offer as T);
  }

  /** @internal A getter woken with RESERVED runs: it takes the item promised to it. */
  _takeReserved(): T {
    this.reserved--;
    return this.store.shift() as T;
  }

  /** @internal A getter woken with `value` was interrupted first: RESERVED goes to the next. */
  _passReservation(value: unknown): void {
    if (value !== RESERVED) return;
    this.reserved--;
    this.offerToWaiters();
  }

  /** Refuse puts from now on, drop the available items if `immediate`, wake every waiter. */
  protected close(immediate: boolean): void {
    this.closed = true;
    if (immediate) for (let n = this.qsize(); n > 0; n--) this.store.shift();
    this._getters.wakeAll(SHUT_DOWN);
    this._peekers.wakeAll(SHUT_DOWN);
    this._putters.wakeAll(SHUT_DOWN);
  }

  /** An item became available: peekers see it, the first waiting getter is promised it. */
  private offerToWaiters(): void {
    if (this._peekers.length > 0) this._peekers.wakeAll(this.store.peek());
    if (this._getters.length > 0 && this._getters.wakeFirst(RESERVED)) this.reserved++;
  }

  /** A get made room: the first waiting putter's item comes in. */
  private admitPutter(): void {
    if (this._putters.length === 0 || this.qsize() >= this.capacity) return;
    const putter = this._putters.first();
    if (putter === null) return;
    this._putters.wakeFirst(TAKEN);
    this._accept(putter.offer as T);
  }
}
