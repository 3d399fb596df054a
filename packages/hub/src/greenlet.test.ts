import { GreenletExit, getCurrent, setTrace } from '@tendril/greenlet';
import { describe, expect, it } from 'vitest';
import { useReported } from './__fixtures__/support.js';
import { Greenlet, HubError, sleep, spawn, spawnLater, Timeout } from './index.js';

class ExpectedError extends Error {
  override name = 'ExpectedError';
}

/** What the error handler received during the test. */
const reported = useReported();

/**
 * Expect the error handler to have received exactly these [error, greenlet] pairs. (Compared
 * one by one with `toBe`: deep equality iterates a greenlet, which is `get()`.)
 */
function expectReported(...expected: [unknown, unknown][]): void {
  expect(reported.errors.length).toBe(expected.length);
  expected.forEach(([error, greenlet], i) => {
    expect(reported.errors[i]).toBe(error);
    expect(reported.greenlets[i]).toBe(greenlet);
  });
}

/** The outcome flags of `g`, to compare in one `expect`. */
const outcome = (g: Greenlet<unknown>) => ({
  started: g.started,
  ready: g.ready(),
  successful: g.successful(),
  dead: g.dead,
  value: g.value,
  exception: g.exception,
});
const PENDING = {
  ready: false,
  successful: false,
  dead: false,
  value: undefined,
  exception: undefined,
};

/** A greenlet that sleeps until it is killed. */
const sleeper = () =>
  spawn(function* sleeper() {
    yield* sleep(10_000);
  });

describe('start', () => {
  it('spawn runs the greenlet only after the caller yields', async () => {
    const log: string[] = [];
    spawn(function* () {
      log.push('ran');
    });
    expect(log).toEqual([]);
    await null; // the caller yields: the hub runs before this await resolves
    expect(log).toEqual(['ran']);

    const outer = spawn(function* () {
      spawn(function* () {
        log.push('inner');
      });
      log.push('spawned');
      yield* sleep(0);
      log.push('outer resumed');
    });
    await outer;
    expect(log).toEqual(['ran', 'spawned', 'inner', 'outer resumed']);
  });

  it('start() returns the greenlet and runs it once however often it is called', async () => {
    let runs = 0;
    const g = new Greenlet(function* () {
      runs++;
      return 'done';
    });
    expect(g.start()).toBe(g);
    g.start();
    expect(await g).toBe('done');
    g.start();
    await sleep(0);
    expect(runs).toBe(1);
  });

  it('startLater(ms) starts it after the delay; start() before then starts it now, once', async () => {
    const t0 = performance.now();
    const late = new Greenlet(function* () {
      return performance.now() - t0;
    });
    expect(late.startLater(20)).toBe(late);
    await sleep(0);
    expect(late.started).toBe(false);
    expect(await late).toBeGreaterThanOrEqual(20);

    let runs = 0;
    const early = new Greenlet(function* () {
      runs++;
    }).startLater(10_000);
    early.start();
    await early;
    expect(runs).toBe(1);
  });

  it('spawnLater(ms, fn, ...args) passes the arguments', async () => {
    const g = spawnLater(
      5,
      function* (n: number, s: string) {
        return `${s}${n}`;
      },
      1,
      'x',
    );
    expect(g.started).toBe(false);
    expect(await g).toBe('x1');
  });
});

describe('state', () => {
  it('unstarted, scheduled, running, waiting, finished', async () => {
    const seen: Record<string, unknown>[] = [];
    const g = new Greenlet(function* () {
      seen.push(outcome(g));
      yield* sleep(1);
      return 42;
    });
    expect(outcome(g)).toEqual({ ...PENDING, started: false });
    g.start();
    expect(outcome(g)).toEqual({ ...PENDING, started: false });
    await sleep(0);
    expect(seen).toEqual([{ ...PENDING, started: true }]);
    expect(outcome(g)).toEqual({ ...PENDING, started: true });
    await g.join();
    expect(outcome(g)).toEqual({
      started: true,
      ready: true,
      successful: true,
      dead: true,
      value: 42,
      exception: undefined,
    });
  });

  it('failed: exception set, value not, not successful', async () => {
    const error = new ExpectedError('failed');
    const g = spawn(function* () {
      yield* sleep(0);
      throw error;
    });
    await g.join();
    expect(outcome(g)).toEqual({
      started: true,
      ready: true,
      successful: false,
      dead: true,
      value: undefined,
      exception: error,
    });
  });

  it('failed by throwing undefined: still failed, and get() rethrows it', async () => {
    const g = spawn(function* () {
      throw undefined;
    });
    g.link(() => {}); // watched: nothing reported
    await g.join();
    expect([g.state, g.successful(), g.exception]).toEqual(['failed', false, undefined]);
    await expect(g.get()).rejects.toBeUndefined();
  });

  it('killed: a GreenletExit is its value and counts as success', async () => {
    const g = sleeper();
    await sleep(0);
    await g.kill();
    expect(outcome(g)).toMatchObject({ ready: true, successful: true, exception: undefined });
    expect(GreenletExit.isInstance(g.value)).toBe(true);

    let ran = false;
    const before = new Greenlet(function* () {
      ran = true;
    });
    const error = new ExpectedError('never ran');
    await before.kill(error);
    expect(outcome(before)).toMatchObject({ ready: true, successful: false, dead: true });
    expect(before.exception).toBe(error);
    expect(ran).toBe(false);
    expectReported([error, before]);
  });

  it('dead is never true for a greenlet being switched into', async () => {
    const deadOnSwitch: boolean[] = [];
    const previous = setTrace((_event, _origin, target) => {
      if (target instanceof Greenlet) deadOnSwitch.push(target.dead);
    });
    try {
      await spawn(function* () {
        yield* sleep(0);
        return 42;
      });
    } finally {
      setTrace(previous);
    }
    expect(deadOnSwitch.length).toBeGreaterThan(0);
    expect(deadOnSwitch).not.toContain(true);
  });
});

describe('join and get', () => {
  it('join() waits and says whether it finished; join(timeout) gives up with false', async () => {
    const g = sleeper();
    expect(await g.join(5)).toBe(false);
    expect(g.ready()).toBe(false);
    const joiner = spawn(function* () {
      return yield* g.join();
    });
    await sleep(0);
    g.kill();
    expect(await joiner).toBe(true);
    expect(await g.join()).toBe(true);
    expect(await g.join(0)).toBe(true);
  });

  it('get() returns the value or rethrows the very error', async () => {
    expect(
      await spawn(function* () {
        return 'value';
      }).get(),
    ).toBe('value');
    const error = new ExpectedError('boom');
    const failing = spawn(function* () {
      yield* sleep(0);
      throw error;
    });
    await expect(failing.get()).rejects.toBe(error);
    await expect(failing.get({ block: false })).rejects.toBe(error);
  });

  it('get({ block: false }) and get({ timeout }) raise Timeout while it runs', async () => {
    const g = sleeper();
    const noBlock = await g.get({ block: false }).then(
      () => 'returned',
      (e: unknown) => e,
    );
    expect(Timeout.isInstance(noBlock)).toBe(true);
    const timedOut = await g.get({ timeout: 5 }).then(
      () => 'returned',
      (e: unknown) => e,
    );
    expect(Timeout.isInstance(timedOut)).toBe(true);
    expect(g.ready()).toBe(false);
    await g.kill();
    expect(GreenletExit.isInstance(await g.get({ block: false }))).toBe(true);
  });

  it('`await g` and `yield* g` wait for the value and rethrow the error', async () => {
    const child = spawn(function* () {
      yield* sleep(1);
      return 20;
    });
    const error = new ExpectedError('child failed');
    const failing = spawn(function* () {
      yield* sleep(1);
      throw error;
    });
    const parent = spawn(function* () {
      const value = yield* child;
      try {
        yield* failing;
        return 'not thrown';
      } catch (e) {
        return [value, e];
      }
    });
    expect(await parent).toEqual([20, error]);
    expect(await child).toBe(20);
    await expect(failing).rejects.toBe(error);
  });

  it('a greenlet cannot wait for itself, and stays running after trying', async () => {
    const g: Greenlet<[unknown, string]> = spawn(function* self() {
      let error: unknown;
      try {
        yield* g.join();
      } catch (e) {
        error = e;
      }
      return [error, String(g)] as [unknown, string];
    });
    const [error, described] = (await g) as [Error, string];
    expect(HubError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/cannot wait for itself/);
    expect(described).toBe('Greenlet "self" (running)');
  });
});

describe('name and toString', () => {
  it('the name is the function name, else Greenlet-<id>; it can be set', async () => {
    const named = new Greenlet(function* worker() {});
    expect(named.name).toBe('worker');
    const anonymous = new Greenlet((() => function* () {})());
    expect(anonymous.name).toBe(`Greenlet-${anonymous.id}`);
    anonymous.name = 'renamed';
    expect(String(anonymous)).toBe('Greenlet "renamed" (unstarted)');
  });

  it('toString shows the state', async () => {
    const inside: string[] = [];
    const g = spawn(function* worker() {
      inside.push(String(g));
      yield* sleep(10_000);
    });
    await sleep(0);
    expect(inside).toEqual(['Greenlet "worker" (running)']);
    expect(String(g)).toBe('Greenlet "worker" (waiting on sleep(10000))');
    await g.kill();
    expect(String(g)).toBe('Greenlet "worker" (finished)');
    const failed = spawn(function* broken() {
      throw new ExpectedError('broken');
    });
    await failed.join();
    expect(String(failed)).toBe('Greenlet "broken" (failed)');
  });
});

describe('links', () => {
  it('fire once, with the greenlet, in registration order (1000 links)', async () => {
    const order: number[] = [];
    const g = spawn(function* () {
      order.push(0);
    });
    for (let i = 1; i < 1000; i++) g.link((x) => order.push(x === g ? i : -i));
    await g.join();
    await sleep(0);
    expect(order).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('linkValue fires on success (a GreenletExit kill included), linkException on failure', async () => {
    const log: string[] = [];
    const watch = (name: string, g: Greenlet<unknown>) => {
      g.link(() => log.push(`${name}: any`));
      g.linkValue(() => log.push(`${name}: value`));
      g.linkException(() => log.push(`${name}: exception`));
    };
    const ok = spawn(function* () {});
    const failing = spawn(function* () {
      throw new ExpectedError('failing');
    });
    const killed = sleeper();
    watch('ok', ok);
    watch('failing', failing);
    watch('killed', killed);
    await sleep(0);
    await killed.kill();
    await sleep(0);
    expect(log).toEqual([
      'ok: any',
      'ok: value',
      'failing: any',
      'failing: exception',
      'killed: any',
      'killed: value',
    ]);
    expectReported();
  });

  it('unlink removes every registration; inside a link it stops links not yet fired', async () => {
    const log: string[] = [];
    const g = spawn(function* () {});
    const removed = () => log.push('removed');
    const first = () => {
      log.push('first');
      g.unlink(second);
    };
    const second = () => {
      log.push('second');
      g.unlink(first);
    };
    g.link(removed);
    g.linkValue(removed);
    g.unlink(removed);
    g.unlink(() => {}); // not linked: harmless
    g.link(first);
    g.link(second);
    await g.join();
    await sleep(0);
    expect(log).toEqual(['first']);
  });

  it('a link that throws is reported with the greenlet; the others still run', async () => {
    const log: string[] = [];
    const error = new ExpectedError('bad link');
    const g = spawn(function* () {});
    g.link(() => log.push('before'));
    g.link(() => {
      throw error;
    });
    g.link(() => log.push('after'));
    await g.join();
    await sleep(0);
    expect(log).toEqual(['before', 'after']);
    expectReported([error, g]);
  });

  it('linking a finished greenlet fires soon, not synchronously', async () => {
    const g = spawn(function* () {
      return 'v';
    });
    await g;
    const log: unknown[] = [];
    g.link((x) => log.push(x.value));
    g.link((x) => log.push(x.value));
    expect(log).toEqual([]);
    await sleep(0);
    expect(log).toEqual(['v', 'v']);
  });

  it('link() takes a function', () => {
    const g = new Greenlet(function* () {});
    expect(() => g.link('nope' as never)).toThrow(TypeError);
  });
});

describe('errors nobody will see', () => {
  it('the error of a greenlet nobody links is reported once, and the hub goes on', async () => {
    const error = new ExpectedError('unlinked');
    const g = spawn(function* lonely() {
      yield* sleep(0);
      throw error;
    });
    const after = spawn(function* () {
      yield* sleep(1);
      return 'hub still runs';
    });
    expect(await after).toBe('hub still runs');
    expectReported([error, g]);
    expect(g.exception).toBe(error);
  });

  it('a GreenletExit is not reported, thrown or by kill', async () => {
    const exits = spawn(function* () {
      throw new GreenletExit('done early');
    });
    const killed = sleeper();
    await sleep(0);
    killed.kill();
    await sleep(0);
    expect(exits.successful() && killed.successful()).toBe(true);
    expectReported();
  });

  it('a linked greenlet is not reported; one whose last link was removed is', async () => {
    const linked = spawn(function* () {
      throw new ExpectedError('linked');
    });
    linked.link(() => {});
    const error = new ExpectedError('joined with a timeout, then failed');
    const unlinked = spawn(function* () {
      yield* sleep(10);
      throw error;
    });
    expect(await unlinked.join(1)).toBe(false); // links, then unlinks when it gives up
    await sleep(20);
    expect(unlinked.exception).toBe(error);
    expectReported([error, unlinked]);
  });

  it('an error taken in the same tick is not reported: await spawn(f), get(), a late link', async () => {
    const errors = [1, 2, 3].map((n) => new ExpectedError(`failed at once ${n}`));
    const failing = (error: Error) =>
      spawn(function* () {
        throw error;
      });
    // await: the awaiting greenlet starts only after the failure
    await expect(failing(errors[0] as Error)).rejects.toBe(errors[0]);
    const got = failing(errors[1] as Error);
    const linked = failing(errors[2] as Error);
    const log: unknown[] = [];
    spawn(function* () {
      try {
        yield* got.get();
      } catch (e) {
        log.push(e);
      }
      linked.linkException((g) => log.push(g.exception));
    });
    await sleep(1);
    expect(log).toEqual([errors[1], errors[2]]);
    expectReported();
  });

  it('an error still untaken once the tick is over is reported, once', async () => {
    const error = new ExpectedError('nobody came in time');
    const g = spawn(function* () {
      throw error;
    });
    await sleep(1);
    expectReported([error, g]);
    await expect(g.get()).rejects.toBe(error); // taken late: no second report
    expectReported([error, g]);
  });
});

describe('signal', () => {
  it('aborts when killed, with the kill error, at once', async () => {
    const g = sleeper();
    const { signal } = g;
    await sleep(0);
    expect(signal.aborted).toBe(false);
    const error = new GreenletExit('stop');
    const killing = g.kill(error);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(error);
    await killing;
  });

  it('aborts when it finishes, also when read afterwards', async () => {
    const g = spawn(function* () {
      yield* sleep(0);
    });
    const { signal } = g;
    expect(signal.aborted).toBe(false);
    await g;
    expect(signal.aborted).toBe(true);
    expect(GreenletExit.isInstance(signal.reason)).toBe(true);
    expect(g.signal.aborted).toBe(true);
  });
});

describe('bodies', () => {
  it('a body that is not a generator function fails with an error saying so', async () => {
    const plain = spawn((() => 5) as never);
    const asynchronous = spawn((async () => 5) as never);
    for (const g of [plain, asynchronous]) {
      const error = await g.get().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(error?.message).toMatch(/must be a generator function/);
    }
    expect(() => spawn(5 as never)).toThrow(TypeError);
    expect(() => new Greenlet(null as never)).toThrow(/generator function/);
  });

  it('the body gets its arguments and `this` is not needed: getCurrent() is the greenlet', async () => {
    const g: Greenlet<[number, boolean]> = spawn(
      function* (a: number, b: number) {
        return [a + b, getCurrent() === g] as [number, boolean];
      },
      1,
      2,
    );
    expect(await g).toEqual([3, true]);
  });
});
