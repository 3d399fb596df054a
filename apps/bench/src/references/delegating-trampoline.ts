/*
 * The floor for Tendril's switch protocol: a body switches with `yield* to(target)`, where
 * `to` writes the target into a register and returns one shared iterator. `yield*` pulls a
 * shared "not done" result from it, which suspends the whole generator stack out to the
 * trampoline; on resume it pulls a shared "done" result carrying the sent value. Nothing is
 * allocated and nothing is checked: it is Tendril with everything but the protocol removed, so
 * the gap between it and the flat trampoline is what `yield*` over an iterator costs on V8.
 */

/** A delegating body: switches with `yield* to(target)`; yields only the shared marker. */
export type DelegatingBody = Generator<unknown, unknown, unknown>;

/** A greenlet of the delegating trampoline: a generator and where its result goes. */
export class DelegatingGreenlet {
  /** Assigned after construction when two greenlets must name each other. */
  gen: DelegatingBody;
  readonly parent: DelegatingGreenlet | null;

  constructor(gen: DelegatingBody | null, parent: DelegatingGreenlet | null) {
    this.gen = gen as DelegatingBody;
    this.parent = parent;
  }
}

const RESUME = Symbol('delegating.resume');
const SUSPENDED: IteratorResult<unknown, unknown> = { value: undefined, done: false };
const RESUMED: { value: unknown; done: true } = { value: undefined, done: true };
let target: DelegatingGreenlet | null = null;

const OP: IterableIterator<unknown> = {
  [Symbol.iterator]() {
    return OP;
  },
  next(token?: unknown): IteratorResult<unknown, unknown> {
    return token === RESUME ? RESUMED : SUSPENDED;
  },
};

/**
 * Switch to `greenlet`: `const v = yield* to(greenlet)`.
 *
 * @returns The shared iterator for `yield*`.
 */
export function to(greenlet: DelegatingGreenlet): Iterable<unknown, unknown, unknown> {
  target = greenlet;
  return OP;
}

/**
 * Run `first` and whatever it switches to until a greenlet without a parent finishes.
 *
 * @returns The result of that greenlet.
 */
export function runDelegating(first: DelegatingGreenlet): unknown {
  let g = first;
  for (;;) {
    const result = g.gen.next(RESUME);
    RESUMED.value = undefined;
    if (result.done === true) {
      const parent = g.parent;
      if (parent === null) return result.value;
      g = parent;
      RESUMED.value = result.value;
    } else {
      g = target as DelegatingGreenlet;
    }
  }
}
