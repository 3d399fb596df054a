import type { Suspend } from '@tendril/greenlet';
import { describe, expect, it } from 'vitest';
import { sleepForever } from './__fixtures__/support.js';
import { getHub, HubError, sleep, spawn, Timeout, withTimeout } from './index.js';

/** Run `body` in a greenlet and return its outcome: its value, or what it threw. */
const outcome = <T>(body: () => Iterable<Suspend, T, unknown>) =>
  spawn(function* () {
    try {
      return yield* body();
    } catch (e) {
      return e;
    }
  });

describe('Timeout', () => {
  it('thrown directly it is an Error, not pending', () => {
    const t = new Timeout();
    expect(() => {
      throw t;
    }).toThrow(t);
    expect(t.pending).toBe(false);
    expect(Timeout.isInstance(t) && t instanceof Error).toBe(true);
  });

  it('start, cancel, pending; a cancelled Timeout never fires', async () => {
    const result = await outcome(function* () {
      const t = new Timeout(5);
      expect(t.pending).toBe(false);
      t.start();
      expect(t.pending).toBe(true);
      t.cancel();
      expect(t.pending).toBe(false);
      yield* sleep(10);
      return 'not interrupted';
    });
    expect(result).toBe('not interrupted');
  });

  it('is raised in the greenlet that started it, at its suspension point, and can restart', async () => {
    const log: string[] = [];
    function* nested() {
      try {
        log.push('before');
        yield* sleepForever();
      } finally {
        log.push('nested finally');
      }
    }
    const bystander = spawn(function* () {
      yield* sleep(15);
      return 'undisturbed';
    });
    const result = await outcome(function* () {
      const t = Timeout.startNew(5);
      for (const round of [1, 2]) {
        try {
          yield* nested();
        } catch (e) {
          log.push(`caught ${e === t ? 'it' : e} ${round}`);
          expect(t.pending).toBe(false);
        }
        if (round === 1) t.start();
      }
    });
    expect(result).toBeUndefined();
    expect(log).toEqual([
      ...['before', 'nested finally', 'caught it 1'],
      ...['before', 'nested finally', 'caught it 2'],
    ]);
    expect(await bystander).toBe('undisturbed');
  });

  it('raises a custom error instead of itself when given one', async () => {
    const error = new Error('operation takes way too long');
    let t: Timeout | undefined;
    const result = await outcome(function* () {
      t = Timeout.startNew(5, error);
      return yield* sleepForever();
    });
    expect(result).toBe(error);
    expect(t?.pending).toBe(false);
  });

  it('nested: the one that fired is raised and the other stays pending', async () => {
    for (const innerFirst of [false, true]) {
      const result = await outcome(function* () {
        const outer = Timeout.startNew(innerFirst ? 50 : 5);
        const inner = Timeout.startNew(innerFirst ? 5 : 50);
        try {
          yield* sleepForever();
        } catch (e) {
          return [e === (innerFirst ? inner : outer), outer.pending, inner.pending];
        } finally {
          inner.cancel();
          outer.cancel();
        }
      });
      expect(result).toEqual([true, innerFirst, !innerFirst]);
    }
  });

  it('an outer Timeout surfaces as itself from an inner wait that has its own timeout', async () => {
    const other = spawn(sleepForever);
    let outer: Timeout | undefined;
    const result = await outcome(function* () {
      outer = Timeout.startNew(5);
      try {
        return yield* other.get({ timeout: 50 });
      } finally {
        outer.cancel();
      }
    });
    expect(result).toBe(outer);
    await other.kill();
  });

  it('cancel after expiry, twice, is harmless', async () => {
    const result = await outcome(function* () {
      const t = Timeout.startNew(1);
      try {
        yield* sleepForever();
      } catch (e) {
        if (e !== t) throw e;
      }
      t.cancel();
      t.cancel();
      yield* sleep(5);
      return 'fine';
    });
    expect(result).toBe('fine');
  });

  it('Timeout(null) never fires', async () => {
    const result = await outcome(function* () {
      const t = Timeout.startNew(null);
      expect(t.pending).toBe(false);
      yield* sleep(5);
      t.cancel();
      return 'fine';
    });
    expect(result).toBe('fine');
  });

  it('`using` cancels it at the end of the block, or it fires inside', async () => {
    const result = await outcome(function* () {
      let t: Timeout;
      {
        using u = Timeout.startNew(10);
        t = u;
        expect(t.pending).toBe(true);
      }
      expect(t.pending).toBe(false);
      yield* sleep(15);
      using v = Timeout.startNew(1);
      try {
        yield* sleepForever();
      } catch (e) {
        return e === v ? 'fired' : e;
      }
    });
    expect(result).toBe('fired');
  });

  it('misuse: start twice, start in plain code, a bad duration', async () => {
    const result = await outcome(function* () {
      using t = Timeout.startNew(1000);
      t.start();
    });
    expect(HubError.isInstance(result)).toBe(true);
    expect(String(result)).toMatch(/already started/);
    expect(() => Timeout.startNew(5)).toThrow(HubError);
    expect(() => new Timeout(-1)).toThrow(TypeError);
    expect(getHub().timers.size).toBe(0);
  });
});

describe('withTimeout', () => {
  it('raises its Timeout when the body overruns, and cancels it in every case', async () => {
    const overrun = await outcome(() => withTimeout(5, sleepForever));
    expect(Timeout.isInstance(overrun)).toBe(true);
    const failed = await outcome(() =>
      withTimeout(1000, function* () {
        yield* sleep(0);
        throw new Error('body failed');
      }),
    );
    expect(failed).toEqual(new Error('body failed'));
    expect(getHub().timers.size).toBe(0);
  });

  it('timeoutValue is the result when the deadline passes, even undefined', async () => {
    const marker = { gaveUp: true };
    expect(await withTimeout(5, sleepForever, { timeoutValue: marker })).toBe(marker);
    expect(await withTimeout(5, sleepForever, { timeoutValue: undefined })).toBeUndefined();
  });

  it("the body's value when it finishes in time; its Timeout does not fire later", async () => {
    const result = await outcome(function* () {
      const quick = yield* withTimeout(20, function* () {
        yield* sleep(1);
        return 'quick';
      });
      yield* sleep(25);
      return quick;
    });
    expect(result).toBe('quick');
    expect(
      await withTimeout(null, function* () {
        return 'no deadline';
      }),
    ).toBe('no deadline');
  });

  it('an outer Timeout passes through as itself, not as timeoutValue', async () => {
    let outer: Timeout | undefined;
    const result = await outcome(function* () {
      outer = Timeout.startNew(5);
      try {
        return yield* withTimeout(50, sleepForever, { timeoutValue: 'inner' });
      } finally {
        outer.cancel();
      }
    });
    expect(result).toBe(outer);
  });

  it('its own Timeout only, when it is nested in another withTimeout', async () => {
    const result = await withTimeout(
      50,
      function* () {
        return yield* withTimeout(5, sleepForever, { timeoutValue: 'inner gave up' });
      },
      { timeoutValue: 'outer gave up' },
    );
    expect(result).toBe('inner gave up');
  });

  it('misuse is a TypeError at the call', () => {
    expect(() => withTimeout(5, 'body' as never)).toThrow(/generator function/);
    expect(() => withTimeout(-5, sleepForever)).toThrow(TypeError);
  });
});
