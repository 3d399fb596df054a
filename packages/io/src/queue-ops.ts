import type { Suspend } from '@tendril/greenlet';
import { beginWait, done, type Greenlet, HubError, interrupt } from '@tendril/hub';
import { QueueEmpty } from './errors/queue-empty.js';
import { QueueFull } from './errors/queue-full.js';
import { QueueShutDown } from './errors/queue-shut-down.js';
import type { QueueBase } from './queue-base.js';
import { NOTHING, type QueueHandoff, RESERVED, SHUT_DOWN, TAKEN } from './queue-handoff.js';
import { TIMED_OUT, type WaitList, WaitListOp } from './wait-list.js';

/*
 * The blocking put, get and peek of every queue, as WaitListOps on the queue's lists (see
 * queue-handoff.ts for what the wake-ups carry). A get or peek without options is one op per
 * queue, shared by every call. A put carries its item, so it is one op per call, used once:
 * once it has put its item the queue keeps it to hand out again (see `QueueBase.put`), which
 * saves an allocation per put; `yield*` or `await` of a spent put op is a HubError.
 */

/** A get or a peek: read the next item now, or wait for one. */
abstract class ReadOp<T> extends WaitListOp<T> {
  /** @param patience - ms it may wait (`undefined`: for ever; 0: not at all). */
  constructor(
    protected readonly queue: QueueHandoff<T>,
    protected readonly patience: number | undefined,
  ) {
    super();
  }

  /** `'get'` or `'peek'`, for errors. */
  protected abstract readonly verb: 'get' | 'peek';

  /** What a waiting read shows in run-info. */
  protected abstract get waitName(): string;

  /** The item, taken (get) or left in place (peek), or NOTHING. */
  protected abstract readNow(): T | typeof NOTHING;

  protected begin(): IteratorResult<Suspend, T> {
    const q = this.queue;
    const item = this.readNow();
    if (item !== NOTHING) return done(item);
    if (q.isShutDown || this.patience === 0) throw noItem(q, this.verb, 0);
    return this.park(this.waitName, this.patience);
  }
}

/** @internal `get()`: take the next item, waiting for one. */
export class GetOp<T> extends ReadOp<T> {
  protected readonly verb = 'get';

  /**
   * @internal `WaitOp.next`, again: a method of its own has call feedback of its own, so V8
   * inlines this op's `begin` instead of calling whichever op's it is (`yield*` put + get
   * ~80 → ~70 ns).
   */
  override next(token?: unknown): IteratorResult<Suspend, T> {
    return token === undefined ? this.begin() : super.next(token);
  }

  protected get waiters(): WaitList {
    return this.queue._getters;
  }

  protected get waitName(): string {
    return this.queue._getWait;
  }

  protected readNow(): T | typeof NOTHING {
    return this.queue._takeNow();
  }

  protected result(sent: unknown): T {
    if (sent !== RESERVED) throw noItem(this.queue, 'get', this.patience);
    return this.queue._takeReserved();
  }

  protected override passOn(handed: unknown): void {
    this.queue._passReservation(handed);
  }
}

/** @internal `peek()`: the next item, left in the queue, waiting for one. */
export class PeekOp<T> extends ReadOp<T> {
  protected readonly verb = 'peek';

  protected get waiters(): WaitList {
    return this.queue._peekers;
  }

  protected get waitName(): string {
    return this.queue._peekWait;
  }

  protected readNow(): T | typeof NOTHING {
    return this.queue._peekNow();
  }

  protected result(sent: unknown): T {
    if (sent === TIMED_OUT || sent === SHUT_DOWN) throw noItem(this.queue, 'peek', this.patience);
    return sent as T;
  }
}

/** Raised by PutOp's `passOn` to its `throw`: the put happened, so it returns. */
const PUT_HAPPENED: unique symbol = Symbol('put happened');

/** @internal `put(item)`: put the item in, waiting for room. Used once (see above). */
export class PutOp<T> extends WaitListOp<void> {
  /** Whether it has put its item (then the queue may hand it out again with another). */
  _spent = false;

  /**
   * @param item - What it puts (set again when the queue hands the op out again).
   * @param patience - ms it may wait (`undefined`: for ever; 0: not at all).
   */
  constructor(
    private readonly queue: QueueBase<T>,
    public _item: T | undefined,
    private readonly patience: number | undefined,
  ) {
    super();
  }

  protected get waiters(): WaitList {
    return this.queue._putters;
  }

  /** @internal `WaitOp.next`, again, for the same reason as `GetOp.next`. */
  override next(token?: unknown): IteratorResult<Suspend, void> {
    return token === undefined ? this.begin() : super.next(token);
  }

  protected begin(): IteratorResult<Suspend, void> {
    const q = this.queue;
    if (this._spent) throw spentPut(q);
    const item = this._item as T;
    if (q.isShutDown) throw shutDownForPut(q);
    if (q.maxsize === 0 && !q.full()) {
      // A Channel with a getter waiting: hand the item over, then let the getter (woken first)
      // run before this put returns, as gevent's Channel does. beginWait comes first: an
      // interrupt already pending raises there, before anything has happened.
      const g = beginWait(q._putWait);
      q._accept(item);
      return this.passTurn(g, TAKEN);
    }
    if (q._tryPut(item)) return this.spend();
    if (this.patience === 0) throw noRoom(q, 0);
    // Peekers wait only while nothing is there: this waiting putter's item (on a Channel) is
    // what a get would take next.
    if (q._peekers.length > 0) q._peekers.wakeAll(item);
    return this.park(q._putWait, this.patience, item);
  }

  protected result(sent: unknown): void {
    if (sent === SHUT_DOWN) throw shutDownForPut(this.queue);
    if (sent === TIMED_OUT) throw noRoom(this.queue, this.patience);
    this.spend();
  }

  /** The item is in: the op is spent, and goes back to the queue. */
  private spend(): IteratorReturnResult<void> {
    this._spent = true;
    this._item = undefined;
    if (this.patience === undefined) this.queue._sparePut = this;
    return done(undefined);
  }

  /** Taken, then interrupted before it ran: the put has happened, the interrupt comes later. */
  protected override passOn(handed: unknown, g: Greenlet<unknown>, error: unknown): void {
    if (handed !== TAKEN || error === undefined) return;
    interrupt(g, error); // raised at its next wait, as for any running greenlet
    throw PUT_HAPPENED;
  }

  /**
   * @internal An interrupt raised through the wait: it propagates, unless the item was taken
   * (see `passOn`), and then the put returns.
   */
  override throw(error: unknown): never {
    try {
      return super.throw(error);
    } catch (raised) {
      if (raised !== PUT_HAPPENED) throw raised;
      return this.spend() as never;
    }
  }
}

/**
 * @internal The error of a get or peek that found no item.
 * @param patience - How long it waited (0: it did not).
 */
export function noItem(
  queue: QueueHandoff<unknown>,
  op: 'get' | 'peek',
  patience: number | undefined,
): Error {
  if (queue.isShutDown) {
    return new QueueShutDown(
      `${queue} is shut down and has no item left: stop consuming (forEach and for await ` +
        'end on this error)',
    );
  }
  return new QueueEmpty(
    patience === 0
      ? `${queue} is empty: ${op}() waits for an item (with an optional timeout)`
      : `no item came to ${queue} within ${patience} ms`,
  );
}

/**
 * @internal The error of a put that found no room.
 * @param patience - How long it waited (0: it did not).
 */
export function noRoom(queue: QueueHandoff<unknown>, patience: number | undefined): QueueFull {
  return new QueueFull(
    patience === 0
      ? `${queue} has no room: put() waits for it (with an optional timeout)`
      : `no room came in ${queue} within ${patience} ms`,
  );
}

/** The error of a put op used again after it put its item. */
function spentPut(queue: QueueHandoff<unknown>): HubError {
  return new HubError(
    `this ${queue._kind}.put() has already put its item: an op of put() is used once ` +
      '(yield* or await it once; call put(item) again to put another)',
  );
}

/** @internal The error of a put into a queue that is shut down. */
export function shutDownForPut(queue: QueueHandoff<unknown>): QueueShutDown {
  return new QueueShutDown(`${queue} is shut down: it takes no more items`);
}
