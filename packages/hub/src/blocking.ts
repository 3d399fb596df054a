import type { Suspend } from '@tendril/greenlet';

/**
 * A blocking operation that works in both worlds: inside a greenlet body `yield*` it; in plain
 * async code `await` it (it is a thenable: a greenlet runs it and settles the promise).
 *
 * Give the constructor a function that starts the waiting generator, or override
 * `[Symbol.iterator]` in a subclass; on hot paths extend {@link WaitOp}, which needs no
 * generator per wait. Define the generator function once and pass an arrow that calls it with
 * the call's values: a `function*` written inside the function that makes the op is a new
 * generator function on every call, and V8 gives each one its own hidden class and prototype,
 * kept in the old generation, which hold what it captured until a full GC (measured: a
 * `wait()` over 100 greenlets cost 580 ns per greenlet that way, 380 ns with the arrow).
 *
 * @example
 * ```ts
 * import { Blocking, sleep, spawn } from '@tendril/hub';
 * await sleep(10);                                   // plain code
 * spawn(function* () { yield* sleep(10); });          // inside a greenlet
 * function* twice(ms: number) { yield* sleep(ms); yield* sleep(ms); }
 * const sleepTwice = (ms: number) => new Blocking(() => twice(ms));
 * await sleepTwice(5);
 * ```
 */
export class Blocking<T> implements PromiseLike<T> {
  declare private readonly wait: () => Generator<Suspend, T, unknown>;

  /** @param wait - The waiting, as a generator function (omit when a subclass overrides it). */
  constructor(wait?: () => Generator<Suspend, T, unknown>) {
    // Stored only when given: a WaitOp (made on every put, join...) carries no unused field.
    if (wait !== undefined) this.wait = wait;
  }

  /** Wait inside a greenlet: `const v = yield* op`. */
  [Symbol.iterator](): Generator<Suspend, T, unknown> {
    return this.wait();
  }

  /**
   * Wait from plain code: `await op`. Runs the operation in a new greenlet.
   *
   * @param onFulfilled - Called with the result.
   * @param onRejected - Called with the error.
   * @returns A promise of what the callback returns.
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return runAwaited(this).then(onFulfilled, onRejected);
  }
}

/** How `await op` runs an op: in a new greenlet (set by greenlet.ts, which imports this file). */
let runAwaited: <T>(op: Iterable<Suspend, T, unknown>) => Promise<T>;

/** @internal Set how `await op` runs an op (`runAsPromise` of greenlet.ts). */
export function setAwaitRunner(run: typeof runAwaited): void {
  runAwaited = run;
}
