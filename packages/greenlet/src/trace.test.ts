import { afterEach, describe, expect, it } from 'vitest';
import { parked, toParent } from './__fixtures__/support.js';
import {
  Greenlet,
  GreenletError,
  GreenletExit,
  getMain,
  getTrace,
  setTrace,
  type TraceFunction,
} from './index.js';

// Behaviours of python-greenlet's test_tracing.py (TestGreenletTracing) and of
// fail_switch_three_greenlets2.py, adapted: a Tendril tracer only records, it never switches.

class SomeError extends Error {
  override name = 'SomeError';
}

const names = new WeakMap<Greenlet, string>();

/** Give `g` a name for trace logs. */
function named<G extends Greenlet>(name: string, g: G): G {
  names.set(g, name);
  return g;
}

const label = (g: Greenlet) => (g.isMain ? 'main' : (names.get(g) ?? `#${g.id}`));

/** A tracer that appends `"<event> <origin>-><target>"` to `log`. */
function recorder(log: string[]): TraceFunction {
  return (event, origin, target) => {
    log.push(`${event} ${label(origin)}->${label(target)}`);
  };
}

/** A greenlet named `name` whose body returns at once. */
const returning = (name: string) => named(name, new Greenlet(function* () {}));

/** A greenlet that waits for main, then returns `caught <name>` for an error thrown in. */
function waiter(name: string): Greenlet {
  return named(
    name,
    new Greenlet(function* () {
      try {
        yield* toParent();
        return 'resumed';
      } catch (error) {
        return `caught ${(error as Error).name}`;
      }
    }),
  );
}

afterEach(() => {
  setTrace(null);
});

describe('trace events', () => {
  // Each scenario prepares greenlets untraced and returns the part to trace.
  const scenarios: Array<[string, () => () => void, string[]]> = [
    [
      'a greenlet starts and returns',
      () => {
        const g = returning('g');
        return () => g.switch();
      },
      ['switch main->g', 'switch g->main'],
    ],
    [
      'a greenlet dies of an error: it is thrown to main',
      () => {
        const g = named(
          'g',
          new Greenlet(function* () {
            throw new SomeError();
          }),
        );
        return () => expect(() => g.switch()).toThrow(SomeError);
      },
      ['switch main->g', 'throw g->main'],
    ],
    [
      'an error thrown into a suspended greenlet that catches it',
      () => {
        const g = waiter('g');
        g.switch();
        return () => expect(g.throw(SomeError).value).toBe('caught SomeError');
      },
      ['throw main->g', 'switch g->main'],
    ],
    [
      'an error thrown into a suspended greenlet that does not catch it',
      () => {
        const g = named('g', parked());
        return () => expect(() => g.throw(SomeError)).toThrow(SomeError);
      },
      ['throw main->g', 'throw g->main'],
    ],
    [
      'a GreenletExit kills a suspended greenlet: it returns as a value',
      () => {
        const g = named('g', parked());
        return () => expect(g.throw().value).toBeInstanceOf(GreenletExit);
      },
      ['throw main->g', 'switch g->main'],
    ],
    [
      'a greenlet starts another, which returns to it',
      () => {
        const outer = named(
          'outer',
          new Greenlet(function* () {
            const inner = returning('inner');
            yield* inner.switch();
            return 'outer done';
          }),
        );
        return () => expect(outer.switch().value).toBe('outer done');
      },
      ['switch main->outer', 'switch outer->inner', 'switch inner->outer', 'switch outer->main'],
    ],
    [
      'a switch that lands in the current greenlet is no transfer',
      () => {
        const dead = returning('dead');
        dead.switch();
        return () => {
          expect(getMain().switch('self').value).toBe('self');
          expect(dead.switch('to a dead child of main').value).toBe('to a dead child of main');
        };
      },
      [],
    ],
  ];

  it.each(scenarios)('%s', (_, arrange, expected) => {
    const act = arrange();
    const log: string[] = [];
    setTrace(recorder(log));
    act();
    expect(log).toEqual(expected);
  });

  it('records values passed around among main, g1 and g2 in order', () => {
    const log: string[] = [];
    setTrace(recorder(log));
    const g1 = named(
      'g1',
      new Greenlet(function* (arg: unknown) {
        log.push(`g1 arg: ${arg}`);
        const fromParent = yield* toParent('from g1');
        log.push(`g1 got: ${fromParent}`);
        return 'g1 done';
      }),
    );
    const g2 = named(
      'g2',
      new Greenlet(function* (arg: unknown) {
        log.push(`g2 arg: ${arg}`);
        const back = yield* g1.switch('g1 from g2');
        log.push(`g2 got: ${back}`);
        return 'g2 done';
      }),
    );
    const fromMain = (g: Greenlet, value: string) => {
      log.push(`main got: ${g.switch(value).value}`);
    };
    fromMain(g1, 'g1 from main');
    fromMain(g2, 'g2 from main'); // g1 finishes from g2's switch: its result goes to main
    fromMain(g1, 'to dead g1'); // lands in main itself
    fromMain(g2, 'g2 from main again');
    expect(log).toEqual([
      'switch main->g1',
      'g1 arg: g1 from main',
      'switch g1->main',
      'main got: from g1',
      'switch main->g2',
      'g2 arg: g2 from main',
      'switch g2->g1',
      'g1 got: g1 from g2',
      'switch g1->main',
      'main got: g1 done',
      'main got: to dead g1',
      'switch main->g2',
      'g2 got: g2 from main again',
      'switch g2->main',
      'main got: g2 done',
    ]);
  });
});

describe('a tracer that throws', () => {
  function throwingTracer(log: string[]): TraceFunction {
    return (...args) => {
      recorder(log)(...args);
      throw new SomeError('from the tracer');
    };
  }

  it('is removed, and its error is raised in the target at its suspension point', () => {
    const g = waiter('g');
    g.switch();
    const log: string[] = [];
    setTrace(throwingTracer(log));
    expect(g.switch().value).toBe('caught SomeError');
    expect(getTrace()).toBeNull();
    expect(log).toEqual(['switch main->g']);
  });

  it('kills an unstarted target before it runs; the error reaches its parent', () => {
    const ran: string[] = [];
    const g = named(
      'g',
      new Greenlet(function* () {
        ran.push('g');
      }),
    );
    const log: string[] = [];
    setTrace(throwingTracer(log));
    expect(() => g.switch()).toThrow(SomeError);
    expect(getTrace()).toBeNull();
    expect(g.dead).toBe(true);
    expect(ran).toEqual([]);
    expect(log).toEqual(['switch main->g']);
  });
});

describe('setTrace / getTrace', () => {
  it('returns the previous tracer each time', () => {
    const first: TraceFunction = () => {};
    const second: TraceFunction = () => {};
    expect(getTrace()).toBeNull();
    expect(setTrace(first)).toBeNull();
    expect(getTrace()).toBe(first);
    expect(setTrace(second)).toBe(first);
    expect(setTrace(null)).toBe(second);
    expect(getTrace()).toBeNull();
  });

  it('accepts the same tracer twice, and still calls it once per transfer', () => {
    const log: string[] = [];
    const tracer = recorder(log);
    expect(setTrace(tracer)).toBeNull();
    expect(setTrace(tracer)).toBe(tracer);
    returning('g').switch();
    expect(log).toEqual(['switch main->g', 'switch g->main']);
  });

  it('rejects a tracer that is not a function', () => {
    expect(() => setTrace('log' as never)).toThrow(TypeError);
    expect(getTrace()).toBeNull();
  });
});

describe('a tracer that tries to switch', () => {
  it.each([
    ['switch()', (g: Greenlet) => g.switch()],
    ['throw()', (g: Greenlet) => g.throw()],
  ])('gets a clear error from %s, and the transfer goes on', (_, attempt) => {
    const ran: string[] = [];
    const bystander = new Greenlet(function* () {
      ran.push('bystander');
    });
    const log: string[] = [];
    const record = recorder(log);
    const errors: unknown[] = [];
    let tried = false;
    setTrace((event, origin, target) => {
      record(event, origin, target);
      if (tried) return; // one attempt, so that a hijacked transfer fails the test, not loops
      tried = true;
      try {
        attempt(bystander);
      } catch (error) {
        errors.push(error);
      }
    });
    const g = returning('g');
    expect(g.switch().value).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(GreenletError.isInstance(errors[0])).toBe(true);
    expect((errors[0] as Error).message).toMatch(/trace function must not switch/);
    expect(ran).toEqual([]);
    expect(bystander.started).toBe(false);
    expect(log).toEqual(['switch main->g', 'switch g->main']);
  });

  it('that lets the error escape is removed, and the error reaches the target', () => {
    const g = waiter('g');
    g.switch();
    setTrace(() => {
      getMain().switch();
    });
    expect(g.switch().value).toBe('caught GreenletError');
    expect(getTrace()).toBeNull();
  });
});
