import { describe, expect, it } from 'vitest';
import { parked, thrownBy } from './__fixtures__/support.js';
import {
  Greenlet,
  type GreenletBody,
  GreenletError,
  GreenletExit,
  getMain,
  TendrilError,
} from './index.js';

// Misuse gets a clear error that says what to do (DESIGN.md §3), and the error classes work
// across copies of the package.

/** A body the type checker would reject: the runtime checks are what is under test here. */
const untyped = (body: (...args: never[]) => unknown) => body as unknown as GreenletBody;

describe('a switch not delegated with yield*', () => {
  const misuses: Array<[string, (target: Greenlet) => void]> = [
    ['a forgotten yield*', (target) => void target.switch('lost')],
    [
      'a switch from a plain callback',
      (target) => {
        [1].forEach(() => {
          target.switch('lost');
        });
      },
    ],
  ];

  it.each(misuses)('%s, then a suspension: the error is thrown in right there', (_, misuse) => {
    const log: string[] = [];
    const target = parked(log);
    const g = new Greenlet(function* () {
      misuse(target);
      log.push('after the misuse');
      try {
        yield* getMain().switch('suspended');
      } catch (error) {
        log.push(`caught ${(error as Error).name}`, (error as Error).message);
      }
      return yield* getMain().switch('went on');
    });
    expect(g.switch().value).toBe('went on');
    expect(log.slice(0, 2)).toEqual(['after the misuse', 'caught GreenletError']);
    expect(log[2]).toMatch(/without yield\*: write `yield\* g\.switch\(\.\.\.\)`/);
    expect(log).toHaveLength(3);
    expect(g.switch('done').value).toBe('done');
  });

  it.each(misuses)('%s, then a return: the greenlet dies of the error', (_, misuse) => {
    const log: string[] = [];
    const target = parked(log);
    const g = new Greenlet(function* () {
      misuse(target);
      return 'returned';
    });
    const error = thrownBy(() => g.switch());
    expect(GreenletError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/write `yield\* g\.switch\(\.\.\.\)`/);
    expect(g.dead).toBe(true);
    expect(log).toEqual([]);
  });

  it('a second switch from the same callback throws at once', () => {
    const g = new Greenlet(function* () {
      try {
        [1, 2].forEach(() => {
          getMain().switch();
        });
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(g.switch().value).toMatch(/without yield\*/);
  });
});

describe('yield instead of yield*', () => {
  it.each([
    ['yield g.switch()', () => getMain().switch('lost'), /yielded a switch \(missing `\*`/],
    ['yield 42', () => 42, /yielded a number \(42\)/],
    ['a bare yield', () => undefined, /yielded undefined/],
  ])('%s throws an error into the body at that yield; the body can go on', (_, operand, what) => {
    const errors: string[] = [];
    const g = new Greenlet(
      untyped(function* () {
        try {
          yield operand();
          errors.push('no error');
        } catch (error) {
          errors.push((error as Error).message);
        }
        return yield* getMain().switch('went on');
      }),
    );
    expect(g.switch().value).toBe('went on');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(what);
    expect(errors[0]).toMatch(/suspend only with `yield\*`/);
    expect(g.switch('done').value).toBe('done');
  });

  it('is rejected by the type checker too, as is a body that is not a generator', () => {
    // @ts-expect-error -- a body that yields a switch is not a GreenletBody
    const yielding = new Greenlet(function* () {
      yield getMain().switch();
    });
    // @ts-expect-error -- a plain function is not a GreenletBody
    const plain = new Greenlet(() => 42);
    expect([yielding.started, plain.started]).toEqual([false, false]);
  });
});

describe('a run that is not a generator function', () => {
  it.each([
    ['a plain function', untyped(function plain() {})],
    ['an arrow function', untyped(() => 'not a generator')],
    ['an async function', untyped(async () => {})],
  ])('%s: a TypeError naming generator functions, raised to the parent', (_, run) => {
    const parent: Greenlet = new Greenlet(function* () {
      try {
        yield* child.switch();
        return 'no error';
      } catch (error) {
        return error;
      }
    });
    const child = new Greenlet(run, parent);
    const error = parent.switch().value;
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/run must be a generator function/);
    expect(child.dead).toBe(true);
  });

  it('an async generator function: a TypeError too', () => {
    let steps = 0;
    const run = untyped(() => {
      const generator = (async function* () {})();
      // Guard each step so that a trampoline that keeps stepping it fails here, not loops.
      for (const key of ['next', 'throw'] as const) {
        const step = generator[key].bind(generator) as (arg?: unknown) => Promise<unknown>;
        const guarded = (arg?: unknown) => {
          if (++steps > 10) throw new Error(`stepped ${steps} times`);
          const promise = step(arg);
          promise.catch(() => {});
          return promise;
        };
        Object.defineProperty(generator, key, { value: guarded });
      }
      return generator;
    });
    const error = thrownBy(() => new Greenlet(run).switch());
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/run must be a generator function/);
  });

  it.each([
    ['a number', 42],
    ['a string', 'run'],
    ['an object', {}],
  ])('%s: a TypeError at construction, and when assigned', (_, run) => {
    expect(() => new Greenlet(run as never)).toThrow(/must be a generator function/);
    const g = new Greenlet();
    expect(() => {
      g.run = run as never;
    }).toThrow(TypeError);
  });
});

describe('the result of a switch inside a greenlet', () => {
  it('has no .value: reading it says to write `const v = yield* ...`', () => {
    const g = new Greenlet(function* () {
      return getMain().switch('lost').value;
    });
    const error = thrownBy(() => g.switch());
    expect(GreenletError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/const v = yield\* g\.switch\(\.\.\.\)/);
    expect(g.dead).toBe(true);
  });

  it('has no .value: a body that catches that error can go on', () => {
    const g = new Greenlet(function* () {
      try {
        getMain().switch('lost').value;
      } catch {}
      return yield* getMain().switch('went on');
    });
    expect(g.switch().value).toBe('went on');
  });

  it('can be delegated to only once', () => {
    const g = new Greenlet(function* () {
      const result = getMain().switch('first');
      yield* result;
      try {
        yield* result;
      } catch (error) {
        return error;
      }
    });
    expect(g.switch().value).toBe('first');
    const error = g.switch().value;
    expect(GreenletError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/already used.*fresh `g\.switch\(\.\.\.\)`/);
  });
});

describe('error classes', () => {
  const classes = [
    ['TendrilError', TendrilError],
    ['GreenletError', GreenletError],
    ['GreenletExit', GreenletExit],
  ] as const;

  it.each(classes)('%s has a stable name and carries its cause', (name, ErrorClass) => {
    const cause = new Error('underneath');
    const error = new ErrorClass('what happened', { cause });
    expect(error.name).toBe(name);
    expect(String(error)).toBe(`${name}: what happened`);
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });

  it('isInstance follows the class chain', () => {
    const matrix = classes.map(([, ErrorClass]) => {
      const error = new ErrorClass('x');
      return classes.map(([, Checker]) => Checker.isInstance(error));
    });
    expect(matrix).toEqual([
      [true, false, false],
      [true, true, false],
      [true, false, true],
    ]);
    for (const [, Checker] of classes) {
      for (const other of [new Error('x'), null, undefined, 'GreenletExit', {}]) {
        expect(Checker.isInstance(other)).toBe(false);
      }
    }
  });

  it('isInstance recognises an error from a second copy of the package by its marker', () => {
    const marker = (name: string) => Symbol.for(`tendril.error.${name}`);
    const foreign = { [marker('TendrilError')]: true, [marker('GreenletExit')]: true };
    expect(foreign instanceof GreenletExit).toBe(false);
    expect([GreenletExit.isInstance(foreign), TendrilError.isInstance(foreign)]).toEqual([
      true,
      true,
    ]);
    expect(GreenletError.isInstance(foreign)).toBe(false);
  });

  it('a GreenletExit from a second copy kills a greenlet like ours: it arrives as a value', () => {
    class ForeignExit extends Error {
      constructor(message: string) {
        super(message);
        for (const name of ['TendrilError', 'GreenletExit']) {
          Object.defineProperty(this, Symbol.for(`tendril.error.${name}`), { value: true });
        }
      }
    }
    const g = new Greenlet(function* () {
      yield* getMain().switch();
    });
    g.switch();
    const exit = new ForeignExit('from the other copy');
    expect(g.throw(exit).value).toBe(exit);
    expect(g.dead).toBe(true);
  });

  it('GreenletExit has a default message', () => {
    expect(new GreenletExit().message).toMatch(/asked to exit/);
  });
});
