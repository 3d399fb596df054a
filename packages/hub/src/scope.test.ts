import { GreenletExit, getCurrent } from '@tendril/greenlet';
import { describe, expect, it } from 'vitest';
import { deferred, sleepUntilKilled, useReported } from './__fixtures__/support.js';
import {
  type Blocking,
  type Greenlet,
  HubError,
  type Scope,
  scope,
  sleep,
  spawn,
  Timeout,
} from './index.js';

/** A child that waits forever and logs `<name> finally`. */
function* sleeper(log: string[], name: string) {
  yield* sleepUntilKilled(log, `${name} finally`);
}

/** Run `op` in a greenlet that logs when it raises: the greenlet's value is the error. */
function raisedBy(log: string[], op: Blocking<unknown>): Greenlet<unknown> {
  return spawn(function* () {
    try {
      yield* op;
    } catch (error) {
      log.push('scope raised');
      return error;
    }
    throw new Error('the scope did not raise');
  });
}

describe('scope', () => {
  const { errors: reported } = useReported();

  it('waits for all children and returns the body value', async () => {
    const log: string[] = [];
    const result = await scope(function* (s) {
      s.spawn(function* () {
        yield* sleep(0);
        yield* sleep(0);
        log.push('slow');
      });
      s.spawn(function* () {
        yield* sleep(0);
        log.push('fast');
      });
      log.push('body returns');
      return 42;
    });
    log.push('scope returned');
    expect(result).toBe(42);
    expect(log).toEqual(['body returns', 'fast', 'slow', 'scope returned']);
  });

  it('runs its body in the calling greenlet and waits for children they spawn', async () => {
    const log: string[] = [];
    let bodyRanIn: unknown;
    const g = spawn(function* caller() {
      const value = yield* scope(function* (s) {
        bodyRanIn = getCurrent();
        s.spawn(function* parent() {
          yield* sleep(0);
          s.spawn(function* late() {
            yield* sleep(0);
            log.push('late');
          });
        });
        return 'body';
      });
      log.push('after scope');
      return value;
    });
    expect(await g).toBe('body');
    expect(bodyRanIn).toBe(g);
    expect(log).toEqual(['late', 'after scope']);
  });

  it('kills the siblings of a failing child, runs their finally, raises its error', async () => {
    const log: string[] = [];
    const boom = new Error('boom');
    const children: Greenlet[] = [];
    const run = scope(function* (s) {
      children.push(s.spawn(sleeper, log, 'first'), s.spawn(sleeper, log, 'second'));
      s.spawn(function* failing() {
        yield* sleep(0);
        throw boom;
      });
      yield* sleeper(log, 'body');
    });
    expect(await raisedBy(log, run)).toBe(boom);
    expect(log).toEqual(['body finally', 'first finally', 'second finally', 'scope raised']);
    for (const child of children) {
      expect(child.successful()).toBe(true);
      expect(GreenletExit.isInstance(child.value)).toBe(true);
    }
    expect(reported).toEqual([]);
  });

  it('cancels a body that waits on the failing child itself', async () => {
    const boom = new Error('boom');
    let caught: unknown;
    const run = scope(function* (s) {
      const child = s.spawn(function* () {
        yield* sleep(0);
        throw boom;
      });
      try {
        yield* child;
      } catch (e) {
        caught = e;
      }
      return 'recovered';
    });
    await expect(Promise.resolve(run)).rejects.toBe(boom);
    expect(GreenletExit.isInstance(caught)).toBe(true);
    expect(reported).toEqual([]);
  });

  it('raises a child failure that comes while it waits for children', async () => {
    const log: string[] = [];
    const run = scope(function* (s) {
      s.spawn(sleeper, log, 'sibling');
      s.spawn(function* () {
        yield* sleep(0);
        throw new Error('late failure');
      });
      return 'never returned';
    });
    expect(await raisedBy(log, run)).toMatchObject({ message: 'late failure' });
    expect(log).toEqual(['sibling finally', 'scope raised']);
    expect(reported).toEqual([]);
  });

  it('kills the children when the body throws, even children not yet started', async () => {
    const log: string[] = [];
    let running!: Greenlet;
    let unstarted!: Greenlet;
    const run = scope(function* (s) {
      running = s.spawn(sleeper, log, 'running');
      yield* sleep(0);
      unstarted = s.spawn(sleeper, log, 'unstarted');
      throw new Error('body failed');
    });
    expect(await raisedBy(log, run)).toMatchObject({ message: 'body failed' });
    // the unstarted child never ran, so it has no finally to run
    expect(log).toEqual(['running finally', 'scope raised']);
    expect(running.dead && unstarted.dead).toBe(true);
    expect(reported).toEqual([]);
  });

  it.each([
    ['in the body', true],
    ['waiting for its children', false],
  ])('kills the children when its greenlet is killed %s', async (_, inBody) => {
    const log: string[] = [];
    const started = deferred();
    let child!: Greenlet;
    const outer = spawn(function* () {
      try {
        yield* scope(function* (s) {
          child = s.spawn(function* () {
            started.resolve();
            yield* sleeper(log, 'child');
          });
          if (inBody) yield* sleeper(log, 'body');
        });
      } finally {
        log.push('outer finally');
      }
    });
    await started.promise;
    await outer.kill();
    expect(log).toEqual([...(inBody ? ['body finally'] : []), 'child finally', 'outer finally']);
    expect(child.dead).toBe(true);
    expect(GreenletExit.isInstance(outer.value)).toBe(true);
  });

  it('kills the children when a Timeout around it expires', async () => {
    const log: string[] = [];
    const g = spawn(function* () {
      const t = Timeout.startNew(10);
      try {
        yield* scope(function* (s) {
          s.spawn(sleeper, log, 'child');
        });
        return 'finished';
      } catch (e) {
        log.push('scope raised');
        return e === t ? 'timed out' : e;
      } finally {
        t.cancel();
      }
    });
    expect(await g).toBe('timed out');
    expect(log).toEqual(['child finally', 'scope raised']);
  });

  it('nests: a failure in the outer scope reaches the inner scope of a child', async () => {
    const log: string[] = [];
    const run = scope(function* (outer) {
      outer.spawn(function* nested() {
        yield* scope(function* (inner) {
          inner.spawn(sleeper, log, 'grandchild');
          yield* sleeper(log, 'inner body');
        });
      });
      outer.spawn(function* () {
        yield* sleep(0);
        throw new Error('outer child failed');
      });
      return yield* scope(function* (inline) {
        inline.spawn(sleeper, log, 'inline child');
        yield* sleeper(log, 'inline body');
      });
    });
    expect(await raisedBy(log, run)).toMatchObject({ message: 'outer child failed' });
    expect(log.pop()).toBe('scope raised');
    expect(log.sort()).toEqual([
      'grandchild finally',
      'inline body finally',
      'inline child finally',
      'inner body finally',
    ]);
    expect(reported).toEqual([]);
  });

  it('nests: inner results flow out', async () => {
    const total = await scope(function* (outer) {
      const parts = [1, 2].map((n) =>
        outer.spawn(function* () {
          return yield* scope(function* (inner) {
            const g = inner.spawn(function* () {
              yield* sleep(0);
              return n * 10;
            });
            return yield* g;
          });
        }),
      );
      let sum = 0;
      for (const part of parts) sum += yield* part;
      return sum;
    });
    expect(total).toBe(30);
  });

  it('refuses children once it has ended', async () => {
    let saved!: Scope;
    await scope(function* (s) {
      saved = s;
    });
    expect(() => saved.spawn(function* () {})).toThrow(HubError);
    expect(() => saved.spawn(function* () {})).toThrow(/scope has ended/);
  });

  it('treats a child killed by someone else as finished', async () => {
    const log: string[] = [];
    const result = await scope(function* (s) {
      const victim = s.spawn(sleeper, log, 'victim');
      yield* sleep(0);
      yield* victim.kill();
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(log).toEqual(['victim finally']);
    expect(reported).toEqual([]);
  });

  it('raises the first failure and reports the later ones', async () => {
    const first = new Error('first');
    const second = new Error('second');
    const fromFinally = new Error('from finally');
    const run = scope(function* (s) {
      for (const error of [first, second]) {
        s.spawn(function* () {
          yield* sleep(0);
          throw error;
        });
      }
      s.spawn(function* () {
        try {
          yield* sleep(10_000);
        } finally {
          // biome-ignore lint/correctness/noUnsafeFinally: the case under test
          throw fromFinally;
        }
      });
    });
    await expect(Promise.resolve(run)).rejects.toBe(first);
    expect(reported).toEqual([second, fromFinally]);
  });

  it('aborts its signal when it ends, with the error when it fails', async () => {
    let during: boolean | undefined;
    let signal!: AbortSignal;
    await scope(function* (s) {
      signal = s.signal;
      s.spawn(function* () {
        yield* sleep(0);
        during = signal.aborted;
      });
    });
    expect(during).toBe(false);
    expect(GreenletExit.isInstance(signal.reason)).toBe(true);

    const boom = new Error('boom');
    const run = scope(function* (s) {
      signal = s.signal;
      s.spawn(function* () {
        throw boom;
      });
      yield* sleep(10_000);
    });
    await expect(Promise.resolve(run)).rejects.toBe(boom);
    expect(signal.reason).toBe(boom);
  });

  it('must be awaited in plain code', () => {
    const op = scope(function* () {});
    expect(() => op[Symbol.iterator]().next()).toThrow(/await scope/);
  });
});
