import type { Suspend } from '@tendril/greenlet';
import { Blocking } from './blocking.js';
import { HubError } from './errors/hub-error.js';
import { Greenlet } from './greenlet.js';
import { getHub } from './hub.js';
import { isLinkable, type Linkable } from './linkable.js';
import type { Timer } from './timer-heap.js';
import { beginWait, wake } from './wait.js';
import { done, suspend, WaitOp } from './wait-op.js';

/** Options of {@link wait} and {@link iwait}. */
export interface WaitOptions {
  /** Stop waiting after this many ms (from the first step); 0 or less: take what is ready now. */
  timeout?: number;
  /** Stop after this many objects are ready; all of them by default. */
  count?: number;
}

/**
 * The objects of {@link iwait}, handed out in the order they become ready. Inside a greenlet,
 * step with `yield* it.next()`, which is `undefined` once done (a `for...of` cannot suspend a
 * greenlet, so the loop is `for (let g = yield* it.next(); g !== undefined; g = yield* it.next())`);
 * in plain code, `for await` over it.
 * Until it is done it keeps a link on every object not yet ready: leave it early with `using`
 * (or call `close()`), which removes them.
 *
 * @example
 * ```ts
 * import { iwait, sleep, spawn } from '@tendril/hub';
 * const a = spawn(function* () { yield* sleep(20); return 'a'; });
 * const b = spawn(function* () { yield* sleep(10); return 'b'; });
 * spawn(function* () {
 *   using it = iwait([a, b]);
 *   for (let g = yield* it.next(); g !== undefined; g = yield* it.next()) {
 *     console.log(g.value); // b, then a
 *   }
 * });
 * for await (const g of iwait([a, b])) console.log(g.value); // b, a (plain code)
 * ```
 */
export class WaitIterator<T extends Linkable> implements AsyncIterable<T>, Disposable {
  /**
   * The objects in the order they became ready, at most one slot each: those before
   * `handedOut` were handed out, the rest wait to be. `next()` lets go of what it hands out;
   * `wait()` keeps them, and the list is its result, so an object that arrives is stored once.
   */
  private readonly arrivals: (T | undefined)[];
  private arrivedCount = 0;
  private handedOut = 0;
  /** Whether handed-out objects stay in `arrivals` (set by `_collect`: they are its result). */
  private keepsHandedOut = false;
  private listening = false;
  /** How many objects still hold its link (each drops it as it notifies). */
  private linked = 0;
  private remaining: number;
  private begun = false;
  private expired = false;
  private timer: Timer | null = null;
  private waiter: Greenlet<any> | null = null;
  private waitId = 0;
  private readonly nextOp = new NextOp(this);

  /** @internal Use {@link iwait}; `objects` are checked and distinct. */
  constructor(
    private readonly objects: readonly T[],
    private readonly options: WaitOptions,
    private readonly what: string,
  ) {
    this.remaining = Math.min(options.count ?? objects.length, objects.length);
    this.arrivals = new Array(objects.length);
  }

  /**
   * The next object to become ready, waiting for it; `undefined` once `count` objects were
   * handed out, the timeout expired, or the iterator was closed.
   *
   * @returns `yield* it.next()` inside a greenlet, `await it.next()` in plain code.
   * @throws HubError when another greenlet is already waiting in `next()` of this iterator.
   */
  next(): Blocking<T | undefined> {
    return this.nextOp;
  }

  /** Stop: remove the links and the timer; `next()` returns `undefined` from now on. */
  close(): void {
    this.remaining = 0;
    this.arrivals.length = this.handedOut; // lets go of the objects not handed out
    this.arrivedCount = this.handedOut;
    this.stopListening();
    if (this.waiter !== null) wake(this.waiter, this.waitId, undefined);
  }

  /** `using it = iwait(...)` closes it at the end of the block. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `for await (const obj of iwait(objects))` from plain code; leaving the loop closes it. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    try {
      for (let obj = await this.next(); obj !== undefined; obj = await this.next()) yield obj;
    } finally {
      this.close();
    }
  }

  /**
   * @internal The objects in the order they become ready, until done (what `wait()` returns):
   * those ready now are taken directly, and it waits only when none is.
   * @param check - Called with each object as it is taken; an error it throws ends the wait.
   */
  *_collect(check?: (obj: T) => void): Generator<Suspend, T[], unknown> {
    this.keepsHandedOut = true;
    for (;;) {
      let obj = this._take();
      if (obj === NOT_YET) obj = yield* this.nextOp;
      if (obj === undefined) break;
      check?.(obj);
    }
    const done = this.arrivals as T[];
    done.length = this.handedOut; // fewer than all, when the timeout came first
    return done;
  }

  /** @internal What `next()` has now: the next ready object, `undefined` when done, or NOT_YET. */
  _take(): T | undefined | typeof NOT_YET {
    this.begin();
    if (this.remaining === 0) return undefined;
    if (this.handedOut < this.arrivedCount) {
      const obj = this.arrivals[this.handedOut] as T;
      if (!this.keepsHandedOut) this.arrivals[this.handedOut] = undefined;
      this.handedOut++;
      if (--this.remaining === 0) this.close();
      return obj;
    }
    if (this.expired) {
      this.close();
      return undefined;
    }
    return NOT_YET;
  }

  /** @internal Park the current greenlet until an object is ready, the timeout or `close()`. */
  _park(): IteratorResult<Suspend, T | undefined> {
    if (this.waiter !== null) {
      throw new HubError(
        `${this.waiter} is already waiting in next() of this ${this.what}: one greenlet at a ` +
          'time may step an iwait() iterator (give each greenlet its own iwait)',
      );
    }
    const g = beginWait(this.what);
    this.waiter = g;
    this.waitId = g._waitId;
    return suspend();
  }

  /** @internal The parked greenlet was woken or interrupted. */
  _unpark(): void {
    this.waiter = null;
  }

  private begin(): void {
    if (this.begun) return;
    this.begun = true;
    if (this.remaining === 0) return;
    for (const obj of this.objects) {
      if (obj.ready()) this.arrivals[this.arrivedCount++] = obj;
      else this.link(obj);
    }
    this.listening = true;
    if (this.arrivedCount >= this.remaining) {
      this.stopListening(); // a count that the objects ready now meet: nothing to be told
      return;
    }
    const { timeout } = this.options;
    if (timeout === undefined) return;
    if (timeout <= 0) this.expired = true;
    else this.timer = getHub().timers.add(timeout, this.onTimeout);
  }

  /** Be told when `obj` is ready. */
  private link(obj: T): void {
    if (obj instanceof Greenlet) obj._addLink(this);
    else obj.link(this.onReady);
    this.linked++;
  }

  /** A linkable other than a greenlet is ready. */
  private readonly onReady = (source: Linkable): void => {
    if (!this.listening) return;
    source.unlink(this.onReady); // each object notifies once
    this.linked--;
    this.arrived(source as T);
  };

  /** @internal A greenlet it waits for has ended (it links greenlets as an `EndWatcher`). */
  _ended(greenlet: Greenlet<any>): void {
    if (!this.listening) return;
    this.linked--; // a greenlet drops the link it fires
    this.arrived(greenlet as unknown as T);
  }

  private arrived(obj: T): void {
    this.arrivals[this.arrivedCount++] = obj;
    if (this.waiter !== null) wake(this.waiter, this.waitId, undefined);
  }

  private readonly onTimeout = (): void => {
    this.timer = null;
    this.expired = true;
    this.stopListening();
    if (this.waiter !== null) wake(this.waiter, this.waitId, undefined);
  };

  private stopListening(): void {
    // Once every object has notified (a joinAll that saw them all end), no link is left.
    if (this.listening && this.linked > 0) {
      // The objects ready at the start were not linked: removing a link they lack is harmless.
      for (const obj of this.objects) {
        if (obj instanceof Greenlet) obj._removeLink(this);
        else obj.unlink(this.onReady);
      }
      this.linked = 0;
    }
    this.listening = false;
    this.timer?.cancel();
    this.timer = null;
  }
}

/**
 * Hand out `objects` as they become ready (gevent's `iwait`): greenlets as they finish, or any
 * {@link Linkable}. Objects already ready come first, in the order given; a duplicate counts
 * once. Nothing is linked until the first `next()`.
 *
 * @param objects - Greenlets or other linkables.
 * @param options - `timeout` (ms, counted from the first `next()`), `count`.
 * @returns A {@link WaitIterator}: `yield* it.next()` in a greenlet, `for await` in plain code.
 * @throws TypeError when an object is not linkable, or an option is not a number.
 * @example
 * ```ts
 * import { iwait, spawn } from '@tendril/hub';
 * const jobs = [1, 2, 3].map((n) => spawn(function* () { return n * n; }));
 * for await (const g of iwait(jobs)) console.log(g.value); // 1, 4, 9
 * ```
 */
export function iwait<T extends Linkable>(
  objects: Iterable<T>,
  options: WaitOptions = {},
): WaitIterator<T> {
  const list = checkWait(objects, options, 'iwait');
  return new WaitIterator(list, options, `iwait([${list.length} objects]).next()`);
}

/** What {@link WaitIterator._take} returns when nothing is ready yet. */
const NOT_YET: unique symbol = Symbol('not yet');

/** `next()` of a {@link WaitIterator}: one op per iterator, shared by every call. */
class NextOp<T extends Linkable> extends WaitOp<T | undefined> {
  constructor(private readonly it: WaitIterator<T>) {
    super();
  }

  protected begin(): IteratorResult<Suspend, T | undefined> {
    const obj = this.it._take();
    return obj === NOT_YET ? this.it._park() : done(obj);
  }

  protected resume(): T | undefined {
    this.it._unpark();
    // Every wake-up comes with something to take: an object, the timeout, or close().
    const obj = this.it._take();
    return obj === NOT_YET ? undefined : obj;
  }

  protected abandon(): void {
    this.it._unpark();
  }
}

/**
 * Wait until `objects` are ready (gevent's `wait`): all of them, or `count`, or until `timeout`
 * ms pass. Unlike gevent, the objects are required: Tendril cannot tell when Node's event loop
 * has nothing left to do.
 *
 * @param objects - Greenlets or other linkables.
 * @param options - `timeout` (ms), `count`.
 * @returns The ready objects in the order they became ready: `yield* wait(...)`/`await wait(...)`.
 * @throws TypeError when an object is not linkable, or an option is not a number.
 * @throws HubError when `objects` is missing.
 * @example
 * ```ts
 * import { sleep, spawn, wait } from '@tendril/hub';
 * const fast = spawn(function* () { yield* sleep(10); });
 * const slow = spawn(function* () { yield* sleep(1000); });
 * const [first] = await wait([fast, slow], { count: 1 }); // fast
 * ```
 */
export function wait<T extends Linkable>(
  objects: Iterable<T>,
  options: WaitOptions = {},
): Blocking<T[]> {
  const list = checkWait(objects, options, 'wait');
  const what = `wait([${list.length} objects])`;
  return new Blocking(() => collect(list, options, what));
}

/**
 * @internal Wait for the objects of a checked list: the objects in the order they became ready.
 * @param check - Called with each object as it is taken; an error it throws ends the wait.
 */
export function* collect<T extends Linkable>(
  list: readonly T[],
  options: WaitOptions,
  what: string,
  check?: (obj: T) => void,
): Generator<Suspend, T[], unknown> {
  using it = new WaitIterator(list, options, what);
  return yield* it._collect(check);
}

/**
 * @internal Check the arguments of wait, iwait and joinAll.
 * @returns The distinct objects, in order.
 */
export function checkWait<T>(objects: Iterable<T>, options: WaitOptions, caller: string): T[] {
  if (objects == null || typeof (objects as Iterable<T>)[Symbol.iterator] !== 'function') {
    throw new HubError(
      `${caller}() needs the objects to wait for (an array of greenlets or other linkables); ` +
        'waiting until the hub has nothing left to do is not supported: keep the greenlets you ' +
        'spawn and pass them',
    );
  }
  const list = distinctLinkables(objects, caller);
  const { timeout, count } = options;
  if (timeout !== undefined && (typeof timeout !== 'number' || Number.isNaN(timeout))) {
    throw new TypeError(`${caller}(): timeout must be a number of ms, not ${String(timeout)}`);
  }
  if (count !== undefined && !(Number.isInteger(count) && count >= 0)) {
    throw new TypeError(`${caller}(): count must be an integer >= 0, not ${String(count)}`);
  }
  return list;
}

/** The mark of the last {@link distinctLinkables} call, set on the greenlets it has seen. */
let lastMark = 0;

/**
 * The distinct objects of `objects`, in order, checked to be linkable. Greenlets (nearly always
 * what is waited on) are told apart by a mark set on them, which is much cheaper than a Set. The
 * list is a copy made whole (`slice`), and built item by item only from a first duplicate on.
 */
function distinctLinkables<T>(objects: Iterable<T>, caller: string): T[] {
  const all = Array.isArray(objects) ? (objects as T[]) : [...objects];
  const mark = ++lastMark;
  let others: Set<T> | null = null;
  let list: T[] | null = null; // made at the first duplicate
  for (let i = 0; i < all.length; i++) {
    const obj = all[i] as T;
    let seen: boolean;
    if (obj instanceof Greenlet) {
      seen = obj._mark === mark;
      obj._mark = mark;
    } else if (!isLinkable(obj)) {
      throw new TypeError(
        `${caller}(): item ${i} (${String(obj)}) is not a greenlet or other Linkable ` +
          '(an object with ready(), link() and unlink())',
      );
    } else {
      if (others === null) others = new Set();
      seen = others.has(obj);
      others.add(obj);
    }
    if (seen) list ??= all.slice(0, i);
    else list?.push(obj);
  }
  return list ?? (all === objects ? all.slice() : all);
}
