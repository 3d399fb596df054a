import type { AsyncResource } from 'node:async_hooks';
import {
  Greenlet as CoreGreenlet,
  type GreenletBody,
  GreenletExit,
  GreenletExtras,
  getCurrent,
  type Suspend,
  transfer,
} from '@tendril/greenlet';
import { captureAsyncContext, runInAsyncContext } from './async-context.js';
import { type Blocking, setAwaitRunner } from './blocking.js';
import { getHub } from './hub.js';
import { JoinOp } from './join-op.js';
import type { Linkable } from './linkable.js';
import { addLive, removeLive, waitingOnOf } from './live-greenlets.js';
import { reportError } from './report.js';
import type { Timer } from './timer-heap.js';
import { interrupt, wake } from './wait.js';
import { FAILED, RETURNED, RUNNING, SCHEDULED, SCHEDULED_THROW, WAITING } from './wait-state.js';

/*
 * A greenlet's arguments wait in `_payload` until it starts: none as NO_ARGS, one as itself,
 * several as SeveralArgs. A single argument is not kept in an array, which would live (and be
 * promoted by the GC) until the start: 56 bytes per spawned sleeper in `spawn(sleeper, 10)`.
 */
const NO_ARGS: unique symbol = Symbol('no arguments');

/** The arguments of a body called with two or more. */
class SeveralArgs {
  constructor(readonly list: unknown[]) {}
}

/**
 * What a greenlet keeps of its constructor's arguments. Several are copied one by one: handing
 * on the rest array itself would make V8 allocate it for every greenlet (32 bytes per spawn,
 * measured), which it otherwise leaves out when the array is only read.
 */
function packArgs(args: unknown[]): unknown {
  const count = args.length;
  if (count === 0) return NO_ARGS;
  if (count === 1) return args[0];
  const list = new Array<unknown>(count);
  for (let i = 0; i < count; i++) list[i] = args[i];
  return new SeveralArgs(list);
}

/** A greenlet's body for the hub: a generator function with its arguments. */
export type SpawnBody<T, A extends unknown[]> = (...args: A) => Generator<Suspend, T, unknown>;

/** What a hub greenlet is doing: see {@link Greenlet.state}. */
export type GreenletState = 'unstarted' | 'ready' | 'running' | 'waiting' | 'finished' | 'failed';

/** A link: called from the hub with the greenlet once it has finished. */
export type LinkCallback<T> = (greenlet: Greenlet<T>) => void;

interface Link<T> {
  callback: LinkCallback<T>;
  when: 'any' | 'value' | 'exception';
  /** Whether it takes charge of the greenlet's error (see `link`'s `watching` option). */
  watching: boolean;
}

/**
 * @internal What a greenlet tells the moment it ends, before it goes back to the hub: a greenlet
 * waiting in its join/get, or a `wait()` over it. `_ended` records and wakes; it never switches
 * or throws.
 */
export interface EndWatcher {
  _ended(greenlet: Greenlet<any>): void;
}

/**
 * An entry of a greenlet's links: an {@link EndWatcher}, a plain `link(callback)` (the common
 * case, stored as the bare function), or a {@link Link} for the other kinds.
 */
type LinkEntry<T> = EndWatcher | LinkCallback<T> | Link<T>;

/** Whether a link entry is an {@link EndWatcher}. */
const isEndWatcher = (link: LinkEntry<any> | undefined): link is EndWatcher =>
  typeof link === 'object' && (link as EndWatcher)._ended !== undefined;

/** Whether a link is bookkeeping that does not take charge of the greenlet's error. */
const isBookkeeping = (link: LinkEntry<unknown>): boolean =>
  (link as Link<unknown>).watching === false;

/** Record where greenlets are spawned (costs a stack capture per spawn); off by default. */
export const spawnSites = { capture: false };

/**
 * A greenlet run by the hub (gevent's `Greenlet`): started with `start()` (or `spawn`), it runs
 * when the hub gets to it, and its outcome is kept: `value`, `exception`, `get()`, `join()`,
 * links. It can be killed wherever it waits, and gives an `AbortSignal` for the work it starts.
 *
 * It is iterable and thenable: `yield* g` and `await g` both wait for its value (or rethrow its
 * error). Beware promise assimilation: an `async` function that returns a greenlet hands its
 * caller the greenlet's *value*; to pass the greenlet itself, wrap it (`return { greenlet: g }`).
 *
 * @example
 * ```ts
 * import { Greenlet, sleep } from '@tendril/hub';
 * const g = new Greenlet(function* (ms: number) { yield* sleep(ms); return ms * 2; }, 10).start();
 * console.log(await g); // 20
 * ```
 */
export class Greenlet<T = unknown, A extends unknown[] = any[]>
  extends CoreGreenlet
  implements Linkable
{
  /** The greenlet that created it. */
  readonly spawner: CoreGreenlet;
  /**
   * @internal links in registration order: `null`, one entry (nearly always: a joiner or one
   * link), or an array of two or more; an EndWatcher entry is a joiner or a wait() over it
   */
  _links: LinkEntry<T> | LinkEntry<T>[] | null = null;
  /** @internal */ _waitId = 0;
  /** @internal where it is: RUNNING, WAITING, SCHEDULED(_THROW), then RETURNED or FAILED */
  _phase = RUNNING;

  /**
   * @internal until it ends, what its next resume carries (before it starts: its arguments;
   * while it waits: the wait's timer, see `timeWait`); once it has ended, its value or its error
   */
  _payload: unknown;
  /** @internal its place in the registry of greenlets that wait (-1: not in it) */ _liveIndex = -1;
  /** @internal what few greenlets use, made on first use */ declare _extras: Extras | null;
  /** @internal the last `wait()` that checked it (to drop duplicates without a Set) */ _mark = 0;

  /**
   * Create a greenlet that will run `fn(...args)` once started. Nothing runs yet.
   *
   * @param fn - A generator function: the body.
   * @param args - Its arguments.
   * @throws TypeError when `fn` is not a function.
   */
  constructor(fn: SpawnBody<T, A>, ...args: A) {
    if (typeof fn !== 'function') {
      throw new TypeError(`a greenlet body must be a generator function, not ${typeof fn}`);
    }
    super(fn as GreenletBody, getHub());
    this._payload = packArgs(args);
    this.spawner = getCurrent();
    if (spawnSites.capture) this._extrasNow().spawnStack = captureStack();
    const asyncResource = captureAsyncContext();
    if (asyncResource !== null) {
      const extras = this._extrasNow();
      extras.asyncResource = asyncResource;
      extras.runner = runInAsyncContext;
    }
  }

  /** Where it was spawned, when `spawnSites.capture` was on. */
  get spawnSite(): string | undefined {
    const extras = this._extras;
    if (extras === null) return undefined;
    if (extras.spawnStack !== null) {
      extras.spawnSite = siteOf(extras.spawnStack);
      extras.spawnStack = null;
    }
    return extras.spawnSite;
  }

  /**
   * Schedule the greenlet to run when the hub gets to it (after the caller yields).
   *
   * @returns this.
   */
  start(): this {
    if (!this.started && this._phase < SCHEDULED) {
      this.cancelStartTimer();
      this._phase = SCHEDULED;
      getHub().schedule(this);
    }
    return this;
  }

  /**
   * Schedule the greenlet to start in `ms` milliseconds.
   *
   * @param ms - The delay.
   * @returns this.
   */
  startLater(ms: number): this {
    if (!this.started && this._phase < SCHEDULED) {
      this.cancelStartTimer();
      addLive(this, undefined);
      this._extrasNow().startTimer = getHub().timers.add(ms, startLate, this);
    }
    return this;
  }

  /** Whether it has finished (returned, failed, or was killed), like gevent's `ready()`. */
  ready(): boolean {
    return this._phase >= RETURNED;
  }

  /** Whether it finished without an error; a GreenletExit kill counts as success. */
  successful(): boolean {
    return this._phase === RETURNED;
  }

  /** Whether it is dead, including killed before it ever started. */
  override get dead(): boolean {
    return this._phase >= RETURNED || super.dead;
  }

  /** Its return value (a GreenletExit when it was killed), once it finished successfully. */
  get value(): T | undefined {
    return this._phase === RETURNED ? (this._payload as T) : undefined;
  }

  /** The error it died of, if any (never a GreenletExit). */
  get exception(): unknown {
    return this._phase === FAILED ? this._payload : undefined;
  }

  /** Identifies its current (or last) wait: pass it to `wake`/`wakeThrow` (see `beginWait`). */
  get waitId(): number {
    return this._waitId;
  }

  /** What it waits on now (for run-info), or `undefined`. */
  get waitingOn(): string | undefined {
    const what = this._phase === WAITING ? waitingOnOf(this) : undefined;
    return what === undefined ? undefined : String(what);
  }

  /**
   * Aborts when the greenlet is killed or finishes: pass it to `fetch`, streams and timers so
   * that the work it started stops with it.
   */
  get signal(): AbortSignal {
    const extras = this._extrasNow();
    if (extras.abortController === null) {
      extras.abortController = new AbortController();
      if (this._phase >= RETURNED)
        extras.abortController.abort(new GreenletExit(`${this} has finished`));
    }
    return extras.abortController.signal;
  }

  /**
   * Wait until it finishes.
   *
   * @param timeout - Give up after this many ms (then the result is `false`).
   * @returns Whether it finished: `yield* g.join()` or `await g.join()`.
   */
  join(timeout?: number): Blocking<boolean> {
    return new JoinOp(this, timeout, 'join');
  }

  /**
   * Its value, waiting for it to finish; rethrows its error.
   *
   * @param options - `block: false` does not wait; `timeout` (ms) bounds the wait. Either way a
   *   greenlet not finished in time raises a `Timeout`.
   * @returns `yield* g.get()` or `await g.get()`.
   */
  get(options: { block?: boolean; timeout?: number } = {}): Blocking<T> {
    const timeout = options.block === false ? 0 : options.timeout;
    return new JoinOp(this, timeout, 'get');
  }

  /**
   * Raise `error` in the greenlet wherever it waits; `finally` blocks run. An unstarted
   * greenlet never runs (its links still fire). Killing a finished greenlet does nothing.
   *
   * @param error - What to raise; a new GreenletExit by default (which counts as success).
   * @param options - `block` (default true): the result waits until it is dead; `timeout` (ms).
   * @returns `yield* g.kill()` / `await g.kill()` to wait; the kill itself happens at once.
   */
  kill(
    error: unknown = new GreenletExit(),
    options: { block?: boolean; timeout?: number } = {},
  ): Blocking<boolean> {
    if (!(error instanceof Error)) {
      throw new TypeError('kill() takes an Error (a GreenletExit by default)');
    }
    if (this._phase < RETURNED) {
      this._extras?.abortController?.abort(error);
      if (!this.started) this.killBeforeStart(error);
      else if (this === getCurrent()) throw error;
      else interrupt(this, error);
    }
    const timeout = options.block === false ? 0 : options.timeout;
    return new JoinOp(this, timeout, 'join');
  }

  /**
   * Call `callback(this)` from the hub once the greenlet has finished (at once if it has).
   *
   * @param callback - A plain function; it must not block. Links fire in registration order;
   *   an error it throws is reported and the other links still run.
   * @param options - `watching` (default true): a link takes charge of the greenlet's error,
   *   which the hub then does not report. Pass `false` for bookkeeping (a pool freeing a slot,
   *   a local dropping its values), so that an error nobody else watches is still reported.
   */
  link(callback: LinkCallback<T>, options: { watching?: boolean } = {}): void {
    this.addLink(callback, 'any', options.watching ?? true);
  }

  /** Like {@link Greenlet.link}, only when it finished successfully. */
  linkValue(callback: LinkCallback<T>): void {
    this.addLink(callback, 'value', true);
  }

  /** Like {@link Greenlet.link}, only when it failed. */
  linkException(callback: LinkCallback<T>): void {
    this.addLink(callback, 'exception', true);
  }

  /**
   * Remove a link (every registration of `callback`); removing one that is not there is fine.
   */
  unlink(callback: LinkCallback<T>): void {
    this._removeLink(callback);
  }

  /** `yield* g` waits for its value, like `yield* g.get()`. */
  [Symbol.iterator](): Generator<Suspend, T, unknown> {
    return this.get()[Symbol.iterator]();
  }

  /** `await g` waits for its value, like `await g.get()`. */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    // The awaiter's greenlet starts later: its error is taken from now on.
    if (this._phase !== RETURNED) this._takeError();
    return this.get().then(onFulfilled, onRejected);
  }

  /**
   * Where it is in its life: `unstarted` (possibly scheduled to start), `ready` (a wake-up is
   * queued in the hub), `running`, `waiting` (on {@link Greenlet.waitingOn}), `finished`, `failed`.
   */
  get state(): GreenletState {
    if (this._phase >= RETURNED) return this._phase === RETURNED ? 'finished' : 'failed';
    if (!this.started) return 'unstarted';
    if (this._phase === WAITING) return 'waiting';
    return this._phase >= SCHEDULED ? 'ready' : 'running';
  }

  /** A name for logs and run-info; defaults to the body's function name. */
  get name(): string {
    return this._extras?.label ?? (this._run?.name || `Greenlet-${this.id}`);
  }

  set name(name: string) {
    this._extrasNow().label = name;
  }

  /** `Greenlet "name" (waiting on sleep(10))`. */
  override toString(): string {
    const state = this.state;
    return `Greenlet "${this.name}" (${state === 'waiting' ? `waiting on ${this.waitingOn}` : state})`;
  }

  /** @internal As a joiner of `_greenlet`, which has ended: wake up from the join. */
  _ended(_greenlet: Greenlet<any>): void {
    wake(this, this._waitId, true);
  }

  /** @internal The body has returned or thrown: keep the outcome instead of passing it on. */
  override _finished(failed: boolean, outcome: unknown): boolean {
    this._settle(failed, outcome);
    return true;
  }

  /** @internal Record the outcome, abort the signal, fire the links or report the error. */
  _settle(failed: boolean, outcome: unknown): void {
    this._phase = failed ? FAILED : RETURNED;
    this._payload = outcome;
    removeLive(this);
    this._extras?.abortController?.abort(
      failed ? outcome : new GreenletExit(`${this} has finished`),
    );
    const links = this._links;
    if (links === null) {
      // Links that were all removed again (a join that timed out) do not count as watching it.
      if (failed) this.reportUnlessTaken();
      return;
    }
    const unwatched =
      failed && (Array.isArray(links) ? links.every(isBookkeeping) : isBookkeeping(links));
    // Joiners and waits at the front are the first links to fire: tell them now, without a
    // hub hop.
    for (let first = this.firstLink(); isEndWatcher(first); first = this.firstLink()) {
      this.takeLink();
      first._ended(this);
    }
    if (this._links !== null) getHub().schedule(this);
    if (unwatched) this.reportUnlessTaken();
  }

  /**
   * Report its error, which nobody watches, unless it was taken (by `await g`, even one begun
   * before it failed, `g.get()`, or a link that watches). Spawned by a greenlet, it is reported
   * at once, as gevent does. Spawned from plain code, which takes outcomes with `await` a
   * microtask later, it is reported once the microtasks queued so far have run, and only if it
   * is still untaken then (as Node leaves alone a promise rejection handled in the same tick):
   * `try { await spawn(f) } catch {}` reports nothing.
   */
  private reportUnlessTaken(): void {
    if (this._extras?.errorTaken) return;
    if (!this.spawner.isMain) {
      reportError(this._payload, this);
      return;
    }
    const extras = this._extrasNow();
    queueMicrotask(() => {
      if (!extras.errorTaken) reportError(this._payload, this);
    });
  }

  /** @internal Its error goes to someone (rethrown by `get`, awaited, or a link watches). */
  _takeError(): void {
    this._extrasNow().errorTaken = true;
  }

  /**
   * @internal Switch into it with its queued wake-up (the hub does): start it with its
   * arguments, or resume it with the wake-up's value or error.
   */
  _resume(): void {
    const isThrow = this._phase === SCHEDULED_THROW;
    this._phase = RUNNING;
    const carried = this._payload;
    this._payload = undefined;
    // transfer(), not switch(...args): no array for the arguments of every resume.
    if (isThrow) {
      this.throw(carried);
    } else if (this.started) {
      transfer(this, false, 1, carried);
    } else if (carried === NO_ARGS) {
      transfer(this, false, 0, undefined);
    } else if (carried instanceof SeveralArgs) {
      transfer(this, false, carried.list.length, carried.list);
    } else {
      transfer(this, false, 1, carried);
    }
  }

  /** @internal Its rarely used parts, made on first use. */
  override _extrasNow(): Extras {
    if (this._extras === null) this._extras = new Extras();
    return this._extras;
  }

  private cancelStartTimer(): void {
    const extras = this._extras;
    if (extras?.startTimer) {
      extras.startTimer.cancel();
      extras.startTimer = null;
    }
  }

  private addLink(callback: LinkCallback<T>, when: Link<T>['when'], watching: boolean): void {
    if (typeof callback !== 'function') throw new TypeError('link() takes a function');
    this._addLink(when === 'any' && watching ? callback : { callback, when, watching });
  }

  /**
   * @internal Add a link entry after the others; on a finished greenlet with no links pending,
   * schedule their firing.
   */
  _addLink(entry: LinkEntry<T>): void {
    if (this._phase === FAILED && !isBookkeeping(entry)) this._takeError();
    const links = this._links;
    if (links === null) {
      this._links = entry;
      if (this._phase >= RETURNED) getHub().schedule(this);
    } else if (Array.isArray(links)) {
      links.push(entry);
    } else {
      this._links = [links, entry];
    }
  }

  /** @internal Remove every entry that is `match`, or a link of callback `match`. */
  _removeLink(match: LinkEntry<T>): void {
    const links = this._links;
    if (links === null) return;
    if (!Array.isArray(links)) {
      if (links === match || (links as Link<T>).callback === match) this._links = null;
      return;
    }
    for (let i = links.length - 1; i >= 0; i--) {
      const link = links[i] as LinkEntry<T>;
      if (link === match || (link as Link<T>).callback === match) links.splice(i, 1);
    }
    if (links.length === 0) this._links = null;
  }

  private firstLink(): LinkEntry<T> | undefined {
    const links = this._links;
    return links === null ? undefined : Array.isArray(links) ? links[0] : links;
  }

  /** Remove the first link and return it (one at a time, so that a link may unlink another). */
  private takeLink(): LinkEntry<T> | undefined {
    const links = this._links;
    if (links === null) return undefined;
    if (!Array.isArray(links)) {
      this._links = null;
      return links;
    }
    const link = links.shift();
    if (links.length === 0) this._links = null;
    return link;
  }

  /** @internal Fire the links of a finished greenlet (the hub does it when it gets to it). */
  _fireLinks(): void {
    const failed = this._phase === FAILED;
    for (let link = this.takeLink(); link !== undefined; link = this.takeLink()) {
      if (isEndWatcher(link)) {
        link._ended(this);
        continue;
      }
      if (typeof link !== 'function' && link.when === (failed ? 'value' : 'exception')) continue;
      try {
        if (typeof link === 'function') link(this);
        else link.callback(this);
      } catch (error) {
        reportError(error, this);
      }
    }
  }

  private killBeforeStart(error: Error): void {
    this.cancelStartTimer();
    // Throwing into an unstarted greenlet ends it without running; with the current greenlet
    // as its parent for that moment, the error comes straight back here instead of switching.
    const parent = this.parent as CoreGreenlet;
    this.parent = getCurrent();
    try {
      this.throw(error);
    } catch {
      // the error itself, handed back: recorded below
    } finally {
      this.parent = parent;
    }
    this._settle(!GreenletExit.isInstance(error), error);
  }
}

/** A `startLater` timer's callback. */
function startLate(g: Greenlet<any>): void {
  (g._extras as Extras).startTimer = null;
  g.start();
}

/** @internal The parts of a hub greenlet that most never use (it stays smaller without them). */
export class Extras extends GreenletExtras {
  /** A name given by the user. */
  label: string | undefined = undefined;
  spawnSite: string | undefined = undefined;
  /** Where it was spawned, until `spawnSite` is first read: V8 formats a stack only when read. */
  spawnStack: { stack?: string } | null = null;
  startTimer: Timer | null = null;
  /** The async context it runs in, when it follows one. */
  asyncResource: AsyncResource | null = null;
  abortController: AbortController | null = null;
  /** Interrupts that arrived while it was not waiting, held for its next wait. */
  interrupts: unknown[] | null = null;
  /** Its error goes to someone: not reported as unwatched. */
  errorTaken = false;
}

/** Frames of the functions that create greenlets for their caller: left out of spawn sites. */
const SPAWNING_FRAME = /^\s*at (?:\w+\.)?(?:spawn|spawnLater|start|startLater)\b/;

/** The stack of whoever creates the greenlet, not yet formatted. */
function captureStack(): { stack?: string } {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, Greenlet); // drops this function and the constructor
  return holder;
}

/** The first three frames of a captured stack, leaving out the frames that spawn for a caller. */
function siteOf(holder: { stack?: string }): string | undefined {
  const frames = holder.stack?.split('\n').slice(1) ?? [];
  let first = 0;
  while (first < frames.length && SPAWNING_FRAME.test(frames[first] as string)) first++;
  return first < frames.length ? frames.slice(first, first + 3).join('\n') : undefined;
}

/** Run `op` in a new greenlet and settle a promise with its outcome: what `await op` does. */
function runAsPromise<T>(op: Iterable<Suspend, T, unknown>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    new Greenlet(awaited<T>, op, resolve, reject).start();
  });
}

/** The greenlet of `await op` (defined once: see `Blocking` on generator functions). */
function* awaited<T>(
  op: Iterable<Suspend, T, unknown>,
  resolve: (value: T) => void,
  reject: (error: unknown) => void,
): Generator<Suspend, void, unknown> {
  try {
    resolve(yield* op);
  } catch (error) {
    reject(error);
  }
}

setAwaitRunner(runAsPromise);
