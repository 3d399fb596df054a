import { GreenletExit, type Suspend } from '@tendril/greenlet';
import { getHub, HubError, interrupt, sleep, spawn, Timeout, withTimeout } from '@tendril/hub';
import { describe, expect, it } from 'vitest';
import { outcome, underOuterTimeout } from './__fixtures__/support.js';
import {
  AsyncResult,
  Channel,
  LifoQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  SimpleQueue,
} from './index.js';

/** A greenlet that gets one item from `q` and logs `name:item`. */
const getter = (q: Queue<string>, log: string[], name: string) =>
  spawn(function* () {
    const item = yield* q.get();
    log.push(`${name}:${item}`);
    return item;
  });

/** A greenlet that puts `item` in `q` and logs `put item`. */
const putter = (q: Queue<string>, log: string[], item: string) =>
  spawn(function* () {
    yield* q.put(item);
    log.push(`put ${item}`);
  });

describe('Queue', () => {
  it('put then peek and get, with no switch (gevent test_send_first)', async () => {
    const q = new Queue<string>();
    expect([q.maxsize, q.qsize(), q.empty(), q.full()]).toEqual([Infinity, 0, true, false]);
    const result = await spawn(function* () {
      yield* q.put('hi');
      expect(String(q)).toBe('Queue (1 items)');
      return [yield* q.peek(), yield* q.get()];
    });
    expect(result).toEqual(['hi', 'hi']);
    expect(q.empty()).toBe(true);
  });

  it('putNowait from hub callbacks: the first fits, the second raises QueueFull (test_put_nowait_simple)', async () => {
    const q = new Queue<number>(1);
    const result: unknown[] = [];
    getHub().callSoon(() => result.push(outcome(() => q.putNowait(2))));
    getHub().callSoon(() => result.push(outcome(() => q.putNowait(3))));
    await sleep(0);
    expect(result[0]).toBeUndefined();
    expect(result[1]).toBeInstanceOf(QueueFull);
    expect([q.qsize(), q.full(), String(q)]).toEqual([1, true, 'Queue (1 items, maxsize 1)']);
  });

  it('getNowait from hub callbacks: an item, then QueueEmpty (test_get_nowait_simple)', async () => {
    const q = new Queue<number>(1);
    q.putNowait(4);
    const result: unknown[] = [];
    getHub().callSoon(() => result.push(outcome(() => q.getNowait())));
    getHub().callSoon(() => result.push(outcome(() => q.getNowait())));
    await sleep(0);
    expect(result[0]).toBe(4);
    expect(result[1]).toBeInstanceOf(QueueEmpty);
  });

  it('putNowait from a callback wakes a waiting getter (test_put_nowait_unlock)', async () => {
    const q = new Queue<number>();
    const p = spawn(function* () {
      return yield* q.get();
    });
    await sleep(0);
    expect([q.empty(), q.full(), q.waitingGetters]).toEqual([true, false, 1]);
    const result: unknown[] = [];
    getHub().callSoon(() => result.push(outcome(() => q.putNowait(10))));
    expect(p.ready()).toBe(false);
    expect(await p).toBe(10);
    expect([result, q.empty(), q.waitingGetters]).toEqual([[undefined], true, 0]);
  });

  it('getNowait from a callback lets a waiting putter in (test_get_nowait_unlock)', async () => {
    const q = new Queue<number>(1);
    q.putNowait(4);
    const p = spawn(function* () {
      yield* q.put(5);
      return 'put';
    });
    await sleep(0);
    expect([q.full(), q.waitingPutters]).toEqual([true, 1]);
    const result: unknown[] = [];
    getHub().callSoon(() => result.push(outcome(() => q.getNowait())));
    expect(await p).toBe('put');
    expect([result, q.getNowait(), q.empty()]).toEqual([[4], 5, true]);
  });

  it('a getter waiting under a Timeout gets a later put (test_send_last)', async () => {
    const q = new Queue<string>();
    const p = underOuterTimeout(1000, () => q.get());
    await sleep(0);
    await q.put('hi2');
    expect(await p).toBe('hi2');
  });

  it('peek waits in greenlets only; with a timeout it raises QueueEmpty (test_peek_empty)', async () => {
    const q = new Queue<number>();
    expect(() => q.peek()[Symbol.iterator]().next()).toThrow(HubError); // plain code must await
    expect(() => q.peekNowait()).toThrow(QueueEmpty);
    await expect(q.peek({ timeout: 10 })).rejects.toBeInstanceOf(QueueEmpty);
    expect(q.waitingGetters).toBe(0);
  });

  it('a waiting peek sees the next put and leaves it in (test_peek_multi_greenlet)', async () => {
    const q = new Queue<number>();
    const g = spawn(function* () {
      return yield* q.peek();
    });
    await sleep(0);
    q.putNowait(1);
    expect(await g).toBe(1);
    expect([q.peekNowait(), q.qsize()]).toEqual([1, 1]);
  });

  it('put waits while maxsize items are in (test_max_size)', async () => {
    const q = new Queue<string>(2);
    const results: string[] = [];
    const p = putter(q, results, 'a');
    putter(q, results, 'b');
    putter(q, results, 'c');
    await sleep(0);
    expect(results).toEqual(['put a', 'put b']);
    expect(await q.get()).toBe('a');
    await sleep(0);
    expect(results).toEqual(['put a', 'put b', 'put c']);
    expect([await q.get(), await q.get(), await p]).toEqual(['b', 'c', undefined]);
  });

  it('waiting getters are served first come, first served (test_multiple_waiters)', async () => {
    const q = new Queue<string>();
    const log: string[] = [];
    const getters = ['g1', 'g2', 'g3', 'g4'].map((name) => getter(q, log, name));
    await sleep(0);
    q.putNowait('1');
    await getters[0];
    expect(log).toEqual(['g1:1']);
    for (const item of ['2', '3', '4']) q.putNowait(item);
    await Promise.all(getters);
    expect(log).toEqual(['g1:1', 'g2:2', 'g3:3', 'g4:4']);
  });

  it('waiting putters are served first come, first served', async () => {
    const q = new Queue<string>(1);
    q.putNowait('0');
    const log: string[] = [];
    const putters = ['a', 'b', 'c'].map((item) => putter(q, log, item));
    await sleep(0);
    expect(q.waitingPutters).toBe(3);
    const got: string[] = [];
    for (let i = 0; i < 4; i++) got.push(await q.get());
    await Promise.all(putters);
    expect([got, log]).toEqual([
      ['0', 'a', 'b', 'c'],
      ['put a', 'put b', 'put c'],
    ]);
  });

  it('a running get does not overtake a woken getter', async () => {
    const q = new Queue<string>();
    const log: string[] = [];
    const a = getter(q, log, 'a');
    await sleep(0);
    q.putNowait('x'); // promised to a, which has not run yet
    expect([q.qsize(), outcome(() => q.getNowait())]).toEqual([0, expect.any(QueueEmpty)]);
    expect(await a).toBe('x');
  });

  it('a getter cancelled by a Timeout takes no item (test_waiters_that_cancel)', async () => {
    const q = new Queue<string>();
    const evt = new AsyncResult<string>();
    spawn(function* () {
      const t = Timeout.startNew(0, new RangeError('expected'));
      try {
        evt.set(yield* q.get());
      } catch (error) {
        evt.set(error instanceof RangeError ? 'timed out' : String(error));
      } finally {
        t.cancel();
      }
    });
    expect(await evt.get()).toBe('timed out');
    q.putNowait('hi');
    expect(await q.get()).toBe('hi');
  });

  it('a putter that was spawned and finished leaves its item (test_senders_that_die)', async () => {
    const q = new Queue<string>();
    spawn(function* () {
      yield* q.put('sent');
    });
    expect(await q.get()).toBe('sent');
  });

  it('of two getters, the one hit by its Timeout takes nothing (test_two_waiters_one_dies)', async () => {
    const q = new Queue<string>();
    const dying = underOuterTimeout(0, () => q.get());
    const waiting = spawn(function* () {
      return yield* q.get();
    });
    await dying.join();
    q.putNowait('hi');
    expect([await dying, await waiting]).toEqual(['outer timeout', 'hi']);
  });

  it('two getters that both time out leave the item in the queue (test_two_bogus_waiters)', async () => {
    const q = new Queue<string>();
    const bogus = () =>
      spawn(function* () {
        try {
          return yield* q.get({ timeout: 1 });
        } catch (error) {
          return error instanceof QueueEmpty ? 'timed out' : error;
        }
      });
    const [e1, e2] = [bogus(), bogus()];
    expect([await e1, await e2]).toEqual(['timed out', 'timed out']);
    q.putNowait('sent');
    expect([await q.get(), q.waitingGetters]).toEqual(['sent', 0]);
  });

  describe('handed an item but interrupted before it ran', () => {
    it('a killed getter passes the item to the next getter', async () => {
      const q = new Queue<string>();
      const log: string[] = [];
      const [a, b] = [getter(q, log, 'a'), getter(q, log, 'b')];
      await sleep(0);
      q.putNowait('x'); // promised to a
      a.kill();
      expect(await b).toBe('x');
      expect([log, q.qsize(), q.waitingGetters]).toEqual([['b:x'], 0, 0]);
    });

    it('with nobody else waiting, the item stays in the queue, in its place', async () => {
      const q = new Queue<string>();
      const a = spawn(function* () {
        try {
          return yield* q.get();
        } catch (error) {
          return error;
        }
      });
      await sleep(0);
      q.putNowait('x'); // promised to a
      q.putNowait('y');
      const t = new Timeout(null);
      interrupt(a, t); // what an expiring Timeout does
      expect(await a).toBe(t);
      expect([q.getNowait(), q.getNowait()]).toEqual(['x', 'y']);
    });

    it('a putter whose item went in completes its put; the kill comes at its next wait', async () => {
      const q = new Queue<string>(1);
      q.putNowait('a');
      const log: string[] = [];
      const p = spawn(function* () {
        yield* q.put('b');
        log.push('put returned');
        yield* sleep(0);
        log.push('not reached');
      });
      await sleep(0);
      expect(q.getNowait()).toBe('a'); // lets b in
      p.kill();
      await p.join();
      expect([log, q.getNowait(), q.empty(), q.waitingPutters]).toEqual([
        ['put returned'],
        'b',
        true,
        0,
      ]);
    });

    it('a Timeout that hit such a putter is withdrawn when cancelled', async () => {
      const q = new Queue<string>(1);
      q.putNowait('a');
      const p = spawn(function* () {
        const t = new Timeout(null).start();
        try {
          yield* q.put('b');
          interrupt(p, t); // stands in for t expiring between the wake-up and the run...
        } finally {
          t.cancel();
        }
        yield* sleep(0); // ...so nothing is raised here
        return 'done';
      });
      await sleep(0);
      q.getNowait();
      expect(await p).toBe('done');
      expect(q.getNowait()).toBe('b');
    });
  });

  describe('kill during each blocking call', () => {
    it('get: nothing left waiting, the next item is not lost', async () => {
      const q = new Queue<string>();
      const log: string[] = [];
      const g = getter(q, log, 'a');
      await sleep(0);
      await g.kill();
      expect(q.waitingGetters).toBe(0);
      q.putNowait('x');
      expect([q.getNowait(), log]).toEqual(['x', []]);
    });

    it('put: nothing left waiting, its item never goes in', async () => {
      const q = new Queue<string>(1);
      q.putNowait('a');
      const log: string[] = [];
      const p = putter(q, log, 'b');
      await sleep(0);
      await p.kill();
      expect([q.waitingPutters, q.getNowait(), q.empty(), log]).toEqual([0, 'a', true, []]);
    });

    it('peek: nothing left waiting', async () => {
      const q = new Queue<string>();
      const g = spawn(function* () {
        return yield* q.peek();
      });
      await sleep(0);
      expect(q.waitingGetters).toBe(1);
      await g.kill();
      expect(q.waitingGetters).toBe(0);
      q.putNowait('x');
      expect(q.getNowait()).toBe('x');
    });

    it('forEach: killed in the handler or while waiting for an item, it takes no other item', async () => {
      const q = new Queue<string>();
      const seen: string[] = [];
      const inHandler = spawn(function* () {
        yield* q.forEach(function* (item) {
          seen.push(item);
          yield* sleep(1000);
        });
      });
      q.putNowait('a');
      await sleep(0);
      q.putNowait('b');
      await inHandler.kill();
      expect([seen, q.waitingGetters, q.qsize()]).toEqual([['a'], 0, 1]);
      expect(q.getNowait()).toBe('b');
      const waiting = spawn(function* () {
        yield* q.forEach(function* (item) {
          seen.push(item);
        });
      });
      await sleep(0);
      expect(q.waitingGetters).toBe(1);
      await waiting.kill();
      q.putNowait('c');
      expect([seen, q.waitingGetters, q.getNowait()]).toEqual([['a'], 0, 'c']);
    });

    it('join: the greenlet dies, join still works for others', async () => {
      const q = new Queue<string>();
      q.putNowait('x');
      const g = spawn(function* () {
        return yield* q.join();
      });
      await sleep(0);
      await g.kill();
      expect(GreenletExit.isInstance(g.value)).toBe(true);
      q.getNowait();
      q.taskDone();
      expect(await q.join()).toBe(true);
    });
  });

  describe('tasks', () => {
    it('counts unfinished tasks (test_task_done)', async () => {
      const q = new Queue<object>();
      const x = {};
      spawn(function* () {
        yield* q.put(x);
      });
      expect(await q.get()).toBe(x);
      expect(q.unfinishedTasks).toBe(1);
      q.taskDone();
      expect(q.unfinishedTasks).toBe(0);
      expect(() => q.taskDone()).toThrow(RangeError);
    });

    it('join returns at once, without switching, when nothing was put (test_issue_45)', () => {
      expect(new Queue().join()[Symbol.iterator]().next()).toEqual({ done: true, value: true });
    });

    it('join waits until every item is marked done; with a timeout it returns false', async () => {
      const q = new Queue<number>();
      const done: number[] = [];
      for (let i = 0; i < 3; i++) q.putNowait(i);
      expect(await q.join({ timeout: 5 })).toBe(false);
      spawn(function* () {
        yield* q.forEach(function* (n) {
          yield* sleep(0);
          done.push(n);
          q.taskDone();
        });
      });
      expect(await q.join()).toBe(true);
      expect(done).toEqual([0, 1, 2]);
      q.shutdown();
    });
  });

  describe('shutdown', () => {
    it.each([false, true])('immediate=%s: all methods from one greenlet', async (immediate) => {
      const q = new Queue<string>();
      await q.put('L');
      q.putNowait('O');
      q.shutdown(immediate);
      expect(q.isShutDown).toBe(true);
      await expect(q.put('E')).rejects.toBeInstanceOf(QueueShutDown);
      expect(() => q.putNowait('W')).toThrow(QueueShutDown);
      if (immediate) {
        await expect(q.get()).rejects.toBeInstanceOf(QueueShutDown);
        expect(() => q.getNowait()).toThrow(QueueShutDown);
        expect(() => q.taskDone()).toThrow(RangeError);
      } else {
        expect(await q.get()).toBe('L');
        q.taskDone();
        expect(q.getNowait()).toBe('O');
        q.taskDone();
        await expect(q.get()).rejects.toBeInstanceOf(QueueShutDown);
        expect(() => q.getNowait()).toThrow(QueueShutDown);
        await expect(q.get({ timeout: 1000 })).rejects.toBeInstanceOf(QueueShutDown);
        await expect(q.peek()).rejects.toBeInstanceOf(QueueShutDown);
      }
      expect(await q.join()).toBe(true);
    });

    it('wakes every waiting getter, peeker and putter with QueueShutDown', async () => {
      const q = new Queue<string>();
      const full = new Queue<string>(1);
      full.putNowait('in');
      const waiter = (op: Iterable<Suspend, unknown, unknown>) =>
        spawn(function* () {
          try {
            return yield* op;
          } catch (error) {
            return QueueShutDown.isInstance(error) ? 'shut down' : error;
          }
        });
      const waiters = [waiter(q.get()), waiter(q.peek()), waiter(full.put('out'))];
      await sleep(0);
      q.shutdown();
      full.shutdown();
      for (const w of waiters) expect(await w).toBe('shut down');
      expect([full.getNowait(), full.empty(), full.unfinishedTasks]).toEqual(['in', true, 1]);
    });

    it('immediate drops the items left: they count as done, join returns', async () => {
      const q = new Queue<number>();
      for (let i = 0; i < 3; i++) q.putNowait(i);
      expect(q.getNowait()).toBe(0);
      const joiner = spawn(function* () {
        return yield* q.join();
      });
      await sleep(0);
      q.shutdown(true);
      expect([q.qsize(), q.unfinishedTasks]).toEqual([0, 1]);
      q.taskDone(); // for the item taken before
      expect(await joiner).toBe(true);
    });
  });

  describe('iteration', () => {
    it('forEach consumes until the queue is shut down and drained', async () => {
      const q = new Queue<number>();
      const seen: number[] = [];
      const consumer = spawn(function* () {
        yield* q.forEach(function* (n) {
          seen.push(n);
        });
        return 'ended';
      });
      q.putNowait(1);
      await sleep(0);
      q.putNowait(2);
      q.putNowait(3);
      q.shutdown();
      expect(await consumer).toBe('ended');
      expect(seen).toEqual([1, 2, 3]);
      expect(() => q.forEach(null as never)).toThrow(TypeError);
    });

    it('forEach: an error of the handler ends it, even a QueueShutDown of another queue', async () => {
      const q = new Queue<number>();
      const other = new Queue<number>();
      other.shutdown();
      q.putNowait(1);
      await expect(
        q.forEach(function* (n) {
          yield* other.put(n);
        }),
      ).rejects.toBeInstanceOf(QueueShutDown);
      expect(q.isShutDown).toBe(false);
    });

    it('the `for (;;) yield* q.get()` loop ends on QueueShutDown', async () => {
      const q = new Queue<number>();
      const consumer = spawn(function* () {
        const seen: number[] = [];
        try {
          for (;;) seen.push(yield* q.get());
        } catch (error) {
          if (!QueueShutDown.isInstance(error)) throw error;
        }
        return seen;
      });
      q.putNowait(1);
      q.putNowait(2);
      q.shutdown();
      expect(await consumer).toEqual([1, 2]);
    });

    it('for await from plain code ends at shutdown', async () => {
      const q = new Queue<number>();
      spawn(function* () {
        for (let i = 0; i < 3; i++) yield* q.put(i);
        q.shutdown();
      });
      const seen: number[] = [];
      for await (const n of q) seen.push(n);
      expect(seen).toEqual([0, 1, 2]);
    });

    it('for await: break leaves the rest in the queue', async () => {
      const q = new Queue<number>();
      for (let i = 0; i < 3; i++) q.putNowait(i);
      for await (const n of q) if (n === 0) break;
      expect(q.qsize()).toBe(2);
    });
  });

  describe('put ops', () => {
    it('puts made before any runs are distinct: each puts its own item', async () => {
      const q = new Queue<number>();
      const first = q.put(1);
      const second = q.put(2);
      await Promise.all([first, second, q.put(3)]);
      expect([q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([1, 2, 3]);
      await spawn(function* () {
        const a = q.put(4);
        const b = q.put(5);
        yield* b;
        yield* a;
      });
      expect([q.getNowait(), q.getNowait()]).toEqual([5, 4]);
    });

    it('an op that has put its item cannot run again: a HubError, and the queue is unchanged', async () => {
      const q = new Queue<string>();
      const op = q.put('once');
      await op;
      await expect(Promise.resolve(op)).rejects.toThrow(
        /Queue\.put\(\) has already put its item: an op of put\(\) is used once/,
      );
      await expect(
        spawn(function* () {
          yield* op;
        }),
      ).rejects.toBeInstanceOf(HubError);
      expect(q.qsize()).toBe(1);
      // The queue hands the spent op out again for a later put, with its new item.
      await q.put('again');
      expect([q.getNowait(), q.getNowait()]).toEqual(['once', 'again']);
    });

    it('a put interrupted while it waits for room can run again and puts its item', async () => {
      const q = new Queue<string>(1);
      q.putNowait('full');
      const result = await spawn(function* () {
        const op = q.put('late');
        try {
          yield* withTimeout(5, function* () {
            yield* op;
          });
        } catch (error) {
          if (!Timeout.isInstance(error)) throw error;
        }
        expect(q.waitingPutters).toBe(0);
        spawn(function* () {
          yield* q.get();
        });
        yield* op;
        return [q.qsize(), q.getNowait()];
      });
      expect(result).toEqual([1, 'late']);
    });

    it('a put op handed to a Channel getter is spent once the getter has it', async () => {
      const ch = new Channel<number>();
      const got = spawn(function* () {
        return [yield* ch.get(), yield* ch.get()];
      });
      await spawn(function* () {
        yield* ch.put(1);
        yield* ch.put(2); // the op of put(1), spent, handed out again
      });
      expect(await got).toEqual([1, 2]);
    });
  });

  it('validates maxsize and timeouts', () => {
    expect(new Queue(0).maxsize).toBe(Infinity);
    expect(() => new Queue(-1)).toThrow(TypeError);
    expect(() => new Queue(1.5)).toThrow(TypeError);
    expect(() => new Queue().get({ timeout: Number.NaN })).toThrow(TypeError);
  });
});

describe('SimpleQueue', () => {
  it('is unbounded, FIFO, and has no task tracking', async () => {
    const q = new SimpleQueue<number>();
    for (let i = 0; i < 100; i++) await q.put(i);
    expect([q.maxsize, q.full(), q.qsize()]).toEqual([Infinity, false, 100]);
    const got: number[] = [];
    while (!q.empty()) got.push(q.getNowait());
    expect(got).toEqual([...Array(100).keys()]);
    expect('taskDone' in q).toBe(false);
  });
});

describe('LifoQueue', () => {
  it('hands out the most recent item first, and is joinable', async () => {
    const q = new LifoQueue<number>(3);
    for (const n of [1, 2, 3]) q.putNowait(n);
    expect(() => q.putNowait(4)).toThrow(QueueFull);
    expect([q.peekNowait(), q.getNowait(), q.getNowait(), q.getNowait()]).toEqual([3, 3, 2, 1]);
    expect(q.unfinishedTasks).toBe(3);
  });

  it('a waiting putter goes in on top when room appears', async () => {
    const q = new LifoQueue<number>(2);
    q.putNowait(1);
    q.putNowait(2);
    const p = spawn(function* () {
      yield* q.put(3);
    });
    await sleep(0);
    expect(q.getNowait()).toBe(2);
    await p;
    expect([q.getNowait(), q.getNowait()]).toEqual([3, 1]);
  });
});
