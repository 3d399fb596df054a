import { describe, expect, it } from 'vitest';
import { Greenlet, getCurrent, type Suspend } from './index.js';

/*
 * A "genlet": an iterator whose values come from a greenlet, as Python greenlet's generator
 * tests build one. Its body hands each value to whoever asked for it with `yield* produce(v)`,
 * from any depth of helper generators. Plain code iterates it with for-of; a greenlet body (for
 * instance another genlet) steps it with `yield* genlet.step()` or `yield* forEach(genlet, fn)`,
 * since only `yield*` can suspend a body.
 */

type Body = Generator<Suspend, unknown, unknown>;

class Genlet<T> extends Greenlet implements Iterable<T> {
  /** A genlet nested in this one that produced past it (`produce(v, 2)`) and waits to go on. */
  child: Genlet<unknown> | null = null;

  /** @param produce - Starts the producing body (called when the genlet is first stepped). */
  constructor(produce: () => Body) {
    super(function* () {
      yield* produce();
    });
  }

  /** The next value, from inside a greenlet body. */
  *step(): Generator<Suspend, IteratorResult<T, undefined>, unknown> {
    return this.result(yield* this.resumeTarget().switch());
  }

  /** The values, from plain code; leaving the loop early kills the producer. */
  [Symbol.iterator](): Iterator<T, undefined> {
    return {
      next: () => this.result(this.resumeTarget().switch().value),
      return: () => {
        if (this.active) {
          this.parent = getCurrent();
          this.throw();
        }
        return { done: true, value: undefined };
      },
    };
  }

  /** Where the consumer switches to: this genlet, or the nested one that produced past it. */
  private resumeTarget(): Greenlet {
    let target = this.child;
    this.child = null;
    if (target === null) {
      this.parent = getCurrent();
      return this;
    }
    for (let next = target.child; next !== null; next = target.child) {
      target.child = null;
      target = next;
    }
    return target;
  }

  private result(value: unknown): IteratorResult<T, undefined> {
    return this.dead ? { done: true, value: undefined } : { done: false, value: value as T };
  }
}

/** Turn a body into a genlet factory (Python's `@generator` decorator). */
const genlet =
  <T, A extends unknown[]>(body: (...args: A) => Body) =>
  (...args: A): Genlet<T> =>
    new Genlet<T>(() => body(...args));

/**
 * Hand `value` to the consumer `level` genlets up and wait to be asked for the next one
 * (Python's `Yield(value, level)`): level 2 skips the genlet that is iterating this one.
 */
function* produce(value: unknown, level = 1): Body {
  let g: Greenlet = getCurrent();
  for (let i = level; i > 0; i--) {
    if (!(g instanceof Genlet)) throw new Error('produce() called outside a genlet');
    const parent = g.parent as Greenlet;
    if (i > 1 && parent instanceof Genlet) parent.child = g;
    g = parent;
  }
  return yield* g.switch(value);
}

/** Run `fn` on each value of `source`, inside a greenlet body. */
function* forEach<T>(source: Genlet<T>, fn: (value: T) => Body): Generator<Suspend, void> {
  for (let r = yield* source.step(); !r.done; r = yield* source.step()) yield* fn(r.value);
}

// ____________________________________________________________ the producers under test

type Counter = (n: number, seen: number[]) => Iterable<number>;

function* plainGenerator(n: number, seen: number[]) {
  for (let i = 0; i < n; i++) {
    seen.push(i + 1);
    yield i;
  }
}

const direct = genlet<number, [number, number[]]>(function* (n, seen) {
  for (let i = 0; i < n; i++) {
    seen.push(i + 1);
    yield* produce(i);
  }
});

function* nested(i: number) {
  yield* produce(i);
}

const viaHelper = genlet<number, [number, number[]]>(function* (n, seen) {
  for (let i = 0; i < n; i++) {
    seen.push(i + 1);
    yield* nested(i);
  }
});

/** 1..n, each level re-producing what the genlet below it produces. */
const ax: (n: number) => Genlet<number> = genlet(function* (n: number) {
  if (n === 0) return;
  yield* forEach(ax(n - 1), (value) => produce(value));
  yield* produce(n);
});

const perms: (l: number[]) => Genlet<number[]> = genlet(function* (l: number[]) {
  if (l.length <= 1) return yield* produce(l);
  for (const e of l) {
    yield* forEach(perms(l.filter((x) => x !== e)), (p) => produce([e, ...p]));
  }
});

/** Produces ii to its consumer and ii² past it, to the consumer's consumer. */
const gr1 = genlet<number, [number]>(function* (n) {
  for (let ii = 1; ii < n; ii++) {
    yield* produce(ii);
    yield* produce(ii * ii, 2);
  }
});

const gr2 = genlet<number, [number, number[]]>(function* (n, seen) {
  const inner = gr1(n);
  for (let r = yield* inner.step(); !r.done; r = yield* inner.step()) seen.push(r.value);
});

const show = (permutation: number[]) => permutation.join('');

/** Pairs of values until either iterable ends (Python's `zip`). */
function zip<A, B>(a: Iterable<A>, b: Iterable<B>): [A, B][] {
  const [ia, ib] = [a[Symbol.iterator](), b[Symbol.iterator]()];
  const pairs: [A, B][] = [];
  for (let x = ia.next(), y = ib.next(); !x.done && !y.done; x = ia.next(), y = ib.next()) {
    pairs.push([x.value, y.value]);
  }
  return pairs;
}

// ____________________________________________________________ tests

function* produceTen() {
  yield* produce(10);
}
function* produceTenTwoUp() {
  yield* produce(10, 2);
}

describe('genlet (test_generator)', () => {
  it.each<[string, Counter]>([
    ['a plain generator', plainGenerator],
    ['a genlet', direct],
    ['a genlet producing from a helper generator', viaHelper],
  ])('%s interleaves producer and consumer, run after run', (_, counter) => {
    const seen: number[] = [];
    for (let run = 0; run < 3; run++) {
      for (const j of counter(5, seen)) seen.push(j);
    }
    expect(seen).toEqual(Array(3).fill([1, 0, 2, 1, 3, 2, 4, 3, 5, 4]).flat());
  });

  it('is dead once exhausted, and stays exhausted', () => {
    const g = direct(2, []);
    const iterator = g[Symbol.iterator]();
    expect([iterator.next(), iterator.next(), iterator.next(), iterator.next()]).toEqual([
      { done: false, value: 0 },
      { done: false, value: 1 },
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
    expect(g.dead).toBe(true);
  });

  it('kills the producer when the consumer leaves the loop early; its finally runs', () => {
    const log: string[] = [];
    const counting = genlet<number, []>(function* () {
      try {
        for (let i = 0; ; i++) yield* produce(i);
      } finally {
        log.push('cleanup');
      }
    });
    const g = counting();
    for (const i of g) {
      log.push(`got ${i}`);
      if (i === 2) break;
    }
    expect(log).toEqual(['got 0', 'got 1', 'got 2', 'cleanup']);
    expect(g.dead).toBe(true);
  });

  it('rethrows the producer’s error in the consumer, even through a nested genlet', () => {
    const failing = genlet<number, []>(function* () {
      yield* produce(1);
      throw new Error('broken');
    });
    const got: unknown[] = [];
    expect(() => {
      for (const v of failing()) got.push(v);
    }).toThrow('broken');
    const outer = genlet<unknown, []>(function* () {
      try {
        yield* forEach(failing(), (v) => produce(v));
      } catch (error) {
        yield* produce(`caught ${(error as Error).message}`);
      }
    });
    expect([...got, ...outer()]).toEqual([1, 1, 'caught broken']);
  });

  it.each([
    ['in plain code', () => produce(10).next()],
    ['in a greenlet that is not a genlet', () => new Greenlet(produceTen).switch()],
    ['past the outermost genlet', () => [...genlet(produceTenTwoUp)()]],
  ])('refuses produce() %s', (_, call) => {
    expect(call).toThrow('produce() called outside a genlet');
  });
});

describe('nested genlets (test_generator_nested)', () => {
  it('re-produces through five levels of genlets', () => {
    expect([...ax(5)]).toEqual([1, 2, 3, 4, 5]);
    expect([...ax(0)]).toEqual([]);
  });

  it('lets a nested genlet produce past its consumer, to the outer consumer', () => {
    const seen: number[] = [];
    for (const ii of gr2(5, seen)) seen.push(ii);
    expect(seen).toEqual([1, 1, 2, 4, 3, 9, 4, 16]);
  });

  it('builds all permutations recursively, one genlet per level', () => {
    const all = [...perms([0, 1, 2, 3])].map(show);
    expect(new Set(all).size).toBe(24);
    expect(all).toContain('3210');
    expect(all.slice(0, 6)).toEqual(['0123', '0132', '0213', '0231', '0312', '0321']);
  });

  it('interleaves two permutation genlets step by step from plain code', () => {
    const pairs = zip(perms([0, 1, 2, 3]), perms([0, 1, 2])).map((pair) => pair.map(show));
    expect(pairs).toEqual([
      ['0123', '012'],
      ['0132', '021'],
      ['0213', '102'],
      ['0231', '120'],
      ['0312', '201'],
      ['0321', '210'],
    ]);
  });

  it('interleaves two permutation genlets inside a greenlet', () => {
    const pairs: string[][] = [];
    const g = new Greenlet(function* () {
      const [a, b] = [perms([1, 2]), perms([3, 4, 5])];
      for (;;) {
        const [x, y] = [yield* a.step(), yield* b.step()];
        if (x.done || y.done) return pairs;
        pairs.push([show(x.value), show(y.value)]);
      }
    });
    expect(g.switch().value).toEqual([
      ['12', '345'],
      ['21', '354'],
    ]);
  });
});
