import type { Dispatcher } from './dispatcher.js';
import { GreenletError } from './errors/greenlet-error.js';
import { GreenletExit } from './errors/greenlet-exit.js';
import type { Greenlet } from './greenlet.js';
import {
  GeneratorFunction,
  generatorNext,
  generatorThrow,
  isNativeGenerator,
} from './native-generator.js';
import { setTrace, tracer } from './trace.js';

/*
 * Where a switch happens.
 *
 * A greenlet body is a generator. `g.switch()` inside a body writes the transfer into the
 * registers below and returns OP; `yield*` over OP yields the shared SUSPEND result straight
 * out of the body (through every level of `yield*`) to the trampoline loop in `drive()`, which
 * reads the registers and resumes the target with `next(RESUME)` or `throw(error)`. The loop
 * runs inside the main greenlet's `switch()` call and returns when control comes back to main.
 * Nothing on that path allocates: OP, SUSPEND and RESUMED are singletons.
 */

/** The only value a greenlet body ever yields: an opaque marker that only the trampoline reads. */
export interface Suspend {
  readonly __tendrilSuspend: unique symbol;
}

/**
 * What `switch()` and `throw()` return. Inside a greenlet, `yield*` it: the expression's value is
 * what the next switch back into this greenlet sends. In plain code the switch has already run
 * when the call returns: read `.value`.
 */
export interface SwitchResult<T = unknown> {
  [Symbol.iterator](): Iterator<Suspend, T, unknown>;
  /** In plain code: what was sent back to the main greenlet. */
  readonly value: T;
}

/** What a greenlet's `_gen` holds when it is not a generator: see {@link GeneratorSlot}. */
class StateMark {
  constructor(readonly state: 'active' | 'dead') {}
}

/**
 * A greenlet's state is what its `_gen` slot holds: `null` until it starts, the generator of its
 * body while it lives, DEAD once it has finished. ACTIVE stands in for a generator in a live
 * greenlet that has none: main, a dispatcher, a body still being called. (One slot instead of a
 * state field beside it: every greenlet is 8 bytes smaller.)
 */
export type GeneratorSlot = Generator<Suspend, unknown, unknown> | StateMark | null;

export const ACTIVE: GeneratorSlot = new StateMark('active');
export const DEAD: GeneratorSlot = new StateMark('dead');

const IDLE = 0; // plain code of the main greenlet; no trampoline is running
const STEPPING = 1; // a greenlet body is running inside drive()
const TRACING = 2; // the trace function is running

let phase = IDLE;
let main: Greenlet;
/** @internal The running greenlet (the main greenlet when no trampoline runs). */
export let current: Greenlet;

// The transfer registers: where control goes next and what it carries. A value transfer carries
// `argc` arguments packed in `payload` (none: undefined, one: itself, several: an array).
let target: Greenlet;
let throwing = false;
let argc = 0;
let payload: unknown;
/** A `switch()` inside a body has filled the registers and waits for its `yield*`. */
let pending = false;

const RESUME = Symbol('tendril.resume');
const SUSPEND = { value: undefined as unknown as Suspend, done: false as const };
const RESUMED = { value: undefined as unknown, done: true as const };
let resumeValue: unknown;

const FORGOTTEN_YIELD =
  'switch() was called inside a greenlet without yield*: write `yield* g.switch(...)` ' +
  '(or `yield* g.throw(...)`); a switch from a plain callback inside a greenlet cannot suspend it';

/** The object `switch()` returns inside a greenlet; `yield*` drives it. */
const OP = {
  [Symbol.iterator]() {
    return OP;
  },
  next(token?: unknown): IteratorResult<Suspend, unknown> {
    if (token === RESUME) {
      RESUMED.value = resumeValue;
      resumeValue = undefined;
      return RESUMED;
    }
    if (!pending) {
      throw new GreenletError(
        'this switch was already used: each `yield*` needs a fresh `g.switch(...)` call',
      );
    }
    pending = false;
    return SUSPEND;
  },
  throw(error: unknown): never {
    throw error;
  },
  return(value: unknown): IteratorResult<Suspend, unknown> {
    return { value, done: true };
  },
  get value(): never {
    pending = false;
    throw new GreenletError(
      'inside a greenlet the value of a switch is the result of yield*: write ' +
        '`const v = yield* g.switch(...)`, not `g.switch(...).value`',
    );
  },
};

/**
 * @internal For hand-written iterators that wrap a switch (the hub's blocking operations): when
 * such an iterator is resumed, `next(token)` receives the trampoline's resume token; forwarding
 * it here returns the switch's done result, whose value is what was sent.
 */
export function resumeSwitch(token: unknown): IteratorResult<Suspend, unknown> {
  return OP.next(token);
}

/**
 * @internal For dispatchers that call plain callbacks: a `switch()` or `throw()` that such a
 * callback made cannot happen (there is no `yield*` to suspend it). Cancel it.
 *
 * @returns Whether there was one (then report the callback's misuse).
 */
export function cancelPendingSwitch(): boolean {
  if (!pending) return false;
  pending = false;
  payload = undefined;
  return true;
}

/** A switch whose value is already known: main's switches, and a greenlet switching to itself. */
class SettledSwitch<T> implements SwitchResult<T> {
  constructor(readonly value: T) {}
  [Symbol.iterator](): Iterator<Suspend, T, unknown> {
    return this;
  }
  next(): IteratorResult<Suspend, T> {
    return { value: this.value, done: true };
  }
}

/** @internal Called once, with the main greenlet, when the module loads. */
export function initMain(g: Greenlet): void {
  main = g;
  current = g;
}

/**
 * @internal Transfer control to `to` carrying a value or an error: the body of `switch()` and
 * `throw()`. Inside a greenlet this returns OP for `yield*`; in plain code it runs the
 * trampoline until control comes back to main. Schedulers call it directly: `switch(...args)`
 * packs its arguments in an array that V8 allocates whenever the call is not inlined.
 *
 * @param count - How many values the switch carries (0, 1, or more: then `value` is their array).
 */
export function transfer<T>(
  to: Greenlet,
  isThrow: boolean,
  count: number,
  value: unknown,
): SwitchResult<T> {
  // Inside a body, to a suspended greenlet or one that starts with this switch (the hub
  // starting a new greenlet): fill the registers for the trampoline.
  const gen = to._gen;
  if (
    phase === STEPPING &&
    !pending &&
    (gen === null ? !isThrow && to._run !== undefined : gen !== DEAD && to !== current)
  ) {
    target = to;
    throwing = isThrow;
    argc = count;
    payload = value;
    pending = true;
    return OP as unknown as SwitchResult<T>;
  }
  return transferSlowly(to, isThrow, count, value);
}

/** A transfer from plain code, to oneself, to a greenlet not yet running, or a misuse. */
function transferSlowly<T>(
  to: Greenlet,
  isThrow: boolean,
  count: number,
  value: unknown,
): SwitchResult<T> {
  if (phase === TRACING) {
    throw new GreenletError('a trace function must not switch or throw into greenlets');
  }
  if (pending) {
    pending = false;
    throw new GreenletError(FORGOTTEN_YIELD);
  }
  target = to;
  throwing = isThrow;
  argc = count;
  payload = value;
  settle(true);
  if (target === current) {
    const carried = payload;
    payload = undefined;
    if (throwing) throw carried;
    return new SettledSwitch(carried as T);
  }
  if (phase === STEPPING) {
    pending = true;
    return OP as unknown as SwitchResult<T>;
  }
  return new SettledSwitch(drive() as T);
}

/**
 * Move `target` to where the transfer really lands: past dead greenlets to their first live
 * ancestor (a GreenletExit arrives there as a value); an unstarted greenlet thrown into dies
 * without running. One with no `run` cannot start: the caller gets the error (`direct`), or,
 * when a finishing greenlet's result travels up, the error travels on from it.
 */
function settle(direct: boolean): void {
  for (;;) {
    const g = target;
    const gen = g._gen;
    if (gen !== null && gen !== DEAD) return; // alive
    if (gen === null) {
      if (g.run == null) {
        const error = new GreenletError(
          `${g} has no run and cannot start: pass a generator function to new Greenlet(run) ` +
            'or set g.run before switching to it',
        );
        if (direct) throw error;
        throwing = true;
        payload = error;
        argc = 1;
        target = g._parent as Greenlet;
        continue;
      }
      if (!throwing) return;
      g._gen = DEAD;
    }
    if (throwing && GreenletExit.isInstance(payload)) {
      throwing = false;
      argc = 1;
    }
    target = g._parent as Greenlet;
  }
}

/** The trampoline: run greenlets until control comes back to main; return what main receives. */
function drive(): unknown {
  let origin = current;
  phase = STEPPING;
  try {
    for (;;) {
      if (tracer !== null && origin !== target) callTracer(origin);
      const g = target;
      current = g;
      if (g === main) {
        const carried = payload;
        payload = undefined;
        if (throwing) throw carried;
        return carried;
      }
      origin = g;
      if (g._dispatches) {
        dispatchIn(g as Dispatcher);
        continue;
      }
      let result: IteratorResult<unknown, unknown>;
      try {
        const extras = g._extras;
        result = extras === null || extras.runner === null ? step(g) : extras.runner(step, g);
      } catch (error) {
        pending = false;
        finish(g, !GreenletExit.isInstance(error), error);
        continue;
      }
      if (result === SUSPEND) continue;
      if (result.done) {
        if (pending) {
          pending = false;
          finish(g, true, new GreenletError(FORGOTTEN_YIELD));
        } else {
          finish(g, false, result.value);
        }
      } else {
        pending = false;
        raiseIn(
          g,
          new GreenletError(
            `a greenlet body yielded ${describe(result.value)}: greenlet bodies suspend only ` +
              'with `yield*` (write `yield* g.switch(...)`, not `yield g.switch(...)`)',
          ),
        );
      }
    }
  } finally {
    phase = IDLE;
  }
}

/** Enter a dispatcher: it passes control on with a switch, which fills the registers. */
function dispatchIn(g: Dispatcher): void {
  const carried = payload;
  payload = undefined;
  try {
    g.dispatch(carried, throwing);
  } catch (error) {
    pending = false;
    raiseIn(main, error);
    return;
  }
  if (!pending) {
    raiseIn(
      main,
      new GreenletError(`${g} did not pass control on: dispatch() must end with a switch`),
    );
  }
  pending = false;
}

/** Run `g` until it suspends or finishes: start it, or resume it with the registers. */
function step(g: Greenlet): IteratorResult<unknown, unknown> {
  const carried = payload;
  payload = undefined;
  const gen = g._gen as Generator<unknown, unknown, unknown> | null;
  if (gen === null) return start(g, carried);
  if (throwing) return generatorThrow.call(gen, carried);
  resumeValue = carried;
  const result = generatorNext.call(gen, RESUME);
  RESUMED.value = undefined;
  return result;
}

function start(g: Greenlet, args: unknown): IteratorResult<unknown, unknown> {
  const run = g.run as (...args: unknown[]) => unknown;
  g._gen = ACTIVE; // started: it has a generator only once `run` returns it
  const gen =
    argc === 0 ? run.call(g) : argc === 1 ? run.call(g, args) : run.apply(g, args as unknown[]);
  // A generator function always returns a generator: only other functions need the check.
  if (run.constructor !== GeneratorFunction && !isGenerator(gen)) {
    throw new TypeError(
      `${g}: run must be a generator function (\`function* () { ... }\`), but it returned ` +
        `${describe(gen)}; greenlet bodies are generators so that \`yield*\` can suspend them`,
    );
  }
  const body =
    run.constructor === GeneratorFunction || isNativeGenerator(gen)
      ? (gen as Generator<Suspend, unknown, unknown>)
      : delegateTo(gen as Iterator<Suspend, unknown, unknown>);
  g._gen = body;
  return generatorNext.call(body);
}

/** A generator that runs a body written as another kind of iterator (see native-generator.ts). */
function* delegateTo(body: Iterator<Suspend, unknown, unknown>): Generator<Suspend, unknown> {
  return yield* { [Symbol.iterator]: () => body };
}

/** `g` is done: send its result (or error) to its parent as the parent chain is now. */
function finish(g: Greenlet, isError: boolean, value: unknown): void {
  g._gen = DEAD;
  target = g._parent as Greenlet;
  argc = 1;
  try {
    if (g._finished(isError, value)) {
      isError = false;
      value = undefined;
    }
  } catch (error) {
    isError = true;
    value = error;
  }
  throwing = isError;
  payload = value;
  settle(false);
}

/** Throw `error` into `g` at its suspension point. */
function raiseIn(g: Greenlet, error: unknown): void {
  target = g;
  throwing = true;
  argc = 1;
  payload = error;
}

function callTracer(origin: Greenlet): void {
  const fn = tracer as NonNullable<typeof tracer>;
  phase = TRACING;
  try {
    fn(throwing ? 'throw' : 'switch', origin, target);
  } catch (error) {
    setTrace(null);
    throwing = true;
    argc = 1;
    payload = error;
    settle(false);
  } finally {
    phase = STEPPING;
  }
}

function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Generator).next === 'function' &&
    typeof (value as Generator).throw === 'function' &&
    !(Symbol.asyncIterator in value)
  );
}

function describe(value: unknown): string {
  if (value === OP || value instanceof SettledSwitch) return 'a switch (missing `*` after yield)';
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'object' && Symbol.asyncIterator in value) {
    return 'an async generator (greenlet bodies are plain `function*`, not `async function*`)';
  }
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  return `a ${typeof value} (${String(value).slice(0, 40)})`;
}
