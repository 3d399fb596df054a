import { getHub, sleep, spawn } from '@tendril/hub';
import { describe, expect, it } from 'vitest';
import { outcome } from './__fixtures__/support.js';
import { AsyncResult, Channel, QueueEmpty, QueueFull, QueueShutDown } from './index.js';

describe('Channel', () => {
  it('holds nothing: maxsize 0, qsize 0, full while no getter waits', () => {
    const ch = new Channel<number>();
    expect([ch.maxsize, ch.qsize(), ch.empty(), ch.full()]).toEqual([0, 0, true, true]);
    expect(String(ch)).toBe('Channel (0 items, maxsize 0)');
  });

  it('putNowait without a getter raises QueueFull, twice (test_put_nowait_simple)', async () => {
    const ch = new Channel<number>();
    const result: unknown[] = [];
    getHub().callSoon(() => result.push(outcome(() => ch.putNowait(2))));
    getHub().callSoon(() => result.push(outcome(() => ch.putNowait(3))));
    await sleep(0);
    expect(result).toEqual([expect.any(QueueFull), expect.any(QueueFull)]);
  });

  it('putNowait from a callback hands the item to a waiting getter (test_put_nowait_unlock)', async () => {
    const ch = new Channel<number>();
    const p = spawn(function* () {
      return yield* ch.get();
    });
    expect(ch.full()).toBe(true);
    await sleep(0);
    expect([ch.empty(), ch.full()]).toEqual([true, false]); // a put would not wait now
    const result: unknown[] = [];
    getHub().callSoon(() => result.push(outcome(() => ch.putNowait(10))));
    expect(await p).toBe(10);
    expect([result, ch.empty(), ch.full()]).toEqual([[undefined], true, true]);
  });

  it('getNowait from a callback takes a waiting putter’s item (test_get_nowait_unlock_channel)', async () => {
    const ch = new Channel<number>();
    const p = spawn(function* () {
      yield* ch.put(5);
      return 'put';
    });
    await sleep(0);
    expect([ch.empty(), ch.full(), ch.waitingPutters]).toEqual([true, true, 1]);
    const result: unknown[] = [];
    getHub().callSoon(() => result.push(outcome(() => ch.getNowait())));
    expect(await p).toBe('put');
    expect([result, ch.empty(), ch.waitingPutters]).toEqual([[5], true, 0]);
    expect(() => ch.getNowait()).toThrow(QueueEmpty);
  });

  it('put waits for a getter (test_zero_max_size)', async () => {
    const ch = new Channel<string>();
    const [e1, e2] = [new AsyncResult<string>(), new AsyncResult<string>()];
    spawn(function* () {
      yield* ch.put('hi');
      e1.set('done');
    });
    await sleep(0);
    expect(e1.ready()).toBe(false);
    spawn(function* () {
      e2.set(yield* ch.get());
    });
    expect(await e2.get()).toBe('hi');
    expect(await e1.get()).toBe('done');
  });

  it('a put to a waiting getter returns after the getter has run (test_send)', async () => {
    const ch = new Channel<string>();
    const events: string[] = [];
    const g = spawn(function* () {
      events.push(yield* ch.get());
      events.push(yield* ch.get());
    });
    await spawn(function* () {
      events.push('sending');
      yield* ch.put('hello');
      events.push('sent hello');
      yield* ch.put('world');
      events.push('sent world');
    });
    expect(events).toEqual(['sending', 'hello', 'sent hello', 'world', 'sent world']);
    await g;
  });

  it('a getter gets putters’ items in gevent’s order (test_wait)', async () => {
    const ch = new Channel<string>();
    const events: string[] = [];
    const main = spawn(function* () {
      const g = spawn(function* () {
        events.push('sending hello');
        yield* ch.put('hello');
        events.push('sending world');
        yield* ch.put('world');
        events.push('sent world');
      });
      events.push('waiting');
      events.push(yield* ch.get());
      events.push(yield* ch.get());
      expect(events).toEqual(['waiting', 'sending hello', 'hello', 'sending world', 'world']);
      yield* sleep(0);
      expect(events.at(-1)).toBe('sent world');
      yield* g.join();
    });
    await main;
  });

  it('forEach and for await end when it shuts down (test_iterable)', async () => {
    const ch = new Channel<number>();
    spawn(function* () {
      for (const n of [1, 2]) yield* ch.put(n);
      ch.shutdown();
    });
    const seen: number[] = [];
    for await (const n of ch) seen.push(n);
    expect(seen).toEqual([1, 2]);
    const other = new Channel<number>();
    spawn(function* () {
      yield* other.put(3);
      other.shutdown();
    });
    await other.forEach(function* (n) {
      seen.push(n);
    });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('peek shows the first waiting putter’s item; a waiting peek sees a putter arrive', async () => {
    const ch = new Channel<string>();
    const peeker = spawn(function* () {
      return yield* ch.peek();
    });
    await sleep(0);
    const p = spawn(function* () {
      yield* ch.put('x');
    });
    expect(await peeker).toBe('x');
    expect([ch.peekNowait(), ch.waitingPutters]).toEqual(['x', 1]);
    expect(ch.getNowait()).toBe('x');
    await p;
  });

  it('serves waiting putters and getters first come, first served', async () => {
    const ch = new Channel<string>();
    const puts = ['a', 'b', 'c'].map((item) =>
      spawn(function* () {
        yield* ch.put(item);
      }),
    );
    await sleep(0);
    expect([ch.getNowait(), ch.getNowait(), ch.getNowait()]).toEqual(['a', 'b', 'c']);
    await Promise.all(puts);
    const log: string[] = [];
    const gets = ['g1', 'g2'].map((name) =>
      spawn(function* () {
        log.push(`${name}:${yield* ch.get()}`);
      }),
    );
    await sleep(0);
    ch.putNowait('1');
    ch.putNowait('2');
    await Promise.all(gets);
    expect(log).toEqual(['g1:1', 'g2:2']);
  });

  it('timeouts: put raises QueueFull, get QueueEmpty, nobody is left waiting', async () => {
    const ch = new Channel<string>();
    await expect(ch.put('x', { timeout: 5 })).rejects.toBeInstanceOf(QueueFull);
    await expect(ch.get({ timeout: 5 })).rejects.toBeInstanceOf(QueueEmpty);
    await expect(ch.put('x', { block: false })).rejects.toBeInstanceOf(QueueFull);
    expect([ch.waitingGetters, ch.waitingPutters]).toEqual([0, 0]);
  });

  it('shutdown wakes waiting putters; their items are not delivered', async () => {
    const ch = new Channel<string>();
    const p = spawn(function* () {
      try {
        yield* ch.put('x');
      } catch (error) {
        return error;
      }
    });
    await sleep(0);
    ch.shutdown();
    expect(await p).toBeInstanceOf(QueueShutDown);
    expect(() => ch.getNowait()).toThrow(QueueShutDown);
  });

  describe('kill', () => {
    it('during a waiting put: nothing left waiting, the item is never delivered', async () => {
      const ch = new Channel<string>();
      const p = spawn(function* () {
        yield* ch.put('x');
      });
      await sleep(0);
      await p.kill();
      expect(ch.waitingPutters).toBe(0);
      expect(() => ch.getNowait()).toThrow(QueueEmpty);
    });

    it('during a waiting get: nothing left waiting, the next put is not swallowed', async () => {
      const ch = new Channel<string>();
      const g = spawn(function* () {
        return yield* ch.get();
      });
      await sleep(0);
      await g.kill();
      expect([ch.waitingGetters, ch.full()]).toEqual([0, true]);
      expect(() => ch.putNowait('x')).toThrow(QueueFull);
    });

    it('after its item was taken: the put returns, the kill comes at the next wait', async () => {
      const ch = new Channel<string>();
      const log: string[] = [];
      const p = spawn(function* () {
        yield* ch.put('x');
        log.push('put returned');
        yield* sleep(0);
        log.push('not reached');
      });
      await sleep(0);
      expect(ch.getNowait()).toBe('x');
      await p.kill();
      expect(log).toEqual(['put returned']);
    });

    it('while handing over to a getter: the put has happened and returns', async () => {
      const ch = new Channel<string>();
      const log: string[] = [];
      const g = spawn(function* () {
        return yield* ch.get();
      });
      await sleep(0);
      const p = spawn(function* () {
        yield* ch.put('x'); // hands x to g, then yields so that g runs first
        log.push('put returned');
        yield* sleep(0);
        log.push('not reached');
      });
      spawn(function* () {
        p.kill(); // runs while p yields inside put
      });
      expect(await g).toBe('x');
      await p.join();
      expect(log).toEqual(['put returned']);
    });

    it('a getter handed an item but killed before it ran passes it on', async () => {
      const ch = new Channel<string>();
      const [a, b] = [0, 1].map(() =>
        spawn(function* () {
          return yield* ch.get();
        }),
      );
      await sleep(0);
      ch.putNowait('x'); // handed to a
      a?.kill();
      expect(await b).toBe('x');
    });

    it('with no other getter, the channel keeps the item for the next one', async () => {
      const ch = new Channel<string>();
      const a = spawn(function* () {
        return yield* ch.get();
      });
      await sleep(0);
      ch.putNowait('x');
      await a.kill();
      expect([ch.qsize(), ch.getNowait(), ch.qsize()]).toEqual([1, 'x', 0]);
    });
  });
});
