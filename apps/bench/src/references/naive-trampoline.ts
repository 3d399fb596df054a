/*
 * A naive greenlet design: each switch is `yield*` over a fresh generator object that writes
 * the target into a register and yields a signal. It is what a switch would cost if it
 * allocated (a generator object per switch); the trampoline is otherwise the flat one.
 */

/** What a naive body yields: only the trampoline reads it. */
export const SIGNAL: unique symbol = Symbol('naive.switch');

/** A naive greenlet's body: switches with `yield* naiveSwitch(target)`. */
export type NaiveBody = Generator<typeof SIGNAL, unknown, unknown>;

/** A greenlet of the naive trampoline: a generator and where its result goes. */
export class NaiveGreenlet {
  /** Assigned after construction when two greenlets must name each other. */
  gen: NaiveBody;
  readonly parent: NaiveGreenlet | null;

  constructor(gen: NaiveBody | null, parent: NaiveGreenlet | null) {
    this.gen = gen as NaiveBody;
    this.parent = parent;
  }
}

let target: NaiveGreenlet | null = null;

/**
 * Switch to `to`: `const v = yield* naiveSwitch(to)`. Allocates a generator on every call.
 *
 * @returns What the next switch back into this greenlet sends.
 */
export function* naiveSwitch(to: NaiveGreenlet): NaiveBody {
  target = to;
  return yield SIGNAL;
}

/**
 * Run `first` and whatever it switches to until a greenlet without a parent finishes.
 *
 * @returns The result of that greenlet.
 */
export function runNaive(first: NaiveGreenlet): unknown {
  let g = first;
  let sent: unknown;
  for (;;) {
    const result = g.gen.next(sent);
    if (result.done === true) {
      const parent = g.parent;
      if (parent === null) return result.value;
      g = parent;
      sent = result.value;
    } else {
      g = target as NaiveGreenlet;
      sent = undefined;
    }
  }
}
