import {
  GeneratorFunction,
  GreenletExit,
  generatorNext,
  generatorThrow,
  getCurrent,
  isNativeGenerator,
  type Suspend,
} from '@tendril/greenlet';
import { type Greenlet, sleep } from '@tendril/hub';
import type { GroupMapping } from './group-mapping.js';
import type { ItemBody } from './imap.js';
import { _resetLocals } from './local.js';
import { WaitList } from './wait-list.js';

/** "No item": what `take()` returns once there is none to run. */
const NONE = -1;

/**
 * A worker whose items have not waited for this long (ms) lets the hub run the other greenlets
 * (and Node poll I/O), as it would between greenlets: a long map of items that never wait does
 * not hold the hub, nor set off its blocking reports.
 */
const TURN_MS = 1;
/** How many items in a row that did not wait between two looks at the clock (which is dear). */
const ITEMS_PER_CLOCK_READ = 16;

const NO_WAIT = { block: false } as const;

const ARRAY_VALUES = Array.prototype[Symbol.iterator];

/**
 * @internal `map()` of a Group or Pool over a synchronous iterable: the items run one after
 * another in worker greenlets, members of the set, each taking the next item from a shared
 * cursor and storing its result at its index (Python's `ThreadPoolExecutor.map`, effect's
 * `forEach` with `concurrency`). No greenlet per item.
 *
 * How many workers: a new one is started when a worker takes an item and no other worker is
 * on its way to take one (none is waiting to start, none is only letting the hub run others),
 * within the free slots of a pool. So items that do not wait share one or two workers, and a
 * worker is added for each item that waits — up to the pool's size, or with no bound in a
 * Group, where every item may be waiting at once as with a greenlet per item (so items that
 * wait for each other cannot deadlock a Group's map, as they would under a fixed cap).
 *
 * The input is read as workers take items (an array by index). The first failure (an item's
 * error, or the GreenletExit of an item that was killed) stops the map: no item starts after
 * it, the other workers are killed, and the caller raises it once they are dead. An error of
 * the input itself ends the input: the items before it finish, then it is raised (unless one of
 * them fails). Between two items a worker drops its greenlet-locals and its ContextVar values.
 */
export class WorkerMap<R> {
  /**
   * A slot for each item taken. Over an array it is made at the array's length (grown by push,
   * a list of 100k would be copied into a new buffer five times over, each a fresh large
   * object that only a full GC frees); otherwise it grows as items are read.
   */
  private readonly results: R[];
  private readonly workers: Greenlet<void, [WorkerMap<unknown>]>[] = [];
  /** What every worker is started with. */
  private readonly args: [WorkerMap<unknown>];
  /** Where the caller waits until the workers are dead. */
  private readonly done = new WaitList();
  private readonly what: string;
  /** An array input, read by index; `null` for other iterables. */
  private readonly array: readonly unknown[] | null;
  /** The input's iterator until it is exhausted, failed, or closed. */
  private iterator: Iterator<unknown> | null;
  /** How many items were taken: the index of the next. */
  private taken = 0;
  /** The item `take()` just took, for its worker to run. */
  private item: unknown = undefined;
  /** The index of the item the caller took for the first worker, or NONE. */
  private held = NONE;
  /** Workers not yet dead (and gone from the set). */
  private live = 0;
  /** Workers that will take an item without waiting for anything: not yet started, or yielding. */
  private spares = 0;
  /** No item may start: an item failed, or the caller was interrupted. */
  private stopping = false;
  private failure: { error: unknown } | null = null;
  /** Whether `fn` is a generator function, whose results need no check. */
  private readonly trusted: boolean;
  private inputError: { error: unknown } | null = null;

  constructor(
    private readonly set: GroupMapping,
    private readonly fn: ItemBody<unknown, R>,
    items: Iterable<unknown>,
  ) {
    this.args = [this as WorkerMap<unknown>];
    this.what = `map(${fn.name || 'fn'})`;
    this.trusted = fn.constructor === GeneratorFunction;
    if (Array.isArray(items) && items[Symbol.iterator] === ARRAY_VALUES) {
      this.array = items;
      this.iterator = null;
      this.results = new Array(items.length);
    } else {
      this.array = null;
      this.iterator = items[Symbol.iterator]();
      this.results = [];
    }
  }

  /**
   * Run the map in the current greenlet (the caller): start the first worker and wait until
   * every worker is dead. A member of a full set runs the items itself instead.
   *
   * @returns The results in input order.
   * @throws the first failure, or the input's error.
   */
  *run(): Generator<Suspend, R[], unknown> {
    this.held = this.take(); // an empty input (or one that fails at once) needs no slot
    if (this.held === NONE) return this.outcome();
    try {
      if (!this.addWorker()) {
        // Full: a member waiting for a slot of its own set could wait forever (as apply()).
        if (this.set.has(getCurrent() as Greenlet)) return yield* this.inline();
        this.track(yield* this.set._spawnIn(mapWorker, this.args));
      }
      while (this.live > 0) yield* this.done.wait(this.what);
    } finally {
      if (this.live > 0) {
        // Interrupted (a kill, a Timeout): the workers die with the map.
        this.stop(new GreenletExit(`${this.what} was interrupted`));
        while (this.live > 0) yield* this.done.wait(this.what);
      }
      this.closeInput();
    }
    return this.outcome();
  }

  /** @internal A worker's body: run items until there is none left, or the map stops. */
  *work(): Generator<Suspend, void, unknown> {
    const worker = getCurrent() as Greenlet<void>;
    this.spares--;
    let locals = _resetLocals(NONE);
    let streak = 0; // items in a row that did not wait, since the last look at the clock
    let since = -1; // a time soon after the worker last came back from the hub (-1: not read yet)
    try {
      for (let i = this.first(); i !== NONE; i = this.take()) {
        if (this.spares === 0) this.addWorker();
        const waits = worker.waitId;
        // The first step is called directly, and most items end there (see Continuation).
        const gen = this.itemGenerator();
        const step = generatorNext.call(gen);
        this.results[i] = (step.done ? step.value : yield* new Continuation(gen, step)) as R;
        // The next item starts as a new greenlet would: no locals, an empty ContextVar context.
        locals = _resetLocals(locals);
        if (worker._extras !== null) worker._extras.context = null;
        if (worker.waitId !== waits) {
          streak = 0;
          since = -1;
        } else if (++streak === ITEMS_PER_CLOCK_READ) {
          streak = 0;
          const now = performance.now();
          if (since < 0) {
            since = now;
          } else if (now - since >= TURN_MS) {
            this.spares++;
            yield* sleep();
            this.spares--;
            since = -1;
          }
        }
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /** A member of a full set runs the items itself, one after another (its locals are its own). */
  private *inline(): Generator<Suspend, R[], unknown> {
    for (let i = this.first(); i !== NONE; i = this.take()) {
      const gen = this.itemGenerator();
      const step = generatorNext.call(gen);
      this.results[i] = (step.done ? step.value : yield* new Continuation(gen, step)) as R;
    }
    return this.outcome();
  }

  /**
   * The generator of the item just taken.
   * @throws TypeError when `fn` returned no native generator (a plain or an async function).
   */
  private itemGenerator(): Generator<Suspend, unknown, unknown> {
    const gen = this.fn(this.item);
    if (!this.trusted && !isNativeGenerator(gen)) {
      throw new TypeError(
        `${this.what}: fn must be a generator function (\`function* (item) {...}\`), so that ` +
          `each item can wait with yield*; it returned ${describe(gen)}`,
      );
    }
    return gen;
  }

  /** The item to run first: the one the caller took, else the next. */
  private first(): number {
    const i = this.held;
    if (i === NONE) return this.take();
    this.held = NONE;
    return i;
  }

  /**
   * Take the next item into `item`.
   *
   * @returns Its index, or NONE: no more items, the input failed, or the map stops.
   */
  private take(): number {
    if (this.stopping) return NONE;
    const i = this.taken;
    const array = this.array;
    if (array !== null) {
      if (i >= array.length) return NONE;
      this.item = array[i];
    } else {
      const iterator = this.iterator;
      if (iterator === null) return NONE;
      let next: IteratorResult<unknown>;
      try {
        next = iterator.next();
      } catch (error) {
        this.iterator = null;
        this.inputError = { error };
        return NONE;
      }
      if (next.done) {
        this.iterator = null;
        return NONE;
      }
      this.item = next.value;
    }
    this.taken = i + 1;
    if (i >= this.results.length) this.results.push(undefined as R);
    return i;
  }

  /** Start a worker if a slot is free now and an item may be left for it: whether it did. */
  private addWorker(): boolean {
    const array = this.array;
    if (array !== null && this.taken >= array.length && this.held === NONE) return false;
    const worker = this.set._spawnNow(mapWorker, this.args);
    if (worker === null) return false;
    this.track(worker);
    return true;
  }

  private track(worker: Greenlet<void, [WorkerMap<unknown>]>): void {
    this.live++;
    this.spares++;
    this.workers.push(worker);
    worker.link(this.onWorkerDone); // watching: the map raises what a worker died of
  }

  /** A worker is dead (and, linked after the set, gone from it). */
  private readonly onWorkerDone = (worker: Greenlet<void>): void => {
    // A worker killed before it ran holds no item's outcome: its kill is the failure.
    if (!worker.successful()) this.fail(worker.exception);
    else if (GreenletExit.isInstance(worker.value)) this.fail(worker.value);
    if (--this.live === 0) this.done.wakeAll();
  };

  /** The first failure stops the map; later ones (the kills that follow it) are its echo. */
  private fail(error: unknown): void {
    if (this.stopping) return;
    this.failure = { error };
    this.stop(new GreenletExit(`${this.what} stopped: an item failed`));
  }

  /** No item starts from now on; kill every other worker. */
  private stop(exit: GreenletExit): void {
    this.stopping = true;
    const current = getCurrent();
    for (const worker of this.workers) {
      if (worker !== current && !worker.ready()) worker.kill(exit, NO_WAIT);
    }
  }

  /** Close an input left unfinished (a generator's `finally` runs), as `for...of` would. */
  private closeInput(): void {
    const iterator = this.iterator;
    if (iterator === null) return;
    this.iterator = null;
    try {
      iterator.return?.();
    } catch {
      // The map's own outcome (a failure, an interrupt) is what the caller gets.
    }
  }

  private outcome(): R[] {
    if (this.failure !== null) throw this.failure.error;
    if (this.inputError !== null) throw this.inputError.error;
    this.results.length = this.taken; // an array that shrank while it was read
    return this.results;
  }
}

/**
 * The rest of an item whose first step did not end it (it waits): a worker `yield*`s it, which
 * hands the trampoline that first step's result (its suspension), then passes every later
 * step on to the item's generator. A worker calls an item's first step itself because most
 * items end there, and a direct call costs less than a `yield*` over each item's generator,
 * above all when `fn` is a new closure per map (a generator function written inline), whose
 * generators V8 meets with a new hidden class each time.
 */
class Continuation implements Iterator<Suspend, unknown, unknown> {
  private first: IteratorResult<Suspend, unknown> | null;

  constructor(
    private readonly gen: Generator<Suspend, unknown, unknown>,
    first: IteratorResult<Suspend, unknown>,
  ) {
    this.first = first;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(sent?: unknown): IteratorResult<Suspend, unknown> {
    const first = this.first;
    if (first === null) return generatorNext.call(this.gen, sent);
    this.first = null;
    return first;
  }

  throw(error: unknown): IteratorResult<Suspend, unknown> {
    return generatorThrow.call(this.gen, error);
  }

  return(value?: unknown): IteratorResult<Suspend, unknown> {
    return this.gen.return(value);
  }
}

/** What a value is, for messages: `an AsyncGenerator`, `a number`. */
function describe(value: unknown): string {
  const type = value === null ? 'null' : typeof value;
  if (type !== 'object') return type === 'undefined' ? 'undefined' : `a ${type}`;
  const name = Object.prototype.toString.call(value).slice(8, -1); // [object AsyncGenerator]
  return /^[AEIOU]/.test(name) ? `an ${name}` : `a ${name}`;
}

/** The body of every worker (one function, so every worker greenlet has the same shape). */
function* mapWorker(map: WorkerMap<unknown>): Generator<Suspend, void, unknown> {
  yield* map.work();
}
