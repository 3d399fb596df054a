import { describe, expect, it } from 'vitest';
import { thrownBy, toParent } from './__fixtures__/support.js';
import {
  Greenlet,
  GreenletError,
  GreenletExit,
  getCurrent,
  getMain,
  type Suspend,
} from './index.js';

class SomeError extends Error {
  override name = 'SomeError';
}

/** A greenlet whose body returns `value` at once. */
const returning = (value: unknown, parent?: Greenlet) =>
  new Greenlet(function* () {
    return value;
  }, parent);

/** A greenlet that has run and died. */
function finished(): Greenlet {
  const g = returning(undefined);
  g.switch();
  return g;
}

/** A started greenlet that waits for one value and then returns `${name} got ${value}`. */
function waiting(name: string): Greenlet {
  const g = new Greenlet(function* () {
    return `${name} got ${yield* toParent()}`;
  });
  g.switch();
  return g;
}

/** The four state flags, to compare in one `expect`. */
const state = ({ started, active, dead, isMain }: Greenlet) => ({ started, active, dead, isMain });
const UNSTARTED = { started: false, active: false, dead: false, isMain: false };
const ACTIVE = { started: true, active: true, dead: false, isMain: false };
const DEAD = { started: true, active: false, dead: true, isMain: false };

/** A thunk that assigns `object[key] = value`, for `expect(...).toThrow()`. */
const assigning =
  <T, K extends keyof T>(object: T, key: K, value: unknown) =>
  () => {
    object[key] = value as T[K];
  };

/** Waits for one switch back, records whatever error arrives there, then fails on its own. */
function* fmain(seen: unknown[]): Generator<Suspend, never, unknown> {
  try {
    yield* toParent();
  } catch (error) {
    seen.push((error as Error).constructor);
    throw error;
  }
  throw new SomeError('fmain');
}

describe('switching', () => {
  it('runs a body only when switched to, resumes it where it left off, with the right states', () => {
    const log: unknown[] = [];
    const g = new Greenlet(function* () {
      log.push(1, state(g));
      yield* toParent();
      log.push(3);
    });
    log.push(0, state(g));
    g.switch();
    log.push(2, state(g));
    g.switch();
    log.push(4, state(g));
    expect(log).toEqual([0, UNSTARTED, 1, ACTIVE, 2, ACTIVE, 3, 4, DEAD]);
    expect(state(getMain())).toEqual({ ...ACTIVE, isMain: true });
    expect(getCurrent()).toBe(getMain()); // in plain code, the same object every time
  });

  it('interleaves two tasks as in the DESIGN.md example, never finishing the second', () => {
    const printed: string[] = [];
    const g1: Greenlet = new Greenlet(function* () {
      printed.push('Task 1 - Part 1');
      yield* g2.switch();
      printed.push('Task 1 - Part 2');
    });
    const g2 = new Greenlet(function* () {
      printed.push('Task 2 - Part 1');
      yield* g1.switch();
      printed.push('Task 2 - Part 2');
    });
    g1.switch();
    expect(printed).toEqual(['Task 1 - Part 1', 'Task 2 - Part 1', 'Task 1 - Part 2']);
    expect([state(g1), state(g2)]).toEqual([DEAD, ACTIVE]);
  });

  it('names main, and the body and state of others', () => {
    expect(String(getMain())).toContain('main');
    const g = new Greenlet(function* worker() {
      yield* toParent(String(getCurrent()));
    });
    expect(String(g)).toMatch(/worker.*unstarted/);
    expect(g.switch().value).toMatch(/worker.*active/);
    g.switch();
    expect(String(g)).toMatch(/dead/);
    expect(String(g)).not.toMatch(/active|unstarted/);
  });

  it('keeps two children of main apart', () => {
    const log: string[] = [];
    function* body(name: string) {
      log.push(`${name} part 1`);
      yield* toParent();
      log.push(`${name} part 2`);
    }
    const [g, h] = [new Greenlet(body), new Greenlet(body)];
    g.switch('g');
    h.switch('h');
    h.switch();
    expect([state(g), state(h)]).toEqual([ACTIVE, DEAD]);
    g.switch();
    expect(log).toEqual(['g part 1', 'h part 1', 'h part 2', 'g part 2']);
  });

  it('lets a body create and run a child of its own; getCurrent() follows', () => {
    const log: unknown[] = [];
    const outer = new Greenlet(function* () {
      log.push('a', getCurrent() === outer);
      const inner = new Greenlet(function* () {
        log.push('b', getCurrent() === inner, inner.parent === outer);
        yield* toParent();
      });
      yield* inner.switch();
      log.push('c', getCurrent() === outer);
    });
    outer.switch();
    expect(log).toEqual(['a', true, 'b', true, true, 'c', true]);
    expect(getCurrent()).toBe(getMain());
  });

  it.each([
    { args: [], packed: undefined },
    { args: [1], packed: 1 },
    { args: [[1, 2]], packed: [1, 2] },
    { args: [1, 'two', null], packed: [1, 'two', null] },
  ])('starts run(...$args), and packs later switches as $packed', ({ args, packed }) => {
    const received: unknown[] = [];
    const g = new Greenlet(function* (this: Greenlet, ...startArgs: unknown[]) {
      received.push(startArgs, this === getCurrent());
      received.push(yield* toParent(...args));
      received.push(yield* getCurrent().switch(...args));
      return 'done';
    });
    expect(g.switch(...args).value).toEqual(packed);
    expect(getMain().switch(...args).value).toEqual(packed);
    expect(g.switch(...args).value).toBe('done');
    expect(received).toEqual([args, true, packed, packed]);
  });
});

describe('finishing', () => {
  it('sends the return value to the parent as it is when the greenlet dies', () => {
    const waiter = waiting('waiter');
    const g = new Greenlet(function* () {
      g.parent = waiter;
      return 42;
    });
    expect(g.switch().value).toBe('waiter got 42');
    expect([state(g), state(waiter)]).toEqual([DEAD, DEAD]);
  });

  it('starts an unstarted parent with the result as its only argument', () => {
    const parent = new Greenlet(function* (x: unknown, ...rest: unknown[]) {
      return [x, 24, rest.length];
    });
    const child = returning(42, parent);
    expect(child.switch().value).toEqual([42, 24, 0]);
    expect([state(child), state(parent)]).toEqual([DEAD, DEAD]);
  });

  it('skips dead ancestors: the result goes to the first live one', () => {
    const grand = waiting('grand');
    const middle = finished();
    middle.parent = grand;
    expect(returning(42, middle).switch().value).toBe('grand got 42');
  });

  it('sends a switch to a dead greenlet on to its first live ancestor, starting it if need be', () => {
    const dead = finished();
    expect(dead.switch(25).value).toBe(25);
    expect(dead.switch().value).toBeUndefined();
    const g = new Greenlet(function* () {
      return `g got ${yield* dead.switch('via the dead one')}`;
    });
    expect(g.switch().value).toBe('via the dead one');
    expect(g.switch('x').value).toBe('g got x');
    const unstarted = new Greenlet(function* (...args: unknown[]) {
      return args;
    });
    dead.parent = unstarted;
    expect(dead.switch('hi').value).toEqual(['hi']);
    expect(state(unstarted)).toEqual(DEAD);
  });

  it('delivers a GreenletExit that kills a greenlet as a value, not an error', () => {
    const exit = new GreenletExit('bye');
    const dies = () =>
      new Greenlet(function* () {
        throw exit;
      });
    const g = dies();
    expect([g.switch().value, state(g)]).toEqual([exit, DEAD]);
    const parent = new Greenlet(function* () {
      return yield* dies().switch();
    });
    expect(parent.switch().value).toBe(exit);
  });
});

describe('errors', () => {
  it('throws an uncaught error into the parent, and on up to main', () => {
    const seen: unknown[] = [];
    const [g1, g2] = [new Greenlet(fmain), new Greenlet(fmain)];
    g1.switch(seen);
    g2.switch(seen);
    g2.parent = g1;
    expect(seen).toEqual([]);
    expect(() => g2.switch()).toThrow(SomeError);
    expect(seen).toEqual([SomeError]);
    expect([state(g1), state(g2)]).toEqual([DEAD, DEAD]);
    expect(g2.switch().value).toBeUndefined();
    expect(g2.switch(25).value).toBe(25);
    expect(seen).toEqual([SomeError]);
  });

  class KeyError extends Error {}
  function* crasher(error: Error) {
    throw error;
  }
  it.each([
    ['a child that crashes', (g: Greenlet, e: Error) => new Greenlet(crasher, g).switch(e)],
    ['throw()', (g: Greenlet, e: Error) => g.throw(e)],
  ])('raises an error sent by %s at the suspension point', (_, send) => {
    const seen: unknown[] = [];
    const g = new Greenlet(fmain);
    g.switch(seen);
    expect(() => send(g, new KeyError())).toThrow(KeyError);
    expect(seen).toEqual([KeyError]);
    expect(state(g)).toEqual(DEAD);
  });

  it("gives an error thrown in a body a stack that names the body's generator function", () => {
    function* failingHelper(): Generator<Suspend, never, unknown> {
      yield* toParent();
      throw new SomeError('boom');
    }
    const g = new Greenlet(function* explodingBody() {
      yield* failingHelper();
    });
    g.switch();
    const error = thrownBy(() => g.switch());
    expect(error).toBeInstanceOf(SomeError);
    expect(error.stack).toMatch(/failingHelper[\s\S]*explodingBody/);
  });
});

describe('run', () => {
  it.each([
    ['main switches to it', (g: Greenlet) => thrownBy(() => g.switch())],
    ['main throws into it', (g: Greenlet) => thrownBy(() => g.throw(new SomeError()))],
    ['its child finishes', (g: Greenlet) => thrownBy(() => returning(1, g).switch())],
    [
      'its dead child is switched to',
      (g: Greenlet) => thrownBy(() => Object.assign(finished(), { parent: g }).switch()),
    ],
    [
      'a greenlet switches to it and catches',
      (g: Greenlet) =>
        new Greenlet(function* () {
          try {
            yield* g.switch();
          } catch (error) {
            return error;
          }
        }).switch().value as Error,
    ],
  ])('a greenlet without run, when %s: an error naming run; it stays unstarted', (_, op) => {
    const g = new Greenlet();
    const error = op(g);
    expect(GreenletError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/\brun\b/);
    expect(state(g)).toEqual(UNSTARTED);
    g.run = function* () {
      return 'runs now';
    };
    expect(g.switch().value).toBe('runs now');
  });

  it('may be a plain function returning a generator or an iterator with next and throw', () => {
    function* body(x: number): Generator<Suspend, string, unknown> {
      try {
        const y = (yield* getMain().switch(`paused ${x}`)) as number;
        return `sum ${x + y}`;
      } catch (error) {
        return `caught ${(error as Error).message}`;
      }
    }
    const plain = new Greenlet((x: number) => body(x));
    expect(plain.switch(1).value).toBe('paused 1');
    expect(plain.switch(2).value).toBe('sum 3');
    // A hand-written iterator (as a compiler to older JavaScript makes): not a native generator.
    const handWritten = new Greenlet((x: number) => {
      const gen = body(x);
      const iterator = { next: (v?: unknown) => gen.next(v), throw: (e: unknown) => gen.throw(e) };
      return iterator as unknown as Generator<Suspend, string, unknown>; // its type asks for more
    });
    expect(handWritten.switch(5).value).toBe('paused 5');
    expect(handWritten.throw(new SomeError('stop')).value).toBe('caught stop');
  });

  it('can be replaced until the greenlet starts, and reads undefined from then on', () => {
    const runs: unknown[] = [];
    function* first() {}
    function* second() {
      runs.push(getCurrent().run);
      yield* toParent();
    }
    const g = new Greenlet(first);
    runs.push(g.run);
    g.run = second;
    runs.push(g.run);
    g.switch();
    for (const _ of ['suspended', 'dead']) {
      runs.push(g.run);
      expect(assigning(g, 'run', first)).toThrow(/started/);
      g.switch();
    }
    expect(runs).toEqual([first, second, undefined, undefined, undefined]);
    expect(new Greenlet(null).run).toBeUndefined();
  });
});

describe('parent', () => {
  it('defaults to the current greenlet', () => {
    const other = new Greenlet();
    const g = new Greenlet(function* () {
      return new Greenlet().parent;
    });
    expect(new Greenlet().parent).toBe(getMain());
    expect(new Greenlet(null, null).parent).toBe(getMain());
    expect(new Greenlet(null, other).parent).toBe(other);
    expect(g.switch().value).toBe(g);
  });

  it.each([null, undefined, 1, '42', {}, () => {}])('rejects %o with a TypeError', (bad) => {
    for (const g of [new Greenlet(), waiting('started')]) {
      expect(assigning(g, 'parent', bad)).toThrow(TypeError);
      expect(g.parent).toBe(getMain());
    }
  });

  it('rejects a cyclic parent chain, trivial or deeper, and keeps the old parent', () => {
    const [g1, g2, g3] = [new Greenlet(), new Greenlet(), new Greenlet()];
    expect(assigning(g1, 'parent', g1)).toThrow(/cyclic parent chain/);
    g1.parent = g2;
    g2.parent = g3;
    expect(assigning(g3, 'parent', g1)).toThrow(/cyclic parent chain/);
    expect([g1.parent, g2.parent, g3.parent]).toEqual([g2, g3, getMain()]);
  });

  it("is null for main, and main's parent cannot be set", () => {
    const main = getMain();
    expect([main.parent, main.isMain]).toEqual([null, true]);
    expect(assigning(main, 'parent', main)).toThrow(GreenletError);
    expect(assigning(main, 'parent', new Greenlet())).toThrow(GreenletError);
    expect(main.parent).toBeNull();
  });
});

describe('runner', () => {
  it('runs every step of the body, from its start to its end, until it is set back to null', () => {
    const log: string[] = [];
    const g = new Greenlet(function* () {
      log.push('start');
      yield* getMain().switch();
      log.push('resumed');
      yield* getMain().switch();
      log.push('unwrapped');
    });
    expect(g.runner).toBeNull();
    g.runner = (step, greenlet) => {
      log.push('enter');
      try {
        return step(greenlet);
      } finally {
        log.push('leave');
      }
    };
    g.switch();
    g.switch();
    g.runner = null;
    g.switch();
    expect(log).toEqual(['enter', 'start', 'leave', 'enter', 'resumed', 'leave', 'unwrapped']);
    expect(g.dead).toBe(true);
  });

  it('takes only a function or null, and keeps the old runner otherwise', () => {
    const g = new Greenlet(function* () {});
    expect(() => {
      g.runner = 'fast' as never;
    }).toThrow('greenlet.runner takes a function or null, not string');
    expect(g.runner).toBeNull();
  });
});

describe('scale', () => {
  const N = 10_000;

  it(`runs a chain of ${N} greenlets, each started by the one before, and unwinds it`, () => {
    const chain: Greenlet[] = [];
    function* link(depth: number): Generator<Suspend, number, unknown> {
      chain.push(getCurrent());
      if (depth === N) return 0;
      return 1 + (yield* new Greenlet(link).switch<number>(depth + 1));
    }
    expect(new Greenlet(link).switch(1).value).toBe(N - 1);
    expect(chain.length).toBe(N);
    expect(chain.every((g, i) => g.dead && (i === 0 || g.parent === chain[i - 1]))).toBe(true);
  });

  it('ping-pongs 1,000,000 switches between two greenlets', () => {
    const rounds = 500_000;
    const ping: Greenlet = new Greenlet(function* () {
      let n = 0;
      for (let i = 0; i < rounds; i++) n = yield* pong.switch<number>(n + 1);
      return n;
    });
    const pong = new Greenlet(function* (n: number) {
      for (;;) n = yield* ping.switch<number>(n + 1);
    });
    expect(ping.switch().value).toBe(2 * rounds);
    expect([state(ping), state(pong)]).toEqual([DEAD, ACTIVE]);
  });
});
