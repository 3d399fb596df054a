import { describe, expect, it } from 'vitest';
import { thrownBy, toParent } from './__fixtures__/support.js';
import { Greenlet, GreenletExit, getCurrent, getMain } from './index.js';

// Behaviours of python-greenlet's test_throw.py, as a TypeScript user of Tendril meets them.

class Boom extends Error {
  override name = 'Boom';
}

/** A greenlet that reports 'ready', then 'ok' if what is thrown in passes `accept`. */
function catcher(accept: (error: unknown) => boolean): Greenlet {
  return new Greenlet(function* () {
    try {
      yield* toParent('ready');
    } catch (error) {
      if (accept(error)) yield* toParent('ok');
    }
    yield* toParent('fail');
  });
}

describe('throw() into a suspended greenlet', () => {
  it('raises an Error class as a new instance of it, at the suspension point', () => {
    const g = catcher((e) => e instanceof Boom && e.name === 'Boom');
    expect(g.switch().value).toBe('ready');
    expect(g.throw(Boom).value).toBe('ok');
    expect(g.active).toBe(true);
  });

  it('raises an Error instance as itself', () => {
    const error = new RangeError('ciao');
    const g = catcher((e) => e === error);
    expect(g.switch().value).toBe('ready');
    expect(g.throw(error).value).toBe('ok');
  });

  it('unwinds nested frames, running every finally block innermost first', () => {
    const log: string[] = [];
    function* helper() {
      try {
        yield* toParent('suspended');
      } finally {
        log.push('helper finally');
      }
    }
    const g = new Greenlet(function* () {
      try {
        yield* helper();
        log.push('after helper');
      } finally {
        log.push('body finally');
      }
    });
    g.switch();
    expect(g.throw().value).toBeInstanceOf(GreenletExit);
    expect(log).toEqual(['helper finally', 'body finally']);
  });
});

describe('kill: throw() with no argument', () => {
  it('raises a GreenletExit; the greenlet dies and its parent gets the exit as a value', () => {
    const log: string[] = [];
    const g = new Greenlet(function* () {
      yield* toParent('ok');
      log.push('resumed');
    });
    expect(g.switch().value).toBe('ok');
    const exit = g.throw().value;
    expect(GreenletExit.isInstance(exit)).toBe(true);
    expect(g.dead).toBe(true);
    expect(log).toEqual([]);
    // Thrown into the dead greenlet, a GreenletExit is eaten: its parent gets it as a value.
    const again = g.throw().value;
    expect(again).toBeInstanceOf(GreenletExit);
    expect(again).not.toBe(exit);
  });

  it('delivers the very GreenletExit passed in', () => {
    const g = new Greenlet(function* () {
      yield* toParent();
    });
    g.switch();
    const exit = new GreenletExit('shutting down');
    expect(g.throw(exit).value).toBe(exit);
  });

  it('lets a greenlet that catches the exit return a value instead', () => {
    const g = new Greenlet(function* () {
      try {
        yield* toParent();
      } catch (error) {
        if (GreenletExit.isInstance(error)) return 'clean shutdown';
        throw error;
      }
    });
    g.switch();
    expect(g.throw().value).toBe('clean shutdown');
    expect(g.dead).toBe(true);
  });

  it('lets cleanup in a finally block suspend before the greenlet dies', () => {
    const g = new Greenlet(function* () {
      try {
        yield* toParent('working');
      } finally {
        yield* toParent('cleaning up');
      }
    });
    g.switch();
    expect(g.throw().value).toBe('cleaning up');
    expect(g.active).toBe(true);
    expect(g.switch().value).toBeInstanceOf(GreenletExit);
    expect(g.dead).toBe(true);
  });
});

describe('throw() goes to the original parent', () => {
  /** g2 (parent g1) and g1 (parent main): g1 catches a RangeError, g2 just waits. */
  function chain(log: string[]) {
    const g1 = new Greenlet(function* () {
      log.push('g1 ran');
      try {
        yield* getMain().switch('g1 ready to catch');
      } catch (error) {
        if (error instanceof RangeError) return 'caught';
        throw error;
      }
      return 'normal exit';
    });
    const g2 = new Greenlet(function* () {
      log.push('g2 ran');
      try {
        yield* getMain().switch('from g2');
      } finally {
        log.push('g2 unwound');
      }
    }, g1);
    return { g1, g2 };
  }

  it('neither started: both die without running and the error reaches main', () => {
    const log: string[] = [];
    const { g1, g2 } = chain(log);
    expect(() => g2.throw(RangeError)).toThrow(RangeError);
    expect([g1.dead, g2.dead]).toEqual([true, true]);
    expect(log).toEqual([]);
  });

  it('only the parent started: the child dies without running, the parent catches', () => {
    const log: string[] = [];
    const { g1, g2 } = chain(log);
    expect(g1.switch().value).toBe('g1 ready to catch');
    expect(g2.throw(RangeError).value).toBe('caught');
    expect([g1.dead, g2.dead]).toEqual([true, true]);
    expect(log).toEqual(['g1 ran']);
  });

  it('both started: the child unwinds, then its parent catches', () => {
    const log: string[] = [];
    const { g1, g2 } = chain(log);
    expect(g1.switch().value).toBe('g1 ready to catch');
    expect(g2.switch().value).toBe('from g2');
    expect(g2.throw(RangeError).value).toBe('caught');
    expect([g1.dead, g2.dead]).toEqual([true, true]);
    expect(log).toEqual(['g1 ran', 'g2 ran', 'g2 unwound']);
  });
});

describe('throw() into an unstarted greenlet', () => {
  it('kills it without running its body; an error is thrown in the parent', () => {
    const log: string[] = [];
    const g = new Greenlet(function* () {
      log.push('ran');
    });
    const error = new Boom('never started');
    expect(thrownBy(() => g.throw(error))).toBe(error);
    expect(g.dead).toBe(true);
    expect(log).toEqual([]);
  });

  it('kills it without running its body; a GreenletExit reaches the parent as a value', () => {
    const log: string[] = [];
    const g = new Greenlet(function* () {
      log.push('ran');
    });
    expect(g.throw().value).toBeInstanceOf(GreenletExit);
    expect(g.dead).toBe(true);
    expect(log).toEqual([]);
  });

  it('from inside its parent: the error comes straight back, raised at the throw', () => {
    const log: string[] = [];
    const error = new Boom('to my child');
    const parent = new Greenlet(function* () {
      const child = new Greenlet(function* () {
        log.push('child ran');
      });
      try {
        yield* child.throw(error);
      } catch (e) {
        log.push(e === error ? 'raised in parent' : 'something else');
      }
      return child.dead;
    });
    expect(parent.switch().value).toBe(true);
    expect(log).toEqual(['raised in parent']);
  });
});

describe('throw() into the current greenlet', () => {
  it('inside a body raises the error right there', () => {
    const error = new Boom('self');
    const g = new Greenlet(function* () {
      try {
        yield* getCurrent().throw(error);
        return 'not raised';
      } catch (e) {
        return e === error ? 'raised here' : 'something else';
      }
    });
    expect(g.switch().value).toBe('raised here');
  });

  it('inside a body, with no argument, ends the greenlet like a kill', () => {
    const log: string[] = [];
    const g = new Greenlet(function* () {
      yield* getCurrent().throw();
      log.push('survived');
    });
    expect(g.switch().value).toBeInstanceOf(GreenletExit);
    expect(g.dead).toBe(true);
    expect(log).toEqual([]);
  });

  it('in plain code throws from main.throw()', () => {
    const error = new Boom('main');
    expect(thrownBy(() => getMain().throw(error))).toBe(error);
    expect(thrownBy(() => getCurrent().throw())).toBeInstanceOf(GreenletExit);
  });
});

describe('throw() into a dead greenlet', () => {
  it.each([
    ['an error is raised', new RangeError('late'), 'caught RangeError'],
    ['a GreenletExit arrives as a value', new GreenletExit(), 'received GreenletExit'],
  ])('goes to the first live ancestor: %s there', (_, error, outcome) => {
    const outer = new Greenlet(function* () {
      try {
        const value = yield* toParent('waiting');
        return `received ${(value as Error).name}`;
      } catch (e) {
        return `caught ${(e as Error).name}`;
      }
    });
    const middle = new Greenlet(function* () {});
    const leaf = new Greenlet(function* () {});
    outer.switch();
    middle.switch();
    leaf.switch();
    middle.parent = outer;
    leaf.parent = middle;
    expect(leaf.throw(error).value).toBe(outcome);
    expect(outer.dead).toBe(true);
  });

  it('raises a non-GreenletExit error in main when no ancestor is alive', () => {
    const g = new Greenlet(function* () {});
    g.switch();
    const error = new Boom('nobody home');
    expect(thrownBy(() => g.throw(error))).toBe(error);
  });
});

describe('throw() argument checking', () => {
  it.each([
    ['a string', 'abc', 'string'],
    ['a number', 42, 'number'],
    ['null', null, 'null'],
    ['a plain object', { message: 'not an Error' }, 'object'],
    ['a class not derived from Error', class NotAnError {}, 'function'],
  ])('rejects %s with a TypeError naming what is accepted', (_, argument, kind) => {
    const g = catcher(() => true);
    g.switch();
    const error = thrownBy(() => g.throw(argument));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/an Error instance or an Error class/);
    expect((error as Error).message).toMatch(new RegExp(`not ${kind}`));
    // Nothing was thrown in: the greenlet still waits at its first suspension.
    expect(g.throw(Boom).value).toBe('ok');
  });
});
