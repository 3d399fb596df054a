import type { Suspend } from '@tendril/greenlet';
import { type Blocking, done, type Greenlet, Timeout } from '@tendril/hub';
import { LinkablePrimitive } from './linkable-primitive.js';
import { WaitList, WaitListOp } from './wait-list.js';

const PENDING = 0;
const VALUE = 1;
const ERROR = 2;

/**
 * A value or an error that arrives later (gevent's `AsyncResult`): one greenlet calls
 * `set(value)` or `setException(error)`, and every greenlet waiting in {@link AsyncResult.get}
 * or {@link AsyncResult.wait} wakes, in the order they began to wait. Later calls return at
 * once. A later `set`/`setException` replaces the outcome (as in gevent) and wakes no one new.
 *
 * It is a {@link Linkable} (`wait([result])` works), and a link target for a greenlet:
 * `g.link(result.settleFrom)` gives it the greenlet's value or error.
 *
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * import { AsyncResult } from '@tendril/io';
 * const answer = new AsyncResult<number>();
 * spawn(function* () { answer.set(42); });
 * console.log(await answer.get()); // 42
 * ```
 */
export class AsyncResult<T = unknown> extends LinkablePrimitive {
  private state: typeof PENDING | typeof VALUE | typeof ERROR = PENDING;
  private result: T | undefined = undefined;
  private error: unknown = undefined;
  private readonly waiters = new WaitList();
  private readonly getForever = new ResultWait(this, this.waiters, undefined, true);
  private readonly waitForever = new ResultWait(this, this.waiters, undefined, false);

  constructor() {
    super(false);
  }

  /** Whether it holds a value or an error. */
  ready(): boolean {
    return this.state !== PENDING;
  }

  /** Whether it holds a value. */
  successful(): boolean {
    return this.state === VALUE;
  }

  /** The value, once {@link AsyncResult.set}; otherwise `undefined`. */
  get value(): T | undefined {
    return this.result;
  }

  /** The error, once {@link AsyncResult.setException}; otherwise `undefined`. */
  get exception(): unknown {
    return this.error;
  }

  /** How many greenlets wait. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Store `value` and wake every waiter.
   *
   * @param value - What `get()` returns from now on.
   */
  set(value: T): void {
    this.settle(VALUE, value, undefined);
  }

  /**
   * Store `error` and wake every waiter.
   *
   * @param error - What `get()` throws from now on.
   */
  setException(error: unknown): void {
    this.settle(ERROR, undefined, error);
  }

  /**
   * Settle it from a finished greenlet — its value, or its error — as a link:
   * `g.link(result.settleFrom)`. A greenlet killed with a GreenletExit counts as successful,
   * with the GreenletExit as its value (as `g.get()` has it).
   *
   * @example
   * ```ts
   * const result = new AsyncResult<number>();
   * spawn(function* () { return 1; }).link(result.settleFrom);
   * console.log(await result.get()); // 1
   * ```
   */
  readonly settleFrom = (greenlet: Greenlet<T>): void => {
    if (greenlet.successful()) this.set(greenlet.value as T);
    else this.setException(greenlet.exception);
  };

  /**
   * The value, waiting for it; rethrows the stored error.
   *
   * @param options - `block: false` does not wait; `timeout` (ms) bounds the wait.
   * @returns `yield* r.get()` or `await r.get()`.
   * @throws Timeout (of `@tendril/hub`) when it is not ready and `block` is false, or not
   *   ready in time.
   */
  get(options?: { block?: boolean; timeout?: number }): Blocking<T> {
    const timeout = options?.block === false ? 0 : options?.timeout;
    if (timeout === undefined) return this.getForever;
    return new ResultWait(this, this.waiters, timeout, true);
  }

  /**
   * The value without waiting; rethrows the stored error.
   *
   * @throws Timeout (of `@tendril/hub`) when it is not ready.
   */
  getNowait(): T {
    if (this.state === PENDING) throw new Timeout(0);
    return this.outcome();
  }

  /**
   * Wait until it is ready, without raising (gevent's `AsyncResult.wait`).
   *
   * @param options - `timeout`: give up after this many ms.
   * @returns The value; `undefined` when it holds an error or the timeout expired.
   * @example
   * ```ts
   * console.log(await new AsyncResult().wait({ timeout: 10 })); // undefined
   * ```
   */
  wait(options?: { timeout?: number }): Blocking<T | undefined> {
    const timeout = options?.timeout;
    if (timeout === undefined) return this.waitForever;
    return new ResultWait(this, this.waiters, timeout, false);
  }

  override toString(): string {
    const state = ['pending', 'value', 'error'][this.state];
    return `AsyncResult (${state}, ${this.waiters.length} waiting)`;
  }

  private settle(state: typeof VALUE | typeof ERROR, value: T | undefined, error: unknown): void {
    this.state = state;
    this.result = value;
    this.error = error;
    this.waiters.wakeAll();
    this.becameReady();
  }

  private outcome(): T {
    if (this.state === ERROR) throw this.error;
    return this.result as T;
  }
}

/**
 * {@link AsyncResult.get} (`raise`: the value, or the error thrown) and {@link AsyncResult.wait}
 * (the value, or `undefined`): one op of each per result without a timeout, shared by every call.
 */
class ResultWait<T> extends WaitListOp<T> {
  constructor(
    private readonly asyncResult: AsyncResult<T>,
    protected readonly waiters: WaitList,
    private readonly timeout: number | undefined,
    private readonly raise: boolean,
  ) {
    super();
  }

  protected begin(): IteratorResult<Suspend, T> {
    const { timeout } = this;
    if (this.asyncResult.ready() || (timeout !== undefined && timeout <= 0)) {
      return done(this.outcome());
    }
    return this.park(this.raise ? 'AsyncResult.get()' : 'AsyncResult.wait()', timeout);
  }

  protected result(): T {
    return this.outcome();
  }

  /** `wait()` gives `undefined` for an error or a timeout (typed `T` here, not by `wait()`). */
  private outcome(): T {
    const r = this.asyncResult;
    if (!this.raise) return r.value as T;
    if (!r.ready()) throw new Timeout(this.timeout ?? null);
    return r.getNowait();
  }
}
