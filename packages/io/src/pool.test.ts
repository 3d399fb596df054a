import { ContextVar, GreenletExit, getCurrent } from '@tendril/greenlet';
import { Greenlet, setErrorHandler, sleep, spawn } from '@tendril/hub';
import { captureHubErrors, expectOneError, useVirtualClock } from '@tendril/testing';
import { describe, expect, it } from 'vitest';
import { underOuterTimeout } from './__fixtures__/support.js';
import { Event, Local, local, Pool, PoolFull } from './index.js';

class ExpectedError extends Error {
  override name = 'ExpectedError';
}

function* sqr(x: number, ms = 0) {
  yield* sleep(ms);
  return x * x;
}

function* nap(ms: number) {
  yield* sleep(ms);
  return ms;
}

function* divideBy(x: number) {
  if (x === 0) throw new RangeError('division by zero');
  return 1 / x;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const squares = (n: number) => range(n).map((i) => i * i);

/** An async iterable (read by the producer as it goes), like gevent's Queue-fed imap input. */
async function* slowly<T>(items: T[], endAfterMs: number) {
  yield* items;
  await new Promise((resolve) => setTimeout(resolve, endAfterMs));
}

describe('Pool (test__pool: TestCoroutinePool, PoolBasicTests)', () => {
  it('apply() returns the value; its error is raised, not reported', async () => {
    using capture = captureHubErrors();
    const pool = new Pool(2);
    expect(
      await pool.apply(function* () {
        return 'return value';
      }),
    ).toBe('return value');
    const boom = new ExpectedError();
    await expect(
      pool.apply(function* () {
        throw boom;
      }),
    ).rejects.toBe(boom);
    await pool.join();
    expect(capture.errors).toEqual([]);
  });

  it('runs members side by side (multiple coros)', async () => {
    const pool = new Pool(2);
    const evt = new Event();
    const results: string[] = [];
    const done = await pool.start(
      new Greenlet(function* consumer() {
        results.push('cons1');
        yield* evt.wait();
        results.push('cons2');
      }),
    );
    expect(done).toBeUndefined();
    await pool.apply(function* producer() {
      yield* sleep(1);
      results.push('prod');
      evt.set();
    });
    await pool.join();
    expect(results).toEqual(['cons1', 'prod', 'cons2']);
  });

  it('apply() from a member runs inline, so it cannot deadlock a full pool', async () => {
    const pool = new Pool(1);
    const inc = function* (a: number) {
      return a + 1;
    };
    expect(
      await pool.apply(function* () {
        return yield* pool.apply(inc, 5);
      }),
    ).toBe(6);
  });

  it('keeps its slots when the error handler itself fails', async () => {
    const pool = new Pool(1);
    const previous = setErrorHandler(() => {
      throw new Error('writing the report failed');
    });
    const restore = () => setErrorHandler(previous);
    const writes: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => writes.push(String(chunk)) > 0) as typeof write;
    try {
      const crash = new Greenlet(function* crash() {
        throw new RuntimeError();
      });
      await pool.start(crash);
      await crash.join();
      await pool.join();
      expect(pool.freeCount()).toBe(1);
      expect(await pool.apply(nap, 0)).toBe(0);
    } finally {
      process.stderr.write = write;
      restore();
    }
    expect(writes.join('')).toContain('RuntimeError');
  });

  it('free slots follow spawns and finishes', async () => {
    const pool = new Pool(2);
    expect([pool.freeCount(), pool.size, String(pool)]).toEqual([2, 2, 'Pool(0/2)']);
    const r: number[] = [];
    const record = function* (n: number) {
      r.push(n);
    };
    const first = new Greenlet(record, 1);
    pool.addNowait(first);
    first.start();
    expect([pool.freeCount(), pool.has(first)]).toEqual([1, true]);
    await pool.join();
    expect([r, pool.freeCount()]).toEqual([[1], 2]);
    const spawner = spawn(function* () {
      yield* pool.spawn(record, 2);
      yield* pool.spawn(record, 3);
      const free = pool.freeCount();
      yield* pool.spawn(record, 4); // waits until 2 or 3 has finished
      return [free, ...r];
    });
    expect(await spawner).toEqual([0, 1, 2, 3]);
    await pool.join();
    expect(r).toEqual([1, 2, 3, 4]);
  });

  it('discard() frees the slot of a greenlet that goes on running', async () => {
    const pool = new Pool(1);
    const { g } = await spawn(function* () {
      return { g: yield* pool.spawn(nap, 10_000) };
    });
    pool.discard(g);
    expect([pool.length, pool.freeCount(), g.dead]).toEqual([0, 1, false]);
    await g.kill();
    expect(pool.freeCount()).toBe(1);
  });

  it('add() waits for a slot; an outer Timeout surfaces as itself and loses nothing', async () => {
    const pool = new Pool(1);
    const first = spawn(nap, 10_000);
    const second = spawn(nap, 10_000);
    expect([pool.freeCount(), pool.length]).toEqual([1, 0]);
    await pool.add(first);
    expect([pool.freeCount(), pool.length]).toEqual([0, 1]);
    const adder = underOuterTimeout(5, () => pool.add(second));
    expect(await adder).toBe('outer timeout');
    expect([pool.freeCount(), pool.length, pool.has(second)]).toEqual([0, 1, false]);
    await first.kill();
    expect([pool.freeCount(), pool.length]).toEqual([1, 0]);
    await second.kill();
  });

  it('addNowait() and add/start({ timeout }) raise PoolFull', async () => {
    const pool = new Pool(1);
    const first = spawn(nap, 10_000);
    pool.addNowait(first);
    pool.addNowait(first); // a member again: nothing happens
    const second = new Greenlet(nap, 10_000);
    expect(() => pool.addNowait(second)).toThrow(PoolFull);
    const started = performance.now();
    await expect(pool.add(second, { timeout: 10 })).rejects.toThrow(PoolFull);
    expect(performance.now() - started).toBeGreaterThanOrEqual(8);
    await expect(pool.start(second, { timeout: 0 })).rejects.toThrow(PoolFull);
    expect([second.started, pool.freeCount(), pool.length]).toEqual([false, 0, 1]);
    await first.kill();
  });

  it('apply() with no bound; a negative or fractional size is refused', async () => {
    const pool = new Pool();
    expect([pool.size, pool.freeCount(), String(pool)]).toEqual([null, Infinity, 'Pool(0)']);
    expect(
      await pool.apply(function* (a: number) {
        return ['foo', a];
      }, 1),
    ).toEqual(['foo', 1]);
    expect(() => new Pool(-1)).toThrow(RangeError);
    expect(() => new Pool(1.5)).toThrow(RangeError);
  });
});

class RuntimeError extends Error {
  override name = 'RuntimeError';
}

describe.each([1, 2, 3, 10, null])('Pool(%s) (test__pool: TestPool)', (size) => {
  it('apply', async () => {
    const pool = new Pool(size);
    expect(await pool.apply(sqr, 5)).toBe(25);
    expect(await pool.apply(sqr, 3, 1)).toBe(9);
  });

  it('map', async () => {
    const pool = new Pool(size);
    expect(await pool.map(sqr, range(10))).toEqual(squares(10));
    expect(await pool.map(sqr, range(100))).toEqual(squares(100));
    expect(await pool.map(sqr, [])).toEqual([]);
    expect(pool.freeCount()).toBe(size ?? Infinity);
  });

  it('map reads an array as it goes: items added or removed meanwhile count', async () => {
    const pool = new Pool(size);
    const growing = [1, 2, 3];
    function* grow(n: number) {
      if (n < 5) growing.push(n + 3);
      return n;
    }
    expect(await pool.map(grow, growing)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const shrinking = [1, 2, 3, 4, 5];
    function* shrink(n: number) {
      if (n === 2) shrinking.length = 3;
      return n * 10;
    }
    expect(await pool.map(shrink, shrinking)).toEqual([10, 20, 30]);
  });

  it('imap in a greenlet: results in order, then done', async () => {
    const pool = new Pool(size);
    const g = spawn(function* () {
      using it = pool.imap(sqr, range(1000));
      const out: number[] = [];
      for (let r = yield* it.next(); !r.done; r = yield* it.next()) out.push(r.value);
      return [out, yield* it.next()] as const;
    });
    const [out, after] = await g;
    expect(out).toEqual(squares(1000));
    expect(after).toEqual({ done: true, value: undefined });
  });

  it('imap and imapUnordered with for await; random durations; empty input', async () => {
    const pool = new Pool(size);
    const random = function* (x: number) {
      yield* sleep(Math.random() * 5);
      return x * x;
    };
    const ordered: number[] = [];
    for await (const sq of pool.imap(random, range(10))) ordered.push(sq);
    expect(ordered).toEqual(squares(10));
    const unordered: number[] = [];
    for await (const sq of pool.imapUnordered(random, range(10))) unordered.push(sq);
    expect(unordered.sort((a, b) => a - b)).toEqual(squares(10));
    for await (const _ of pool.imap(sqr, [])) expect.unreachable();
    for await (const _ of pool.imapUnordered(sqr, [])) expect.unreachable();
    const large: number[] = [];
    for await (const sq of pool.imapUnordered(sqr, range(1000))) large.push(sq);
    expect(large.sort((a, b) => a - b)).toEqual(squares(1000));
  });

  it('imapUnordered hands results out in the order they finish', async () => {
    useVirtualClock(); // the naps end in deadline order, however loaded the machine is
    const pool = new Pool(size);
    const out: number[] = [];
    for await (const ms of pool.imapUnordered(nap, [10, 1, 2])) out.push(ms);
    expect(out).toEqual(size === 1 ? [10, 1, 2] : [1, 2, 10]);
  });

  it('reads an async iterable as it goes, and ends when it does (gevent #423, #311)', async () => {
    const pool = new Pool(size);
    const echo = function* <T>(x: T) {
      return x;
    };
    expect(await pool.map(echo, slowly([123], 5))).toEqual([123]);
    const out: number[] = [];
    for await (const x of pool.imapUnordered(sqr, slowly([0, 1, 2], 5))) out.push(x);
    expect(out.sort()).toEqual([0, 1, 4]);
  });

  it('kill() stops a running map quickly (terminate)', async () => {
    const pool = new Pool(size);
    const mapper = spawn(function* () {
      return yield* pool.map(nap, Array((size ?? 10) * 2).fill(10_000));
    });
    await sleep(1);
    expect(pool.length).toBe(size ?? 20);
    const started = performance.now();
    expect(await pool.kill()).toBe(true);
    await mapper.join();
    expect(performance.now() - started).toBeLessThan(500);
    expect(mapper.value).toBeInstanceOf(GreenletExit); // the map was killed with its items
    expect([pool.length, pool.freeCount()]).toEqual([0, size ?? Infinity]);
  });

  it('maxsize bounds the results not yet consumed (gevent #638)', async () => {
    const pool = new Pool(size);
    for (const method of ['imap', 'imapUnordered'] as const) {
      let started = 0;
      const quick = function* (i: number) {
        started++;
        return i;
      };
      const reader = spawn(function* () {
        using it = pool[method](quick, range(30), { maxsize: 1 });
        const out: number[] = [];
        for (let r = yield* it.next(); !r.done; r = yield* it.next()) {
          expect(started).toBeLessThanOrEqual(out.length + 1);
          out.push(r.value);
          yield* sleep(0);
        }
        return out;
      });
      expect((await reader).sort((a, b) => a - b)).toEqual(range(30));
    }
  });
});

describe('Pool: waiting for a slot', () => {
  it('Pool(0) is always full; waitAvailable({ timeout }) returns 0', async () => {
    const pool = new Pool(0);
    expect([pool.freeCount(), pool.full()]).toEqual([0, true]);
    expect(await pool.waitAvailable({ timeout: 5 })).toBe(0);
  });

  it('join({ timeout }) on a busy pool is false; join() waits until it is empty', async () => {
    const pool = new Pool(1);
    expect(await pool.join()).toBe(true); // empty: at once
    await pool.start(new Greenlet(nap, 20));
    expect(pool.length).toBe(1);
    expect(await pool.join({ timeout: 1 })).toBe(false);
    expect(await pool.join({ timeout: 1, raiseError: true })).toBe(false);
    expect(await pool.join()).toBe(true);
    expect(pool.length).toBe(0);
  });

  it('spawn waits while full, and waiters get slots first come, first served', async () => {
    const pool = new Pool(1);
    const log: string[] = [];
    const job = function* (name: string) {
      log.push(`${name} runs`);
      yield* sleep(1);
    };
    const spawner = (name: string) =>
      spawn(function* () {
        log.push(`${name} waits`);
        yield* pool.spawn(job, name);
        log.push(`${name} spawned`);
      });
    const spawners = ['a', 'b', 'c'].map(spawner);
    for (const s of spawners) await s;
    await pool.join();
    expect(log).toEqual([
      'a waits',
      'a spawned',
      'b waits',
      'c waits',
      'a runs',
      'b spawned',
      'b runs',
      'c spawned',
      'c runs',
    ]);
  });

  it('a spawner killed while it waits for a slot loses no slot and leaves no waiter', async () => {
    const pool = new Pool(1);
    const blocker = await spawn(function* () {
      return { g: yield* pool.spawn(nap, 10_000) };
    });
    const waiting = spawn(function* () {
      yield* pool.spawn(nap, 1);
      return 'spawned';
    });
    await sleep(0);
    pool.discard(blocker.g); // hands the slot to the waiter…
    waiting.kill(); // …which is killed before it runs: the slot is passed on
    await waiting.join();
    expect([pool.length, pool.freeCount(), GreenletExit.isInstance(waiting.value)]).toEqual([
      0,
      1,
      true,
    ]);
    expect(await pool.apply(nap, 0)).toBe(0); // nothing stuck in line
    await blocker.g.kill();
  });

  it('waitAvailable() waits in line, then gives the slot back', async () => {
    const pool = new Pool(1);
    const blocker = await spawn(function* () {
      return { g: yield* pool.spawn(nap, 10_000) };
    });
    const watcher = spawn(function* () {
      return yield* pool.waitAvailable();
    });
    const killed = spawn(function* () {
      return yield* pool.waitAvailable();
    });
    await sleep(0);
    await killed.kill();
    blocker.g.kill();
    expect(await watcher).toBe(1);
    expect([pool.freeCount(), pool.length]).toEqual([1, 0]);
    await pool.start(new Greenlet(nap, 10_000));
    const outer = underOuterTimeout(5, () => pool.waitAvailable());
    expect(await outer).toBe('outer timeout');
    await pool.kill();
    expect(pool.freeCount()).toBe(1);
  });

  it('Pool.spawn from plain code resolves to the greenlet value (promise assimilation)', async () => {
    const pool = new Pool(1);
    expect(await pool.spawn(sqr, 3)).toBe(9);
    const g = new Greenlet(nap, 5);
    await pool.start(g); // the greenlet itself: start() resolves to nothing
    expect(pool.has(g)).toBe(true);
    expect(await g).toBe(5);
  });
});

describe('Pool: errors and interruptions', () => {
  it('an error in the input comes after the items before it (error_iter)', async () => {
    const pool = new Pool(3);
    const boom = new ExpectedError();
    function* errorIter() {
      yield 1;
      yield 2;
      throw boom;
    }
    const none = function* (_: number) {};
    using capture = captureHubErrors();
    await expect(pool.map(none, errorIter())).rejects.toBe(boom);
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const x of pool.imapUnordered(sqr, errorIter())) seen.push(x);
      })(),
    ).rejects.toBe(boom);
    expect(seen.sort()).toEqual([1, 4]);
    await pool.join();
    expect(capture.errors).toEqual([]);
  });

  it('map raises the error of the first item to fail at once, killing the others', async () => {
    using capture = captureHubErrors();
    const pool = new Pool(3);
    const started: number[] = [];
    const log: string[] = [];
    const work = function* (x: number) {
      started.push(x);
      if (x === 0) throw new RangeError('division by zero');
      try {
        yield* sleep(10_000);
      } finally {
        log.push(`killed ${x}`);
      }
    };
    await expect(pool.map(work, [1, 0, 2])).rejects.toThrow(RangeError);
    // Every item that started was killed (2 may not have started: no item starts after 0 failed).
    expect(log).toContain('killed 1');
    expect(log.sort()).toEqual(started.filter((x) => x !== 0).map((x) => `killed ${x}`));
    expect([pool.length, pool.freeCount()]).toEqual([0, 3]);
    expect(capture.errors).toEqual([]);
  });

  it('imap raises a failed item at its position and goes on after it', async () => {
    for (const method of ['imap', 'imapUnordered'] as const) {
      const pool = new Pool(1);
      const g = spawn(function* () {
        const it = pool[method](divideBy, [1, 0, 2]);
        const first = yield* it.next();
        let error: unknown;
        try {
          yield* it.next();
        } catch (e) {
          error = e;
        }
        return [first, error, yield* it.next(), yield* it.next()];
      });
      const [first, error, third, end] = await g;
      expect(first).toEqual({ done: false, value: 1 });
      expect(error).toBeInstanceOf(RangeError);
      expect(third).toEqual({ done: false, value: 0.5 });
      expect(end).toEqual({ done: true, value: undefined });
    }
  });

  it('leaving a for await loop early kills the items still running', async () => {
    const pool = new Pool(2);
    const log: string[] = [];
    const work = function* (ms: number) {
      log.push('start');
      try {
        yield* sleep(ms);
        return ms;
      } finally {
        log.push(`${ms} done`);
      }
    };
    for await (const ms of pool.imapUnordered(work, [1, 10_000, 10_000, 10_000])) {
      expect(ms).toBe(1);
      break;
    }
    const started = log.filter((l) => l === 'start').length;
    expect(log.filter((l) => l === '10000 done').length).toBe(started - 1); // all killed
    expect(log).toContain('1 done');
    expect([pool.length, pool.freeCount()]).toEqual([0, 2]);
  });

  it('a map killed while it waits kills its items; an outer Timeout surfaces as itself', async () => {
    const pool = new Pool(2);
    const mapper = spawn(function* () {
      return yield* pool.map(nap, [10_000, 10_000, 10_000]);
    });
    await sleep(1);
    expect(pool.length).toBe(2);
    await mapper.kill();
    expect([pool.length, pool.freeCount()]).toEqual([0, 2]);
    const timed = underOuterTimeout(5, () => pool.map(nap, [10_000, 10_000, 10_000]));
    expect(await timed).toBe('outer timeout');
    expect([pool.length, pool.freeCount()]).toEqual([0, 2]);
  });

  it('an imap consumer killed or timed out in next() leaves the results for the next one', async () => {
    const pool = new Pool(2);
    // The outer timeout (1 ms) fires long before the first item (100 ms) is done.
    const it = pool.imap(nap, [100, 1]);
    const consumer = underOuterTimeout(1, () => it.next());
    expect(await consumer).toBe('outer timeout');
    const killed = spawn(function* () {
      return yield* it.next();
    });
    await sleep(0);
    await killed.kill();
    expect(await it.next()).toEqual({ done: false, value: 100 });
    expect(await it.next()).toEqual({ done: false, value: 1 });
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('apply() interrupted by a Timeout kills the work; a member failure is reported', async () => {
    const pool = new Pool(1);
    const log: string[] = [];
    const timed = underOuterTimeout(5, () =>
      pool.apply(function* () {
        try {
          yield* sleep(10_000);
        } finally {
          log.push('work killed');
        }
      }),
    );
    expect(await timed).toBe('outer timeout');
    await pool.join();
    expect(log).toEqual(['work killed']);
    const boom = new ExpectedError();
    const reported = await expectOneError(ExpectedError, function* () {
      yield* pool.start(
        new Greenlet(function* () {
          throw boom;
        }),
      );
      yield* pool.join();
    });
    expect(reported).toBe(boom);
  });
});

describe('Pool.map: items run in worker greenlets', () => {
  /** `n` Events. */
  const events = (n: number) => Array.from({ length: n }, () => new Event());

  it('fn that is no generator function fails the map with a TypeError saying so', async () => {
    const pool = new Pool(2);
    const plain = (x: number) => x * 2;
    const asynchronous = async function* (x: number) {
      return x;
    };
    await expect(pool.map(plain as never, [1, 2])).rejects.toThrow(
      /fn must be a generator function .* it returned a number/,
    );
    await expect(pool.map(asynchronous as never, [1, 2])).rejects.toThrow(
      /it returned an AsyncGenerator/,
    );
    // A plain function that returns a generator is fine.
    const wrapped = (x: number) =>
      (function* () {
        return x + 1;
      })();
    expect(await pool.map(wrapped, [1, 2])).toEqual([2, 3]);
    expect(pool.length).toBe(0);
  });

  it('returns the results in input order, whatever order the items finish in', async () => {
    const pool = new Pool(3);
    const finished: number[] = [];
    const work = function* (x: number) {
      for (let i = 0; i < (x * 7) % 4; i++) yield* sleep(0); // 0 to 3 turns of the hub
      finished.push(x);
      return x * 10;
    };
    expect(await pool.map(work, range(10))).toEqual(range(10).map((x) => x * 10));
    expect(finished).not.toEqual(range(10)); // they did finish out of order
    expect(finished.sort((a, b) => a - b)).toEqual(range(10));
  });

  it('never runs more items at once than the pool size', async () => {
    const pool = new Pool(3);
    const full = new Event();
    let running = 0;
    let most = 0;
    const work = function* (x: number) {
      running++;
      most = Math.max(most, running);
      if (running === 3) full.set();
      yield* full.wait(); // the first items wait until three run at once
      yield* sleep(0);
      running--;
      return x;
    };
    expect(await pool.map(work, range(20))).toEqual(range(20));
    expect(most).toBe(3);
    expect([pool.length, pool.freeCount()]).toEqual([0, 3]);
  });

  it('uses only the slots that members already running leave free', async () => {
    const pool = new Pool(4);
    const release = new Event();
    const member = function* () {
      yield* release.wait();
    };
    const members = await spawn(function* () {
      return [yield* pool.spawn(member), yield* pool.spawn(member)];
    });
    const two = new Event();
    let running = 0;
    let most = 0;
    const sizes: number[] = [];
    const work = function* (x: number) {
      running++;
      most = Math.max(most, running);
      sizes.push(pool.length);
      if (running === 2) two.set();
      yield* two.wait();
      yield* sleep(0);
      running--;
      return x;
    };
    expect(await pool.map(work, range(10))).toEqual(range(10));
    expect(most).toBe(2);
    expect(Math.max(...sizes)).toBe(4);
    expect(members.map((g) => g.ready())).toEqual([false, false]); // left alone
    release.set();
    await pool.join();
    expect(pool.freeCount()).toBe(4);
  });

  it('items run one after another in a worker, a member of the pool; the caller waits', async () => {
    const pool = new Pool(1);
    const caller = spawn(function* () {
      const seen = yield* pool.map(function* (x: number) {
        const worker = getCurrent() as Greenlet;
        return { x, worker, member: pool.has(worker) };
      }, range(5));
      return { seen, me: getCurrent() };
    });
    const { seen, me } = await caller;
    expect(seen.map((s) => s.x)).toEqual(range(5));
    expect(seen.every((s) => s.member && s.worker === seen[0]?.worker && s.worker !== me)).toBe(
      true,
    );
  });

  it('the first failure kills the other workers (their finally runs); no item starts after it', async () => {
    using capture = captureHubErrors();
    const pool = new Pool(3);
    const started: string[] = [];
    const cleanedUp: string[] = [];
    const bothWait = new Event();
    const boom = new ExpectedError();
    const work = function* (name: string) {
      started.push(name);
      if (name === 'boom') {
        yield* bothWait.wait();
        throw boom;
      }
      if (started.length === 2) bothWait.set();
      try {
        yield* sleep(10_000);
      } finally {
        cleanedUp.push(name);
      }
    };
    const input = ['a', 'b', 'boom', 'c', 'd'];
    await expect(pool.map(work, input)).rejects.toBe(boom);
    expect(started.sort()).toEqual(['a', 'b', 'boom']);
    expect(cleanedUp.sort()).toEqual(['a', 'b']);
    expect([pool.length, pool.freeCount()]).toEqual([0, 3]);
    expect(capture.errors).toEqual([]);
  });

  it('an input left unread is closed when the map stops early (its finally runs)', async () => {
    const pool = new Pool(2);
    let closed = false;
    function* input() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    await expect(pool.map(divideBy, input())).rejects.toThrow(RangeError);
    expect(closed).toBe(true);
  });

  it('greenlet-locals and ContextVars do not leak from one item to the next of a worker', async () => {
    const pool = new Pool(1);
    const seen = new Local(() => 'fresh');
    const fields = local<{ last?: number }>();
    const user = new ContextVar<string>('user', { default: 'nobody' });
    seen.set('caller');
    const out = await spawn(function* () {
      return yield* pool.map(function* (x: number) {
        const before = [seen.get(), fields.last, user.get()];
        seen.set(`item ${x}`);
        fields.last = x;
        user.set(`user ${x}`);
        yield* sleep(0);
        return [...before, seen.get(), getCurrent()];
      }, range(3));
    });
    expect(out.map((r) => r.slice(0, 4))).toEqual([
      ['fresh', undefined, 'nobody', 'item 0'],
      ['fresh', undefined, 'nobody', 'item 1'],
      ['fresh', undefined, 'nobody', 'item 2'],
    ]);
    expect(new Set(out.map((r) => r[4])).size).toBe(1); // one worker ran them all
    expect(seen.get()).toBe('caller');
  });

  it('an item that kills its own greenlet fails the map with its GreenletExit', async () => {
    const pool = new Pool(2);
    const cleanedUp: number[] = [];
    const work = function* (x: number) {
      if (x === 1) (getCurrent() as Greenlet).kill();
      try {
        yield* sleep(10_000);
      } finally {
        cleanedUp.push(x);
      }
    };
    const outcome = await spawn(function* () {
      try {
        return yield* pool.map(work, range(4));
      } catch (error) {
        return error;
      }
    });
    expect(GreenletExit.isInstance(outcome)).toBe(true);
    expect(cleanedUp).toEqual([0]); // the item running beside it; 2 and 3 never started
    expect([pool.length, pool.freeCount()]).toEqual([0, 2]);
  });

  it('map from a member of its own full pool runs the items itself instead of deadlocking', async () => {
    const pool = new Pool(1);
    const where = function* (x: number) {
      return [x, getCurrent()] as const;
    };
    const [seen, member] = await pool.apply(function* () {
      return [yield* pool.map(where, [1, 2, 3]), getCurrent()] as const;
    });
    expect(seen).toEqual([
      [1, member],
      [2, member],
      [3, member],
    ]);
    // Nested: an item of a map on a full pool maps again.
    const nested = await pool.map(
      function* (x: number) {
        return yield* pool.map(sqr, [x, x + 1]);
      },
      [1, 3],
    );
    expect(nested).toEqual([
      [1, 4],
      [9, 16],
    ]);
  });

  it('an empty input returns at once, needing no slot', async () => {
    const pool = new Pool(0);
    expect(await pool.map(sqr, [])).toEqual([]);
    expect(await pool.map(sqr, (function* () {})())).toEqual([]);
  });

  it('reads a generator lazily, as the workers take items', async () => {
    const pool = new Pool(2);
    const started = events(5);
    const release = events(5);
    let reads = 0;
    function* input() {
      for (let i = 0; i < 5; i++) {
        reads++;
        yield i;
      }
    }
    const work = function* (i: number) {
      started[i]?.set();
      yield* (release[i] as Event).wait();
      return i;
    };
    const mapper = spawn(function* () {
      return yield* pool.map(work, input());
    });
    await started[1]?.wait();
    expect(reads).toBe(2); // two items running: nothing read ahead
    release[0]?.set();
    await started[2]?.wait();
    expect(reads).toBe(3);
    for (const r of release) r.set();
    expect(await mapper).toEqual(range(5));
    expect(reads).toBe(5);
  });

  it('lets other greenlets run during a long map of items that do not wait', async () => {
    const pool = new Pool(4);
    let done = 0;
    let doneWhenOtherRan = -1;
    const spin = function* (x: number) {
      if (x === 0) {
        spawn(function* () {
          doneWhenOtherRan = done;
        });
      }
      const until = performance.now() + 0.05; // 100 items hold the CPU for 5 ms or more
      while (performance.now() < until);
      done++;
      return x;
    };
    expect(await pool.map(spin, range(100))).toEqual(range(100));
    expect(doneWhenOtherRan).toBeGreaterThan(0);
    expect(doneWhenOtherRan).toBeLessThan(100);
  });
});
