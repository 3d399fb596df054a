import type { Suspend } from './trampoline.js';

/**
 * @internal The constructor of generator functions, which is not a global: a generator function
 * `fn` has `fn.constructor === GeneratorFunction`.
 */
export const GeneratorFunction: new (
  ...args: string[]
) => (...args: unknown[]) => Generator<unknown, unknown, unknown> = Object.getPrototypeOf(
  function* () {},
).constructor;

/**
 * What every generator inherits. Greenlet bodies' generators are stepped with its `next` and
 * `throw`, called directly: each generator function gives its generators a hidden class of
 * their own, so a `gen.next` look-up meets a new one whenever a new body function runs (an
 * inline `function*` is a new function on every call), goes megamorphic, and deoptimizes the
 * code around it again and again.
 */
const GENERATOR: Generator<Suspend, unknown, unknown> = GeneratorFunction.prototype.prototype;

/**
 * @internal `gen.next(value)` for a native generator, without a look-up on `gen`:
 * `generatorNext.call(gen, value)`.
 */
export const generatorNext = GENERATOR.next;

/** @internal `gen.throw(error)` for a native generator: `generatorThrow.call(gen, error)`. */
export const generatorThrow = GENERATOR.throw;

/**
 * @internal Whether `value` is a generator made by a generator function, which
 * {@link generatorNext} and {@link generatorThrow} can step.
 */
export function isNativeGenerator(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto !== null && Object.getPrototypeOf(proto) === GENERATOR;
}
