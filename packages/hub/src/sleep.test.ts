import { Greenlet as CoreGreenlet } from '@tendril/greenlet';
import { describe, expect, it } from 'vitest';
import {
  type Clock,
  Greenlet,
  getHub,
  HubError,
  idle,
  sleep,
  spawn,
  spawnLater,
  Timeout,
  until,
} from './index.js';

/** A clock that stands still until `advance(ms)`, which fires the hub's timer. */
function manualClock() {
  let now = 0;
  let armed: (() => void) | null = null;
  const clock: Clock = {
    now: () => now,
    setTimer: (callback) => {
      armed = callback;
      return callback;
    },
    clearTimer: (handle) => {
      if (armed === handle) armed = null;
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const callback = armed;
    armed = null;
    callback?.();
  };
  return { clock, advance };
}

/** The error that taking the first step of `op` raises in plain code (it must be awaited). */
function firstStepError(op: Iterable<unknown>): Error {
  try {
    op[Symbol.iterator]().next();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the first step to raise');
}

describe('sleep(0)', () => {
  it('yields to everything ready and comes back after it: 1A 2A 1B 2B', async () => {
    const log: string[] = [];
    const twice = function* (name: string) {
      log.push(`${name}A`);
      yield* sleep(0);
      log.push(`${name}B`);
      yield* sleep();
      log.push(`${name}C`);
    };
    const gs = ['1', '2', '3'].map((name) => spawn(twice, name));
    for (const g of gs) await g;
    expect(log.join(' ')).toBe('1A 2A 3A 1B 2B 3B 1C 2C 3C');
  });

  it('a negative delay behaves as 0', async () => {
    const log: string[] = [];
    const a = spawn(function* () {
      yield* sleep(-5);
      log.push('a');
    });
    const b = spawn(function* () {
      log.push('b');
    });
    await a;
    await b;
    expect(log).toEqual(['b', 'a']);
  });
});

describe('order', () => {
  it('spawned greenlets start in spawn order, from plain code and from greenlets', async () => {
    const log: string[] = [];
    const gs = Array.from({ length: 10 }, (_, i) =>
      spawn(function* () {
        log.push(`plain ${i}`);
        if (i === 0) {
          for (let j = 0; j < 3; j++) {
            spawn(function* () {
              log.push(`nested ${j}`);
            });
          }
        }
      }),
    );
    for (const g of gs) await g;
    await sleep(0);
    expect(log).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `plain ${i}`),
      'nested 0',
      'nested 1',
      'nested 2',
    ]);
  });

  it('timers fire by deadline, and in the order they were set among equal deadlines', async () => {
    const hub = getHub();
    const previous = hub.clock;
    const { clock, advance } = manualClock();
    hub.setClock(clock);
    try {
      const log: string[] = [];
      const sleeper = (name: string, ms: number) =>
        spawn(function* () {
          yield* sleep(ms);
          log.push(name);
        });
      const gs = [sleeper('a', 10), sleeper('b', 10), sleeper('early', 5), sleeper('c', 10)];
      gs.push(
        spawnLater(5, function* () {
          log.push('spawnLater(5)'); // its timer was set first: before the sleepers ran
        }),
      );
      await sleep(0);
      advance(10);
      expect(log).toEqual(['spawnLater(5)', 'early', 'a', 'b', 'c']);
      for (const g of gs) expect(g.ready()).toBe(true);
    } finally {
      hub.setClock(previous);
    }
  });
});

describe('fairness', () => {
  it('a greenlet looping on sleep(0) does not starve Node callbacks or sleepers', async () => {
    let iterations = 0;
    const loop = spawn(function* loop() {
      for (;;) {
        iterations++;
        yield* sleep(0);
      }
    });
    const observe = () => ({ iterations, looping: !loop.dead });
    const fromTimeout = new Promise((resolve) => setTimeout(() => resolve(observe()), 0));
    const fromImmediate = new Promise((resolve) => setImmediate(() => resolve(observe())));
    const sleeper = spawn(function* () {
      yield* sleep(5);
      return observe();
    });
    for (const seen of [await fromTimeout, await fromImmediate, await sleeper]) {
      expect(seen).toMatchObject({ looping: true });
      expect((seen as { iterations: number }).iterations).toBeGreaterThan(0);
    }
    expect(loop.dead).toBe(false);
    await loop.kill();
  });

  it('a Timeout ends a sleep(0) loop (gevent test__sleep0)', async () => {
    const g = spawn(function* () {
      const t = Timeout.startNew(10);
      let iterations = 0;
      try {
        for (;;) {
          iterations++;
          yield* sleep(0);
        }
      } catch (e) {
        if (e !== t) throw e;
        return iterations;
      } finally {
        t.cancel();
      }
    });
    expect(await g).toBeGreaterThan(0);
  });
});

describe('idle', () => {
  it('resumes once Node has run its pending callbacks, after the greenlets that are ready', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('immediate'));
    const idler = spawn(function* () {
      yield* idle();
      log.push('idle');
    });
    const busy = spawn(function* () {
      for (let i = 0; i < 3; i++) {
        yield* sleep(0);
        log.push(`sleep(0) ${i}`);
      }
    });
    await idler;
    await busy;
    expect(log).toEqual(['sleep(0) 0', 'sleep(0) 1', 'sleep(0) 2', 'immediate', 'idle']);
  });

  it('await idle() from plain code; a killed idler leaves nothing behind', async () => {
    await idle();
    const log: string[] = [];
    const g = spawn(function* () {
      yield* idle();
      log.push('idle');
    });
    await sleep(0);
    await g.kill();
    await idle();
    expect(log).toEqual([]);
  });
});

describe('sleep(ms, result) and misuse', () => {
  it('returns its result, in a greenlet and from plain code', async () => {
    const marker = { marker: true };
    expect(await sleep(1, 'plain')).toBe('plain');
    expect(await sleep()).toBeUndefined();
    expect(
      await spawn(function* () {
        return yield* sleep(1, marker);
      }),
    ).toBe(marker);
  });

  it('rejects what is not a number of milliseconds', () => {
    expect(() => sleep('10' as never)).toThrow(TypeError);
    expect(() => sleep(Number.NaN)).toThrow(/milliseconds/);
  });

  it('blocking from plain code without await is a HubError that says to await', () => {
    const error = firstStepError(sleep(10));
    expect(HubError.isInstance(error)).toBe(true);
    expect(error.message).toContain('await sleep(10)');
    const g = new Greenlet(function* () {});
    expect(firstStepError(g.join()).message).toContain('await');
    const op = until(Promise.resolve(1));
    expect(firstStepError(op).message).toContain('await until');
  });

  it('blocking in a greenlet the hub did not spawn is a HubError that says so', () => {
    const raw = new CoreGreenlet(function* () {
      try {
        yield* sleep(1);
      } catch (e) {
        return e;
      }
    });
    const error = raw.switch().value as Error;
    expect(HubError.isInstance(error)).toBe(true);
    expect(error.message).toContain('not spawned by the hub');
  });
});
