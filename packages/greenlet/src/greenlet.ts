import { Context } from './context.js';
import { GreenletError } from './errors/greenlet-error.js';
import { GreenletExit } from './errors/greenlet-exit.js';
import {
  ACTIVE,
  current,
  DEAD,
  type GeneratorSlot,
  initMain,
  type Suspend,
  type SwitchResult,
  transfer,
} from './trampoline.js';

/**
 * A greenlet body: a generator function. `this` is the greenlet (typed `any` so that a subclass
 * can pass a body typed with `this: Subclass`); the arguments are those of the switch that
 * starts it; the return value goes to the parent.
 */
export type GreenletBody<TArgs extends unknown[] = any[], TReturn = unknown> = (
  this: any,
  ...args: TArgs
) => Generator<Suspend, TReturn, unknown>;

/**
 * Runs each step of a greenlet's body (its start and every resume): it must call `step(g)`
 * exactly once and return what it returns. Use it to enter an execution context around the
 * body, e.g. `(step, g) => resource.runInAsyncScope(step, null, g)` for AsyncLocalStorage.
 */
export type StepRunner = <R>(step: (g: Greenlet) => R, g: Greenlet) => R;

let nextId = 0;

/**
 * @internal What few greenlets use, kept out of the greenlet itself so that every greenlet is
 * smaller (each field costs 8 bytes per greenlet, and copying live greenlets is much of what
 * the GC does when 100k of them are alive). A subclass extends it with its own rare fields.
 */
export class GreenletExtras {
  /** Its ContextVar context; `null` until something sets or reads one. */
  context: Context | null = null;
  /** Its step runner (see {@link Greenlet.runner}). */
  runner: StepRunner | null = null;
}

/**
 * A greenlet: a micro-thread that runs only when something switches to it, and keeps its place
 * (its suspended generator) while others run.
 *
 * Its body is a generator function and every point where control may leave it is a `yield*`.
 * Plain code is the *main* greenlet: there `g.switch()` runs synchronously and returns once
 * control comes back to main, with what was sent in `.value`.
 *
 * A subclass sets its body by passing a generator function to `super(...)`; inside it `this`
 * is the greenlet. The class is deliberately not generic: greenlets that switch to each other
 * refer to each other in their bodies, and a type inferred from the body would be circular.
 *
 * @example
 * ```ts
 * import { Greenlet, getCurrent } from '@tendril/greenlet';
 * const echo = new Greenlet(function* (first: string) {
 *   let message: unknown = first;
 *   for (;;) message = yield* getCurrent().parent!.switch(`echo: ${message}`);
 * });
 * console.log(echo.switch('hello').value); // echo: hello
 * console.log(echo.switch('again').value); // echo: again
 * ```
 */
export class Greenlet {
  /** @internal the body; kept after the start for messages (the `run` getter hides it) */
  _run: GreenletBody | undefined;
  /** @internal */ _parent: Greenlet | null;
  /** @internal its state: `null` until it starts, then its generator, then DEAD */
  _gen: GeneratorSlot = null;
  /** @internal what few greenlets use, made on first use (see {@link GreenletExtras}) */
  _extras: GreenletExtras | null = null;
  /** A number unique to this greenlet in this process, for messages and logs. */
  readonly id: number = nextId++;
  /** @internal Whether this is a {@link Dispatcher} (set on the prototypes). */
  declare readonly _dispatches: boolean;

  /**
   * Create a greenlet. Nothing runs until something switches to it.
   *
   * @param run - The body: a generator function, called with the arguments of the first switch.
   * @param parent - Where its result (or uncaught error) goes; defaults to the current greenlet.
   * @throws TypeError when `run` is not a function or `parent` not a greenlet.
   */
  constructor(run?: GreenletBody | null, parent?: Greenlet | null) {
    this._run = checkRun(run);
    this._parent = parent == null ? current : checkParent(parent);
  }

  /**
   * Runs every step of this greenlet's body, or `null` (the default) to run them directly.
   * @see StepRunner
   */
  get runner(): StepRunner | null {
    return this._extras?.runner ?? null;
  }

  /** @throws TypeError when `runner` is neither a function nor `null`. */
  set runner(runner: StepRunner | null) {
    if (runner !== null && typeof runner !== 'function') {
      throw new TypeError(`greenlet.runner takes a function or null, not ${typeof runner}`);
    }
    if (runner !== null || this._extras !== null) this._extrasNow().runner = runner;
  }

  /** The body, until the greenlet starts; `undefined` afterwards. */
  get run(): GreenletBody | undefined {
    return this._gen === null ? this._run : undefined;
  }

  /** @throws GreenletError once the greenlet has started. */
  set run(run: GreenletBody | undefined) {
    if (this._gen !== null) {
      throw new GreenletError(`${this} has already started: its run can no longer be replaced`);
    }
    this._run = checkRun(run);
  }

  /** Where this greenlet's result or uncaught error goes; `null` only for the main greenlet. */
  get parent(): Greenlet | null {
    return this._parent;
  }

  /**
   * @throws TypeError when `parent` is not a greenlet.
   * @throws GreenletError for the main greenlet, or when the chain would loop.
   */
  set parent(parent: Greenlet) {
    if (this._parent === null) {
      throw new GreenletError('the parent of the main greenlet cannot be set');
    }
    checkParent(parent);
    for (let p: Greenlet | null = parent; p !== null; p = p._parent) {
      if (p === this) {
        throw new GreenletError(`cyclic parent chain: ${parent} descends from ${this}`);
      }
    }
    this._parent = parent;
  }

  /** Whether the greenlet has begun running (it stays `true` once it dies). */
  get started(): boolean {
    return this._gen !== null;
  }

  /** Whether the greenlet has finished, by returning or by an uncaught error. */
  get dead(): boolean {
    return this._gen === DEAD;
  }

  /** Whether the greenlet has started and not yet finished. */
  get active(): boolean {
    return this._gen !== null && this._gen !== DEAD;
  }

  /** Whether this is the main greenlet (plain code). */
  get isMain(): boolean {
    return this._parent === null;
  }

  /**
   * The greenlet's context (see {@link ContextVar}). A new greenlet starts with an empty one;
   * assign `other.context` to share it, or `copyContext()` to copy the current one.
   */
  get context(): Context {
    const extras = this._extrasNow();
    if (extras.context === null) extras.context = new Context();
    return extras.context;
  }

  /** @throws TypeError when `context` is not a {@link Context}. */
  set context(context: Context) {
    if (!(context instanceof Context)) throw new TypeError('greenlet.context takes a Context');
    this._extrasNow().context = context;
  }

  /**
   * Transfer control to this greenlet now, sending `args`.
   *
   * Not started: it starts, `run(...args)`. Suspended: its pending `yield*` evaluates to the
   * packed arguments (none: `undefined`; one: itself; several: an array). Dead: control goes to
   * its first live ancestor. Itself: the packed arguments come back at once.
   *
   * @param args - What to send.
   * @returns Inside a greenlet, `yield*` it: `const v = yield* g.switch(x)`. In plain code the
   *   switch has already run when this returns: `g.switch(x).value`.
   * @throws GreenletError when the target has no `run`, or a previous switch lacked `yield*`.
   * @throws whatever error reaches the main greenlet while it is switched away (plain code).
   * @example
   * ```ts
   * const g = new Greenlet(function* (a: number, b: number) {
   *   const c = yield* getCurrent().parent!.switch(a + b);
   *   return c;
   * });
   * console.log(g.switch(1, 2).value); // 3
   * console.log(g.switch('done').value); // done
   * ```
   */
  switch<T = unknown>(...args: unknown[]): SwitchResult<T> {
    // Measured: a rest parameter packed this way costs less than `arguments` or a fixed
    // parameter (V8 drops the array when it does not escape).
    const count = args.length;
    return transfer(this, false, count, count === 1 ? args[0] : count === 0 ? undefined : args);
  }

  /**
   * Raise `error` in this greenlet at its suspension point and switch to it.
   *
   * Not started: it dies without running and the error goes to its parent. Dead: the error goes
   * to its first live ancestor. A {@link GreenletExit} that kills a greenlet reaches its parent
   * as a value.
   *
   * @param error - An Error instance, or an Error class to instantiate; a new GreenletExit if
   *   omitted.
   * @returns Like {@link Greenlet.switch}: `yield*` it, or read `.value` in plain code.
   * @throws TypeError when `error` is not an Error or Error class.
   * @example
   * ```ts
   * const g = new Greenlet(function* () {
   *   try { yield* getCurrent().parent!.switch('ready'); }
   *   catch (e) { return `caught ${(e as Error).message}`; }
   * });
   * g.switch();
   * console.log(g.throw(new Error('boom')).value); // caught boom
   * ```
   */
  throw<T = unknown>(error?: unknown): SwitchResult<T> {
    return transfer(this, true, 1, toError(error));
  }

  /**
   * @internal Called as the greenlet finishes, before its result goes to the parent. A subclass
   * that keeps the outcome itself (the hub's Greenlet) returns `true`, and the parent then
   * receives `undefined` instead; an error it throws goes to the parent instead.
   *
   * @param _failed - Whether it died of an error (a GreenletExit is a value).
   * @param _outcome - Its return value or error.
   */
  _finished(_failed: boolean, _outcome: unknown): boolean {
    return false;
  }

  /** @internal Its extras, made now if it has none; a subclass with more extras overrides it. */
  _extrasNow(): GreenletExtras {
    if (this._extras === null) this._extras = new GreenletExtras();
    return this._extras;
  }

  /** A short description: `Greenlet#3(worker) active`. */
  toString(): string {
    if (this._parent === null) return 'Greenlet(main)';
    const name = this._run?.name;
    const state = this._gen === null ? 'unstarted' : this._gen === DEAD ? 'dead' : 'active';
    return `Greenlet#${this.id}${name ? `(${name})` : ''} ${state}`;
  }
}

function checkRun<F>(run: F | null | undefined): F | undefined {
  if (run == null) return undefined;
  if (typeof run !== 'function') {
    throw new TypeError(`run must be a generator function (function* () {...}), not ${typeof run}`);
  }
  return run;
}

function checkParent(parent: unknown): Greenlet {
  if (!(parent instanceof Greenlet)) {
    const kind = parent === null ? 'null' : typeof parent;
    throw new TypeError(`a greenlet's parent must be a Greenlet, not ${kind}`);
  }
  return parent;
}

function toError(error: unknown): unknown {
  if (error === undefined) return new GreenletExit();
  if (error instanceof Error) return error;
  if (typeof error === 'function' && (error === Error || error.prototype instanceof Error)) {
    return new (error as new () => Error)();
  }
  throw new TypeError(
    `throw() takes an Error instance or an Error class, not ${error === null ? 'null' : typeof error}`,
  );
}

Object.defineProperty(Greenlet.prototype, '_dispatches', { value: false });

const mainGreenlet = new Greenlet();
mainGreenlet._parent = null;
mainGreenlet._gen = ACTIVE;
initMain(mainGreenlet);

/**
 * The running greenlet: inside a body, that body's greenlet; in plain code, the main greenlet
 * (always the same object).
 *
 * @returns The current greenlet.
 * @example
 * ```ts
 * import { Greenlet, getCurrent } from '@tendril/greenlet';
 * console.log(getCurrent().isMain); // true
 * const g = new Greenlet(function* () { return getCurrent() === g; });
 * console.log(g.switch().value); // true
 * ```
 */
export function getCurrent(): Greenlet {
  return current;
}

/**
 * The main greenlet: plain code, the root of every parent chain.
 *
 * @returns The main greenlet.
 * @example
 * ```ts
 * import { getMain } from '@tendril/greenlet';
 * console.log(getMain().parent); // null
 * ```
 */
export function getMain(): Greenlet {
  return mainGreenlet;
}
