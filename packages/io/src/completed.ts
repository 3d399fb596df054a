import type { Suspend } from '@tendril/greenlet';

/**
 * @internal An operation that has already finished with `value`: `yield*` over it evaluates to
 * `value` at once. Share one per value: using it allocates nothing (the fast path of a blocking
 * call, e.g. an uncontended acquire).
 */
export function completed<T>(value: T): Generator<Suspend, T, unknown> {
  const result: IteratorReturnResult<T> = Object.freeze({ done: true, value });
  const iterator = {
    next: () => result,
    return: () => result,
    throw: (error: unknown): never => {
      throw error;
    },
    [Symbol.iterator]: () => iterator,
  };
  return iterator as unknown as Generator<Suspend, T, unknown>;
}
