import type { Suspend } from '@tendril/greenlet';
import { Blocking, done, Timeout } from '@tendril/hub';
import { ReleaseError } from './errors/release-error.js';
import { LinkablePrimitive } from './linkable-primitive.js';
import { Permit } from './permit.js';
import { TIMED_OUT, WaitList, WaitListOp } from './wait-list.js';

/** Options of {@link Semaphore.acquire}. */
export interface AcquireOptions {
  /** `false`: take a permit only if one is free now, and return a plain boolean. */
  blocking?: boolean;
  /** Give up after this many ms (then the result is `false`); 0 or less: do not wait. */
  timeout?: number;
}

/** A generator function run while a permit is held: see {@link Semaphore.withLock}. */
export type LockedBody<R> = () => Generator<Suspend, R, unknown>;

/**
 * A counter of permits that greenlets take and give back (gevent's `Semaphore`): `acquire()`
 * takes one, waiting while none is free; `release()` gives one back. Any greenlet may release;
 * releasing more than was acquired raises the count (see {@link BoundedSemaphore}, which
 * refuses that).
 *
 * Fair: waiters get permits in the order they began to wait. A release hands its permit straight
 * to the first waiter, so a running greenlet that acquires again queues behind the waiters
 * instead of taking it back. A waiter that is killed (or hit by a Timeout) after it was handed
 * a permit but before it ran passes the permit on. Uncontended acquire and release allocate
 * nothing.
 *
 * Scoped use: `yield* sem.withLock(function* () {...})` runs a body holding a permit, or
 * `using permit = yield* sem.hold()` holds one until the end of the block.
 *
 * It is a {@link Linkable}: `ready()` says a permit is free, and links are called from the hub
 * when a release frees one, so `wait([sem])` of `@tendril/hub` works.
 *
 * @example
 * ```ts
 * import { sleep, spawn } from '@tendril/hub';
 * import { Semaphore } from '@tendril/io';
 * const slots = new Semaphore(2); // at most two downloads at a time
 * const download = (url: string) => spawn(function* () {
 *   return yield* slots.withLock(function* () { yield* sleep(10); return url; });
 * });
 * ```
 */
export class Semaphore extends LinkablePrimitive {
  private permits: number;
  private readonly waiters = new WaitList();
  private readonly acquireForever = new Acquire(
    this,
    this.waiters,
    `${this.kind}.acquire()`,
    undefined,
  );

  /**
   * @param value - How many permits are free to begin with.
   * @throws TypeError when `value` is not an integer >= 0.
   */
  constructor(value = 1) {
    super(false);
    if (!(Number.isInteger(value) && value >= 0)) {
      throw new TypeError(`a semaphore takes an integer number of permits >= 0, not ${value}`);
    }
    this.permits = value;
  }

  /** How many permits are free now. */
  get counter(): number {
    return this.permits;
  }

  /** How many greenlets wait for a permit. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Whether no permit is free (an acquire would wait). */
  locked(): boolean {
    return this.permits <= 0;
  }

  /** Whether a permit is free (the {@link Linkable} view). */
  ready(): boolean {
    return this.permits > 0;
  }

  /**
   * Take a permit, waiting for one if none is free.
   *
   * @param options - `blocking: false` takes one only if free now and returns a plain boolean;
   *   `timeout` (ms) bounds the wait.
   * @returns Whether it got one: `yield* sem.acquire()` or `await sem.acquire()`.
   * @example
   * ```ts
   * if (yield* sem.acquire({ timeout: 100 })) {
   *   try { yield* work(); } finally { sem.release(); }
   * }
   * if (sem.acquire({ blocking: false })) sem.release();
   * ```
   */
  acquire(options: { blocking: false }): boolean;
  acquire(options?: { blocking?: true; timeout?: number }): Blocking<boolean>;
  acquire(options: AcquireOptions): boolean | Blocking<boolean>;
  acquire(options?: AcquireOptions): boolean | Blocking<boolean> {
    if (options?.blocking === false) return this._take();
    if (options?.timeout === undefined) return this.acquireForever; // shared: allocates nothing
    return new Acquire(this, this.waiters, this.acquireForever.what, options.timeout);
  }

  /** Give a permit back: to the first waiter if there is one. */
  release(): void {
    this._releasePermit();
  }

  /**
   * Run `body` holding a permit; it is released however the body ends.
   *
   * @param body - A generator function, run in the greenlet that waits.
   * @param options - `timeout` (ms) bounds the wait for the permit.
   * @returns The body's value: `yield* sem.withLock(...)` or `await sem.withLock(...)`.
   * @throws Timeout (of `@tendril/hub`) when no permit came in time.
   * @throws TypeError when `body` is not a function.
   * @example
   * ```ts
   * const n = yield* lock.withLock(function* () { return yield* readCounter(); });
   * ```
   */
  withLock<R>(body: LockedBody<R>, options: { timeout?: number } = {}): Blocking<R> {
    if (typeof body !== 'function') {
      throw new TypeError('withLock() takes a generator function (function* () {...}) as body');
    }
    return new Blocking(() => this.runLocked(body, options.timeout));
  }

  /** `withLock`'s waiting: take a permit (a Timeout after `timeout` ms), run `body`, release. */
  private *runLocked<R>(
    body: LockedBody<R>,
    timeout: number | undefined,
  ): Generator<Suspend, R, unknown> {
    yield* this.acquireOrThrow(timeout);
    try {
      return yield* body();
    } finally {
      this.release();
    }
  }

  /**
   * Take a permit and hand it out as a {@link Permit}, to release with `using`.
   *
   * @param options - `timeout` (ms) bounds the wait for the permit.
   * @returns `using permit = yield* sem.hold()` (or `await sem.hold()`).
   * @throws Timeout (of `@tendril/hub`) when no permit came in time.
   */
  hold(options: { timeout?: number } = {}): Blocking<Permit> {
    return new Blocking(() => this.holdNow(options.timeout));
  }

  override toString(): string {
    return `${this.kind} (${this.state}, ${this.waiters.length} waiting)`;
  }

  /** The class's name in messages. */
  protected get kind(): string {
    return 'Semaphore';
  }

  /** Its state in messages. */
  protected get state(): string {
    return `${this.permits} free`;
  }

  /** @internal Take a free permit now, if any (a subclass adds ownership). */
  _take(): boolean {
    if (this.permits <= 0) return false;
    this.permits--;
    this._acquired();
    return true;
  }

  /** @internal Called in the acquiring greenlet once it has a permit. */
  _acquired(): void {}

  /** @internal Give a permit back without the checks of `release()`: to the first waiter. */
  _releasePermit(): void {
    if (this.waiters.length > 0 && this.waiters.wakeFirst(true)) return;
    this.permits++;
    this.becameReady();
  }

  private *acquireOrThrow(timeout: number | undefined): Generator<Suspend, void, unknown> {
    if (!(yield* this.acquire({ timeout }))) throw new Timeout(timeout ?? null);
  }

  private *holdNow(timeout: number | undefined): Generator<Suspend, Permit, unknown> {
    yield* this.acquireOrThrow(timeout);
    return new Permit(this);
  }
}

/**
 * A {@link Semaphore} that refuses to be released above its initial value: that is a bug (a
 * release without an acquire), and it raises a {@link ReleaseError} instead of quietly letting
 * more greenlets in. If unsure, use this one.
 *
 * @example
 * ```ts
 * import { BoundedSemaphore } from '@tendril/io';
 * const sem = new BoundedSemaphore(1);
 * sem.release(); // throws ReleaseError: nothing was acquired
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  /** The initial number of permits, which releases may not exceed. */
  readonly initialValue: number;

  /**
   * @param value - How many permits there are.
   * @throws TypeError when `value` is not an integer >= 0.
   */
  constructor(value = 1) {
    super(value);
    this.initialValue = value;
  }

  /**
   * Give a permit back.
   *
   * @throws ReleaseError when every permit is already free.
   */
  override release(): void {
    if (this.counter >= this.initialValue) {
      throw new ReleaseError(
        `${this} was released more times than it was acquired: release only what you acquired ` +
          '(withLock() and hold() pair them for you)',
      );
    }
    this._releasePermit();
  }

  protected override get kind(): string {
    return 'BoundedSemaphore';
  }
}

/**
 * {@link Semaphore.acquire}: one op per semaphore without a timeout, shared by every call. A
 * waiter gets its permit straight from `release()`; one interrupted before it runs passes the
 * permit on.
 */
class Acquire extends WaitListOp<boolean> {
  constructor(
    private readonly semaphore: Semaphore,
    protected readonly waiters: WaitList,
    /** What it waits on, for run-info: `Lock.acquire()`. */
    readonly what: string,
    private readonly timeout: number | undefined,
  ) {
    super();
  }

  protected begin(): IteratorResult<Suspend, boolean> {
    const { timeout } = this;
    if (this.semaphore._take()) return done(true);
    if (timeout !== undefined && timeout <= 0) return done(false);
    return this.park(this.what, timeout);
  }

  protected result(sent: unknown): boolean {
    if (sent === TIMED_OUT) return false;
    this.semaphore._acquired();
    return true;
  }

  protected override passOn(): void {
    this.semaphore._releasePermit();
  }
}
