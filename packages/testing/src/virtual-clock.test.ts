import {
  getHub,
  HubError,
  realClock,
  sleep,
  spawn,
  spawnLater,
  Timeout,
  until,
} from '@tendril/hub';
import { describe, expect, it as plainIt } from 'vitest';
import { it, useVirtualClock } from './index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('virtual clock', () => {
  it('runs an hour of interleaved sleeps at once, in order', function* () {
    const clock = useVirtualClock();
    const start = clock.now();
    const realStart = performance.now();
    const log: string[] = [];
    const sleeper = (name: string, ms: number, times: number) =>
      spawn(function* () {
        for (let i = 0; i < times; i++) {
          yield* sleep(ms);
          log.push(`${(clock.now() - start) / MINUTE} ${name}`);
        }
      });
    const greenlets = [
      sleeper('minutely', MINUTE, 60),
      sleeper('ten', 10 * MINUTE, 6),
      sleeper('hourly', HOUR, 1),
    ];
    for (const g of greenlets) yield* g.join();

    expect(performance.now() - realStart).toBeLessThan(1000);
    expect(clock.now() - start).toBe(HOUR);
    const minutes = log.map((line) => Number(line.split(' ')[0]));
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    expect(log).toHaveLength(67);
    expect(log.slice(0, 2)).toEqual(['1 minutely', '2 minutely']);
    // Equal deadlines fire in the order the timers were set: the longest sleep first.
    expect(log.slice(9, 11)).toEqual(['10 ten', '10 minutely']);
    expect(log.slice(-3)).toEqual(['60 hourly', '60 ten', '60 minutely']);
  });

  it('makes Timeout and spawnLater fire on virtual time', function* () {
    const clock = useVirtualClock();
    const start = clock.now();
    const late = spawnLater(30 * MINUTE, function* () {
      return clock.now() - start;
    });
    const timeout = Timeout.startNew(HOUR);
    try {
      yield* until(new Promise(() => {}));
    } catch (error) {
      expect(error).toBe(timeout);
    }
    expect(clock.now() - start).toBe(HOUR);
    expect(late.value).toBe(30 * MINUTE);
  });

  plainIt('moves only by advance when auto is off', async () => {
    const clock = useVirtualClock({ auto: false });
    const woke: string[] = [];
    const a = spawn(function* a() {
      yield* sleep(MINUTE);
      woke.push('a');
      yield* sleep(MINUTE); // set while advancing: fires within the same advance
      woke.push('a again');
    });
    const b = spawn(function* b() {
      yield* sleep(10 * MINUTE);
      woke.push('b');
    });
    const start = clock.now();
    await clock.advance(2 * MINUTE + 1);
    expect(woke).toEqual(['a', 'a again']);
    expect(clock.now() - start).toBe(2 * MINUTE + 1);
    await new Promise((resolve) => setTimeout(resolve, 5)); // real time moves nothing
    expect(woke).toEqual(['a', 'a again']);
    await clock.advance(8 * MINUTE - 1);
    expect(woke).toEqual(['a', 'a again', 'b']);
    expect(a.dead && b.dead).toBe(true);
  });

  it('advances by hand inside a green test', function* () {
    const clock = useVirtualClock({ auto: false });
    const g = spawn(function* () {
      yield* sleep(MINUTE);
      return 'up';
    });
    yield* clock.advance(MINUTE - 1);
    expect(g.ready()).toBe(false);
    yield* clock.advance(1);
    expect(g.value).toBe('up');
  });

  plainIt('auto can be turned on later', async () => {
    const clock = useVirtualClock({ auto: false });
    const g = spawn(function* () {
      yield* sleep(HOUR);
      return 'woke';
    });
    await sleep(0);
    clock.auto = true;
    expect(await g).toBe('woke');
  });

  plainIt('runUntilIdle fires every timer, and gives up on endless ones', async () => {
    const clock = useVirtualClock({ auto: false, maxSteps: 50 });
    const done = spawn(function* () {
      yield* sleep(HOUR);
      return 'done';
    });
    await clock.runUntilIdle();
    expect(done.value).toBe('done');
    const ticker = spawn(function* ticker() {
      for (;;) yield* sleep(1000);
    });
    await expect(clock.runUntilIdle()).rejects.toThrow(HubError);
    await ticker.kill();
    await clock.runUntilIdle();
    expect(getHub().timers.size).toBe(0);
  });

  plainIt('advance takes a number of milliseconds >= 0', () => {
    const clock = useVirtualClock();
    expect(() => clock.advance(-1)).toThrow(TypeError);
    expect(() => useVirtualClock()).toThrow(HubError);
  });

  plainIt('restores the real clock when disposed', () => {
    {
      using clock = useVirtualClock();
      expect(getHub().clock).toBe(clock);
    }
    expect(getHub().clock).toBe(realClock);
  });

  plainIt.fails('is restored at the end of a test even when it fails', () => {
    useVirtualClock();
    throw new Error('the test fails');
  });

  plainIt('…so the next test runs on the real clock', () => {
    expect(getHub().clock).toBe(realClock);
  });
});
