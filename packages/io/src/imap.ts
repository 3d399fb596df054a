import { GreenletExit, type Suspend } from '@tendril/greenlet';
import { Blocking, type Greenlet, RingQueue, spawn, until } from '@tendril/hub';
import type { GroupMapping } from './group-mapping.js';
import { WaitList } from './wait-list.js';

/** What `map`/`imap` run on each item: a generator function taking the item. */
export type ItemBody<I, R> = (item: I) => Generator<Suspend, R, unknown>;

/** The input of `map`/`imap`: an iterable, or an async iterable read as it goes. */
export type Items<I> = Iterable<I> | AsyncIterable<I>;

/** Options of `imap`/`imapUnordered`. */
export interface ImapOptions {
  /**
   * How many items may be running or finished-but-not-consumed at once: beyond that the
   * iterator spawns no more until the consumer takes a result. No bound by default.
   */
  maxsize?: number;
}

/**
 * The results of `imap` / `imapUnordered` of a `Group` or `Pool`. It starts
 * working when it is created: a producer greenlet spawns one member per item (waiting while a
 * pool is full, or while `maxsize` results wait), and each result is kept until it is consumed.
 *
 * Consume it in a greenlet with `yield* it.next()`, which returns an `IteratorResult`; a failed
 * item throws its error at its position, and you may go on after it. In plain code, `for await`
 * works, and stops at the first failed item (call `await it.next()` yourself to go past one).
 * An error thrown by the input itself comes after the results of the items before it.
 *
 * Leaving early: `close()` (or `using`, or leaving a `for await` loop) stops the producer and
 * kills the items still running; results not consumed are dropped.
 *
 * @example
 * ```ts
 * import { sleep, spawn } from '@tendril/hub';
 * import { Pool } from '@tendril/io';
 * const pool = new Pool(2);
 * function* slowSquare(n: number) { yield* sleep(10); return n * n; }
 * spawn(function* () {
 *   using it = pool.imap(slowSquare, [1, 2, 3]);
 *   for (let r = yield* it.next(); !r.done; r = yield* it.next()) console.log(r.value); // 1 4 9
 * });
 * for await (const sq of pool.imapUnordered(slowSquare, [3, 1])) console.log(sq); // 9 1 (or 1 9)
 * ```
 */
export class ImapIterator<R> implements AsyncIterable<R>, Disposable {
  /**
   * The items not yet handed out: ordered, in input order (the first is handed out once it has
   * finished); unordered, the finished ones in the order they finished.
   */
  private readonly results = new RingQueue<Greenlet<R>>();
  /** Unordered: the items spawned, to kill on close (finished ones are pruned now and then). */
  private launched: Greenlet<R>[] = [];
  private readonly consumers = new WaitList();
  private readonly producerWaits = new WaitList();
  private readonly maxsize: number;
  private readonly what: string;
  private readonly producer: Greenlet<void>;
  private spawned = 0;
  private consumed = 0;
  private inputDone = false;
  private inputError: { error: unknown } | null = null;
  /** With `failFast`: the first item to fail, handed out before anything else. */
  private failure: Greenlet<R> | null = null;
  private stopped: Greenlet<unknown>[] | null = null;
  /** What `next()` returns: one op, each `yield*` over it a new step. */
  private readonly nextOp = new Blocking(() => this.step());

  /** @internal Use `imap` or `imapUnordered` of a Group or Pool. */
  constructor(
    set: GroupMapping,
    fn: ItemBody<never, R>,
    items: Items<unknown>,
    private readonly mode: { ordered: boolean; failFast?: boolean },
    options: ImapOptions,
  ) {
    const { maxsize } = options;
    if (maxsize !== undefined && !(Number.isInteger(maxsize) && maxsize >= 1)) {
      throw new RangeError(`imap(): maxsize must be an integer >= 1, not ${String(maxsize)}`);
    }
    if (!isIterable(items) && !isAsyncIterable(items)) {
      throw new TypeError('imap(): items must be an iterable or an async iterable');
    }
    this.maxsize = maxsize ?? Number.POSITIVE_INFINITY;
    this.what = `${mode.ordered ? 'imap' : 'imapUnordered'}(${fn.name || 'fn'})`;
    this.producer = spawn(imapProducer<R>, this, set, fn, items);
  }

  /**
   * The next result, waiting for it.
   *
   * @returns `{ done: false, value }`, or `{ done: true }` once every item was handed out (or
   *   the iterator was closed): `yield* it.next()` / `await it.next()`.
   * @throws the error of the item at this position (or of the input); the GreenletExit that
   *   killed the item, when it was killed.
   */
  next(): Blocking<IteratorResult<R, undefined>> {
    return this.nextOp;
  }

  /**
   * Stop: the producer spawns no more, the items still running are killed, results not yet
   * consumed are dropped, and `next()` reports done. The kills happen at the call; the result
   * waits until those greenlets are dead.
   *
   * @returns `yield* it.close()` / `await it.close()` to wait.
   */
  close(): Blocking<void> {
    if (this.stopped === null) {
      const exit = new GreenletExit(`${this.what} was closed`);
      const running = this.running();
      this.stopped = [this.producer, ...running];
      this.producer.kill(exit, { block: false });
      for (const g of running) {
        g.unlink(this.onItemDone);
        g.kill(exit, { block: false });
      }
      while (this.results.shift() !== undefined);
      this.launched = [];
      this.inputError = null;
      this.failure = null;
      this.consumers.wakeAll();
    }
    const stopped = this.stopped;
    const what = `${this.what}.close()`;
    return new Blocking(() => untilDead(stopped, what));
  }

  /** `using it = pool.imap(...)` closes it at the end of the block (without waiting). */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `for await (const r of pool.imap(...))` from plain code; leaving the loop closes it. */
  async *[Symbol.asyncIterator](): AsyncGenerator<R, void, undefined> {
    try {
      for (let r = await this.next(); !r.done; r = await this.next()) yield r.value;
    } finally {
      await this.close();
    }
  }

  /** @internal */
  *_produce(
    set: GroupMapping,
    fn: ItemBody<never, R>,
    items: Items<unknown>,
  ): Generator<Suspend, void, unknown> {
    try {
      if (isIterable(items)) {
        for (const item of items) {
          if (!this.launchNow(set, fn, item)) yield* this.launch(set, fn, item);
        }
      } else {
        const it = items[Symbol.asyncIterator]();
        try {
          for (;;) {
            const r = yield* until(it.next());
            if (r.done) break;
            yield* this.launch(set, fn, r.value);
          }
        } finally {
          if (this.stopped !== null) Promise.resolve(it.return?.()).catch(() => {});
        }
      }
    } catch (error) {
      if (this.stopped === null) this.inputError = { error };
    } finally {
      this.inputDone = true;
      this.notify();
    }
  }

  private *launch(
    set: GroupMapping,
    fn: ItemBody<never, R>,
    item: unknown,
  ): Generator<Suspend, void, unknown> {
    while (this.spawned - this.consumed >= this.maxsize) {
      yield* this.producerWaits.wait(`${this.what} (waiting for the consumer)`);
    }
    this.track(yield* set._spawnIn(fn as ItemBody<unknown, R>, [item]));
  }

  /** Launch the item's greenlet if nothing has to wait (no generator): whether it did. */
  private launchNow(set: GroupMapping, fn: ItemBody<never, R>, item: unknown): boolean {
    if (this.spawned - this.consumed >= this.maxsize) return false;
    const g = set._spawnNow(fn as ItemBody<unknown, R>, [item]);
    if (g === null) return false;
    this.track(g);
    return true;
  }

  private track(g: Greenlet<R>): void {
    this.spawned++;
    if (this.mode.ordered) {
      this.results.push(g);
    } else {
      if (this.launched.length >= 2 * (this.spawned - this.consumed) + 16) {
        this.launched = this.launched.filter((x) => !x.ready());
      }
      this.launched.push(g);
    }
    g.link(this.onItemDone);
  }

  /** The items still running. */
  private running(): Greenlet<R>[] {
    const items = this.mode.ordered ? [...this.results] : this.launched;
    return items.filter((g) => !g.ready());
  }

  private readonly onItemDone = (g: Greenlet<R>): void => {
    if (this.stopped !== null) return;
    if (!this.mode.ordered) this.results.push(g);
    if (this.mode.failFast && this.failure === null && failed(g)) this.failure = g;
    this.notify();
  };

  /** Whether `next()` can return without waiting. */
  private ready(): boolean {
    return (
      this.stopped !== null ||
      this.failure !== null ||
      this.hasResult() ||
      (this.inputDone && this.consumed === this.spawned)
    );
  }

  /** Wake a consumer when there is something for it (a lost wake-up is passed on here too). */
  private readonly notify = (): void => {
    if (this.ready()) this.consumers.wakeFirst();
  };

  private *step(): Generator<Suspend, IteratorResult<R, undefined>, unknown> {
    while (!this.ready()) yield* this.consumers.wait(`${this.what}.next()`, undefined, this.notify);
    try {
      return this.take();
    } finally {
      this.notify(); // the next consumer, if there is more
    }
  }

  /** Whether the next result is there: the first item in input order, or any, has finished. */
  private hasResult(): boolean {
    const first = this.results.peek();
    return first !== undefined && (!this.mode.ordered || first.ready());
  }

  private take(): IteratorResult<R, undefined> {
    if (this.failure !== null) outcome(this.failure); // throws
    if (!this.hasResult()) {
      const failure = this.inputError;
      this.inputError = null;
      if (failure !== null) throw failure.error;
      return { done: true, value: undefined };
    }
    const g = this.results.shift() as Greenlet<R>;
    this.consumed++;
    this.producerWaits.wakeFirst();
    return { done: false, value: outcome(g) };
  }
}

/**
 * @internal The value of a finished greenlet, or its error thrown; a greenlet killed with a
 * GreenletExit has no value of its type, so the GreenletExit is thrown.
 */
export function outcome<T>(g: Greenlet<T>): T {
  if (!g.successful()) throw g.exception;
  if (GreenletExit.isInstance(g.value)) throw g.value;
  return g.value as T;
}

/** Whether `g` finished without a value: it failed, or was killed. */
function failed(g: Greenlet<unknown>): boolean {
  return !g.successful() || GreenletExit.isInstance(g.value);
}

/** Wait until `greenlets` are dead, leaving their errors to the hub (not watching them). */
function* untilDead(
  greenlets: Greenlet<unknown>[],
  what: string,
): Generator<Suspend, void, unknown> {
  const left = greenlets.filter((g) => !g.ready());
  if (left.length === 0) return;
  const waiters = new WaitList();
  let alive = left.length;
  const onDead = (): void => {
    if (--alive === 0) waiters.wakeAll();
  };
  for (const g of left) g.link(onDead, { watching: false });
  try {
    yield* waiters.wait(what);
  } finally {
    for (const g of left) g.unlink(onDead);
  }
}

/** @internal Whether `items` is a synchronous iterable. */
export function isIterable(items: unknown): items is Iterable<unknown> {
  return typeof (items as Iterable<unknown> | null)?.[Symbol.iterator] === 'function';
}

function isAsyncIterable(items: unknown): items is AsyncIterable<unknown> {
  return typeof (items as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** The greenlet that reads the items and spawns their members (defined once: see `Blocking`). */
function* imapProducer<R>(
  it: ImapIterator<R>,
  set: GroupMapping,
  fn: ItemBody<never, R>,
  items: Items<unknown>,
): Generator<Suspend, void, unknown> {
  yield* it._produce(set, fn, items);
}
