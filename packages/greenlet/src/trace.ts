import type { Greenlet } from './greenlet.js';

/** What a transfer carries: a value (`'switch'`) or an error (`'throw'`). */
export type TraceEvent = 'switch' | 'throw';

/**
 * A trace function: called once per real transfer of control, before the target runs, with the
 * greenlet that gives up control (`origin`) and the one that receives it (`target`).
 * If it throws, it is removed and its error is raised in the target instead.
 * It must not switch.
 */
export type TraceFunction = (event: TraceEvent, origin: Greenlet, target: Greenlet) => void;

/** @internal The installed trace function; read by the trampoline on every transfer. */
export let tracer: TraceFunction | null = null;

/**
 * Install a trace function for every greenlet transfer (greenlet's `settrace`).
 *
 * @param fn - The new trace function, or `null` to stop tracing.
 * @returns The previously installed trace function, or `null`.
 * @throws TypeError when `fn` is neither a function nor `null`.
 * @example
 * ```ts
 * import { Greenlet, setTrace } from '@tendril/greenlet';
 * const previous = setTrace((event, origin, target) => console.log(event, `${origin} -> ${target}`));
 * new Greenlet(function* () {}).switch(); // logs: switch main -> ..., switch ... -> main
 * setTrace(previous);
 * ```
 */
export function setTrace(fn: TraceFunction | null): TraceFunction | null {
  if (fn !== null && typeof fn !== 'function') {
    throw new TypeError(`setTrace() takes a function or null, not ${typeof fn}`);
  }
  const previous = tracer;
  tracer = fn;
  return previous;
}

/**
 * The installed trace function (greenlet's `gettrace`).
 *
 * @returns The current trace function, or `null` when none is installed.
 * @example
 * ```ts
 * import { getTrace } from '@tendril/greenlet';
 * console.log(getTrace()); // null
 * ```
 */
export function getTrace(): TraceFunction | null {
  return tracer;
}
