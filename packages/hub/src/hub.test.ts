import { GreenletExit } from '@tendril/greenlet';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleepUntilKilled, useReported } from './__fixtures__/support.js';
import {
  type Greenlet,
  getHub,
  HubError,
  joinAll,
  setBlockingHandler,
  setErrorHandler,
  sleep,
  spawn,
  Timeout,
  until,
} from './index.js';

describe('hub', () => {
  it('spawn, sleep, join, get', async () => {
    const order: string[] = [];
    const a = spawn(function* a() {
      order.push('1A');
      yield* sleep(0);
      order.push('1B');
      return 1;
    });
    const b = spawn(function* b() {
      order.push('2A');
      yield* sleep(0);
      order.push('2B');
      return 2;
    });
    expect(await a).toBe(1);
    expect(await b.get()).toBe(2);
    expect(order).toEqual(['1A', '2A', '1B', '2B']);
  });
  it('kill a sleeping greenlet runs finally', async () => {
    const log: string[] = [];
    const g = spawn(sleepUntilKilled, log);
    await sleep(1);
    await g.kill();
    expect(log).toEqual(['finally']);
    expect(g.dead).toBe(true);
    expect(GreenletExit.isInstance(g.value)).toBe(true);
    expect(getHub().timers.size).toBe(0);
  });
  it('Timeout interrupts', async () => {
    const g = spawn(function* () {
      const t = Timeout.startNew(5);
      try {
        yield* sleep(10_000);
        return 'slept';
      } catch (e) {
        return e === t ? 'timed out' : 'other';
      } finally {
        t.cancel();
      }
    });
    expect(await g).toBe('timed out');
  });
  it('until a promise', async () => {
    const g = spawn(function* () {
      return (yield* until(Promise.resolve(41))) + 1;
    });
    expect(await g).toBe(42);
    const h = spawn(function* () {
      return yield* until(Promise.reject(new Error('no')));
    });
    await expect(h.get()).rejects.toThrow('no');
  });
  it('await sleep from plain code', async () => {
    const t = performance.now();
    await sleep(20);
    expect(performance.now() - t).toBeGreaterThanOrEqual(19);
  });
});

class ExpectedError extends Error {
  override name = 'ExpectedError';
}

describe('errors in the hub', () => {
  const reported = useReported();

  it('a link or hub callback that switches is reported, its switch cancelled, and nothing is lost', async () => {
    const bystander = spawn(function* bystander() {
      return yield* sleep(1, 'bystander woke');
    });
    const finished = spawn(function* finished() {});
    finished.link(() => {
      bystander.switch('from a link');
    });
    getHub().callSoon(() => {
      bystander.throw(new Error('from a callback'));
    });
    expect(await bystander).toBe('bystander woke');
    expect(reported.errors).toHaveLength(2);
    expect(reported.errors.map((e) => HubError.isInstance(e))).toEqual([true, true]);
    expect(String(reported.errors[0])).toMatch(/cannot switch; wake a greenlet/);
  });

  it('an error in a hub callback is reported and the hub goes on', async () => {
    const log: string[] = [];
    const error = new ExpectedError('callback failed');
    const hub = getHub();
    hub.callSoon(() => log.push('first'));
    hub.callSoon(() => {
      throw error;
    });
    hub.callSoon(() => log.push('after the error'));
    const g = spawn(function* () {
      yield* sleep(1);
      return 'greenlets still run';
    });
    expect(log).toEqual([]);
    expect(await g).toBe('greenlets still run');
    expect(log).toEqual(['first', 'after the error']);
    expect(reported.errors).toHaveLength(1);
    expect(reported.errors[0]).toBe(error);
    expect(reported.greenlets[0]).toBeUndefined();
  });

  it('callbacks and greenlets run in the order they were queued', async () => {
    const log: string[] = [];
    spawn(function* () {
      log.push('greenlet');
    });
    getHub().callSoon(() => log.push('callback'));
    await null;
    expect(log).toEqual(['greenlet', 'callback']);
  });

  it('an error handler that throws does not break the hub: both errors go to stderr', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    setErrorHandler(() => {
      throw new ExpectedError('handler failed');
    });
    try {
      const error = new ExpectedError('greenlet failed');
      const g = spawn(function* () {
        throw error;
      });
      await expect(g.get()).rejects.toBe(error);
      const printed = write.mock.calls.map(([chunk]) => String(chunk)).join('');
      expect(printed).toContain('handler failed');
      expect(printed).toContain('greenlet failed');
    } finally {
      write.mockRestore();
    }
  });
});

describe('scheduling', () => {
  it('switchInterval bounds how long greenlets run before Node polls', async () => {
    const hub = getHub();
    const previous = hub.switchInterval;
    try {
      for (const interval of [0, 20]) {
        hub.switchInterval = interval;
        let iterations = 0;
        const t0 = performance.now();
        const loop = spawn(function* () {
          for (;;) {
            iterations++;
            yield* sleep(0);
          }
        });
        const seen = await new Promise<[number, number]>((resolve) =>
          setImmediate(() => resolve([iterations, performance.now() - t0])),
        );
        // The hub reads the clock every 16 resumes: with no interval, Node polls after 16.
        if (interval === 0) expect(seen[0]).toBeLessThanOrEqual(16);
        else expect(seen[1]).toBeGreaterThanOrEqual(interval);
        await loop.kill();
      }
    } finally {
      hub.switchInterval = previous;
    }
  });
});

describe('blocking detection', () => {
  let seen: [string | undefined, number, string[]][];
  let previousHandler: ReturnType<typeof setBlockingHandler>;
  let previousThreshold: number;
  beforeEach(() => {
    seen = [];
    previousHandler = setBlockingHandler((g, ms, suspects) => {
      seen.push([(g as Greenlet | undefined)?.name, ms, suspects.map((s) => (s as Greenlet).name)]);
    });
    previousThreshold = getHub().blockingThreshold;
  });
  afterEach(() => {
    setBlockingHandler(previousHandler);
    getHub().blockingThreshold = previousThreshold;
  });

  const busyFor = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // burn CPU without switching
    }
  };

  it('a greenlet that runs past blockingThreshold without switching is reported', async () => {
    getHub().blockingThreshold = 10;
    await spawn(function* busy() {
      busyFor(30);
      yield* sleep(0);
    });
    const report = seen.find(([name]) => name === 'busy');
    expect(report?.[1]).toBeGreaterThanOrEqual(10);
  });

  it('a greenlet that blocks among others is named, or listed among the suspects', async () => {
    getHub().blockingThreshold = 20;
    function* quick() {
      yield* sleep(0);
    }
    const greenlets = [spawn(quick), spawn(quick), spawn(quick)];
    greenlets.push(
      spawn(function* culprit() {
        busyFor(40);
        yield* sleep(0);
      }),
    );
    greenlets.push(spawn(quick), spawn(quick));
    await joinAll(greenlets);
    const report = seen.find(
      ([name, , suspects]) => name === 'culprit' || suspects.includes('culprit'),
    );
    expect(report?.[1]).toBeGreaterThanOrEqual(20);
    // A greenlet named as the culprit is the culprit; an ambiguous report lists every suspect.
    expect(seen.every(([name]) => name === undefined || name === 'culprit')).toBe(true);
  });

  it('reads the clock after every resume only until a report has named the culprit', async () => {
    getHub().blockingThreshold = 60;
    function* quick() {
      yield* sleep(0);
    }
    function* blocker() {
      busyFor(150);
    }
    /** One blocker among quick greenlets, after the first greenlet of the hub's run. */
    const blockAmongOthers = async () => {
      const greenlets = [spawn(quick), spawn(quick), spawn(quick), spawn(blocker)];
      greenlets.push(spawn(quick), spawn(quick));
      await joinAll(greenlets);
    };
    await spawn(blocker); // alone: the first greenlet of a run, after which the clock is read
    await blockAmongOthers(); // every 16 resumes: the report lists the suspects
    await blockAmongOthers(); // after every resume: the report names it
    await blockAmongOthers(); // every 16 resumes again
    // Only the blocker's own reports: a slow moment of a loaded machine may add others.
    const aboutBlocker = seen.filter(
      ([name, ms, suspects]) => ms >= 150 && (name === 'blocker' || suspects.includes('blocker')),
    );
    expect(aboutBlocker.map(([name, , suspects]) => name ?? suspects.length > 1)).toEqual([
      'blocker',
      true,
      'blocker',
      true,
    ]);
  });

  it('a slow hub callback is not blamed on the greenlet that runs after it', async () => {
    getHub().blockingThreshold = 40;
    getHub().callSoon(() => busyFor(60));
    await spawn(function* innocent() {});
    expect(seen.map(([name]) => name)).not.toContain('innocent');
  });
});

describe('until', () => {
  it('aborts the signal given to its function when the waiting greenlet is killed', async () => {
    const signals: AbortSignal[] = [];
    const waitForAbort = (signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<never>((_, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    };
    const killed = spawn(function* () {
      yield* until(waitForAbort);
    });
    const timedOut = spawn(function* () {
      const t = Timeout.startNew(1);
      try {
        yield* until(waitForAbort);
      } catch (e) {
        return e === t;
      } finally {
        t.cancel();
      }
    });
    const settled = spawn(function* () {
      return yield* until((signal) => {
        signals.push(signal);
        return Promise.resolve('done');
      });
    });
    await sleep(0);
    expect(signals.map((s) => s.aborted)).toEqual([false, false, false]);
    await killed.kill();
    expect(await timedOut).toBe(true);
    expect(await settled).toBe('done');
    expect(signals.map((s) => s.aborted)).toEqual([true, true, false]);
    expect(killed.successful()).toBe(true);
  });

  it('a function that throws at once raises in the greenlet, which is then running again', async () => {
    const error = new ExpectedError('thrown at once');
    const g: Greenlet<unknown[] | undefined> = spawn(function* sync() {
      try {
        yield* until(() => {
          throw error;
        });
      } catch (e) {
        return [e, g.state];
      }
    });
    const [caught, state] = (await g) as [unknown, string];
    expect(caught).toBe(error);
    expect(state).toBe('running');
  });
});
