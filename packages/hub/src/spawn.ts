import { Greenlet, type SpawnBody } from './greenlet.js';

/**
 * Create a greenlet running `fn(...args)` and start it: it runs once the caller yields to the
 * hub (inside a greenlet: its next wait; in plain code: when the current task ends).
 *
 * @param fn - A generator function.
 * @param args - Its arguments.
 * @returns The greenlet: `yield* g` / `await g` for its value.
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * const g = spawn(function* (a: number, b: number) { return a + b; }, 1, 2);
 * console.log(await g); // 3
 * ```
 */
export function spawn<T, A extends unknown[]>(fn: SpawnBody<T, A>, ...args: A): Greenlet<T, A> {
  return new Greenlet(fn, ...args).start();
}

/**
 * Like {@link spawn}, starting the greenlet `ms` milliseconds from now.
 *
 * @param ms - The delay.
 * @param fn - A generator function.
 * @param args - Its arguments.
 * @returns The greenlet, unstarted until then.
 * @example
 * ```ts
 * import { spawnLater } from '@tendril/hub';
 * const g = spawnLater(50, function* () { return 'late'; });
 * console.log(await g); // late, after 50 ms
 * ```
 */
export function spawnLater<T, A extends unknown[]>(
  ms: number,
  fn: SpawnBody<T, A>,
  ...args: A
): Greenlet<T, A> {
  return new Greenlet(fn, ...args).startLater(ms);
}
