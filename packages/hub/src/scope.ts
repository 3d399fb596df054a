import { GreenletExit, getCurrent, type Suspend } from '@tendril/greenlet';
import { Blocking } from './blocking.js';
import { HubError } from './errors/hub-error.js';
import { Greenlet, type SpawnBody } from './greenlet.js';
import { reportError } from './report.js';
import { beginWait, interrupt, park, wake } from './wait.js';

/** The body of a {@link scope}: a generator function that gets the scope to spawn into. */
export type ScopeBody<T> = (scope: Scope) => Generator<Suspend, T, unknown>;

/**
 * The handle a {@link scope} body receives: spawn children into it with `spawn`, hand its
 * `signal` to promise-based work. The scope outlives none of its children.
 *
 * @example
 * ```ts
 * import { scope, sleep } from '@tendril/hub';
 * await scope(function* (s) {
 *   s.spawn(function* () { yield* sleep(10); });
 * });
 * ```
 */
export class Scope {
  private readonly live = new Set<Greenlet<unknown>>();
  private closed = false;
  private failed = false;
  private error: unknown = undefined;
  private waitId = -1;
  private controller: AbortController | null = null;

  /** @internal Use {@link scope}. */
  constructor(private readonly owner: Greenlet<unknown>) {}

  /**
   * Start a child greenlet running `fn(...args)` in this scope (it runs once the caller
   * yields). The scope waits for it; if it fails, its siblings are killed and its error is
   * raised from the scope. Children and the body may spawn more children while the scope runs.
   *
   * @param fn - A generator function.
   * @param args - Its arguments.
   * @returns The child greenlet.
   * @throws HubError when the scope has already ended.
   */
  spawn<R, A extends unknown[]>(fn: SpawnBody<R, A>, ...args: A): Greenlet<R, A> {
    if (this.closed) {
      throw new HubError(
        'this scope has ended, so it takes no new children: spawn into it only while its body ' +
          'or its children run, or use spawn() for a greenlet that belongs to no scope',
      );
    }
    const child = new Greenlet(fn, ...args);
    this.live.add(child);
    child.link(this.onChildDone);
    return child.start();
  }

  /**
   * Aborts when the scope fails (the reason is the error it will raise) or, if nothing failed,
   * once its body and children have finished (the reason is a GreenletExit). Pass it to
   * `fetch`, streams and timers started in the scope.
   */
  get signal(): AbortSignal {
    if (this.controller === null) {
      this.controller = new AbortController();
      if (this.closed) this.abort();
    }
    return this.controller.signal;
  }

  /** @internal What `scope(body)` runs, in the calling greenlet. */
  *_run<T>(body: ScopeBody<T>): Generator<Suspend, T, unknown> {
    let value: T | undefined;
    try {
      const gen = body(this);
      if (typeof gen?.next !== 'function' || typeof gen.throw !== 'function') {
        throw new HubError(
          'a scope body must be a generator function (function* (s) {...}) so that `yield*` can ' +
            'suspend it',
        );
      }
      value = yield* gen;
      yield* this.drain();
    } catch (error) {
      if (!this.failed) {
        this.failed = true;
        this.error = error;
      } else {
        this.lateError(error, this.owner); // the scope's own cancellation is a GreenletExit
      }
    }
    yield* this.close();
    if (this.failed) throw this.error;
    return value as T;
  }

  /** Wait until no child is left (the link of the last one wakes us). */
  private *drain(): Generator<Suspend, void, unknown> {
    while (this.live.size > 0) {
      const g = beginWait(`scope(${this.live.size} children)`);
      this.waitId = g._waitId;
      yield* park();
    }
  }

  /** Take no more children, kill those left, and wait until they are dead, whatever happens. */
  private *close(): Generator<Suspend, void, unknown> {
    this.closed = true;
    this.abort();
    if (this.live.size === 0) return;
    const exit = new GreenletExit('the scope is exiting: its remaining children are killed', {
      cause: this.error,
    });
    for (const child of [...this.live]) child.kill(exit, { block: false });
    while (this.live.size > 0) {
      try {
        yield* this.drain();
      } catch (error) {
        this.lateError(error, this.owner);
      }
    }
  }

  private readonly onChildDone = (child: Greenlet<unknown>): void => {
    this.live.delete(child);
    if (child.exception !== undefined) {
      if (this.failed || this.closed) this.lateError(child.exception, child);
      else {
        this.failed = true;
        this.error = child.exception;
        const cancel = new GreenletExit(`${child} failed: the scope cancels its body`, {
          cause: child.exception,
        });
        interrupt(this.owner, cancel);
        this.abort();
      }
    }
    if (this.live.size === 0) wake(this.owner, this.waitId, undefined);
  };

  /** An error that cannot be raised from the scope (another is): report it, never lose it. */
  private lateError(error: unknown, where: Greenlet<unknown>): void {
    if (error !== this.error && !GreenletExit.isInstance(error)) reportError(error, where);
  }

  private abort(): void {
    this.controller?.abort(
      this.failed ? this.error : new GreenletExit('the scope has ended: its children finished'),
    );
  }
}

/**
 * Structured concurrency (Trio's nursery, effection's scope): run `body` in the calling
 * greenlet with a {@link Scope} to spawn children into, and return only once every child has
 * finished. The result is the body's return value.
 *
 * - A child that fails (any error but GreenletExit) cancels the scope: the body gets a
 *   GreenletExit at its suspension point, the other children are killed, and the child's error
 *   is raised from the scope. The error is not reported to the hub's error handler. This holds
 *   even while the body waits on that child (`yield* child` gets the GreenletExit): to handle a
 *   child's error and go on, catch it inside the child.
 * - A body that throws, or a scope left early because its greenlet is killed or times out, kills
 *   the children and raises that error.
 * - Killing means GreenletExit, and the scope waits until the killed children are dead, so their
 *   `finally` blocks have run (a child that never finishes holds the scope; kills and timeouts
 *   that arrive during that wait cannot cut it short).
 * - The first error wins; errors after it (a second child failing, a `finally` that throws) are
 *   reported to the hub's error handler, as an unjoined greenlet's would be. A child that
 *   someone else kills with GreenletExit has simply finished.
 *
 * @param body - A generator function taking the scope.
 * @returns `yield* scope(body)` inside a greenlet, `await scope(body)` in plain code.
 * @throws the first error of the body or of a child; HubError when iterated outside a hub
 *   greenlet.
 * @example
 * ```ts
 * import { scope, sleep } from '@tendril/hub';
 * const pages = await scope(function* (s) {
 *   const a = s.spawn(function* () { yield* sleep(10); return 'a'; });
 *   const b = s.spawn(function* () { yield* sleep(20); return 'b'; });
 *   return [yield* a, yield* b];
 * });
 * console.log(pages); // ['a', 'b']; had either failed, the other would have been killed
 * ```
 */
export function scope<T>(body: ScopeBody<T>): Blocking<T> {
  if (typeof body !== 'function') {
    throw new TypeError(
      `scope() takes a generator function (function* (s) {...}), not ${typeof body}`,
    );
  }
  return new Blocking(() => {
    const owner = getCurrent();
    if (!(owner instanceof Greenlet)) {
      throw new HubError(
        'scope() blocks: in plain code write `await scope(...)`; inside a greenlet spawned by ' +
          'the hub, `yield* scope(...)`',
      );
    }
    return new Scope(owner)._run(body);
  });
}
