/*
 * The limit: the smallest greenlet trampoline V8 can run. A body `yield`s the greenlet to switch
 * to, itself, so a switch costs one generator resume and one iterator-result object, and
 * nothing else: no registers, no checks, no error paths, no tracing, no values sent.
 */

/** A flat greenlet's body: yields the next greenlet to run; its return value goes to the parent. */
export type FlatBody = Generator<FlatGreenlet, unknown, unknown>;

/** A greenlet of the flat trampoline: a generator and where its result goes. */
export class FlatGreenlet {
  /** Assigned after construction when two greenlets must name each other. */
  gen: FlatBody;
  readonly parent: FlatGreenlet | null;

  constructor(gen: FlatBody | null, parent: FlatGreenlet | null) {
    this.gen = gen as FlatBody;
    this.parent = parent;
  }
}

/**
 * Run `first` and whatever it switches to until a greenlet without a parent finishes.
 *
 * @returns The result of that greenlet.
 */
export function runFlat(first: FlatGreenlet): unknown {
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
      g = result.value;
      sent = undefined;
    }
  }
}
