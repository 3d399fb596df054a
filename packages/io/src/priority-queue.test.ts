import { sleep, spawn } from '@tendril/hub';
import { describe, expect, it } from 'vitest';
import { PriorityQueue, QueueFull } from './index.js';

/** A deterministic pseudo-random sequence (a linear congruential generator). */
function* numbers(count: number, seed = 7): Generator<number> {
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield x % 1000;
  }
}

interface Job {
  priority: number;
  id: number;
}
const byPriority = (a: Job, b: Job) => a.priority - b.priority;

describe('PriorityQueue', () => {
  it('hands out the lowest item first, by `<` by default', () => {
    const q = new PriorityQueue();
    for (const n of [5, 1, 4, 2, 3]) q.putNowait(n);
    expect(q.peekNowait()).toBe(1);
    expect([1, 2, 3, 4, 5].map(() => q.getNowait())).toEqual([1, 2, 3, 4, 5]);
    const words = new PriorityQueue<string>();
    for (const w of ['pear', 'apple', 'fig']) words.putNowait(w);
    expect([words.getNowait(), words.getNowait(), words.getNowait()]).toEqual([
      'apple',
      'fig',
      'pear',
    ]);
  });

  it('orders by `compare`; equal priorities go out in the order they were put', () => {
    const q = new PriorityQueue<Job>({ compare: byPriority });
    const jobs = [...numbers(200)].map((n, id) => ({ priority: n % 5, id }));
    for (const job of jobs) q.putNowait(job);
    const out: Job[] = [];
    while (!q.empty()) out.push(q.getNowait());
    // Array.prototype.sort is stable: the expected order.
    expect(out).toEqual([...jobs].sort(byPriority));
  });

  it('stays a heap under interleaved puts and gets', () => {
    const q = new PriorityQueue();
    const model: number[] = [];
    for (const n of numbers(1000, 11)) {
      if (n % 3 === 0 && model.length > 0) {
        model.sort((a, b) => a - b);
        expect(q.getNowait()).toBe(model.shift());
      } else {
        q.putNowait(n);
        model.push(n);
      }
      expect(q.qsize()).toBe(model.length);
    }
    model.sort((a, b) => a - b);
    const rest: number[] = [];
    while (!q.empty()) rest.push(q.getNowait());
    expect(rest).toEqual(model);
  });

  it('is bounded by maxsize; a waiting putter’s item goes in by priority', async () => {
    const q = new PriorityQueue({ maxsize: 2 });
    q.putNowait(5);
    q.putNowait(3);
    expect(() => q.putNowait(1)).toThrow(QueueFull);
    const p = spawn(function* () {
      yield* q.put(1);
    });
    await sleep(0);
    expect([q.getNowait(), q.waitingPutters]).toEqual([3, 0]);
    await p;
    expect([q.getNowait(), q.getNowait()]).toEqual([1, 5]);
    expect(q.unfinishedTasks).toBe(3);
  });

  it('waiting getters are served in the order they came, each the lowest item then', async () => {
    const q = new PriorityQueue();
    const log: string[] = [];
    const getters = ['a', 'b'].map((name) =>
      spawn(function* () {
        log.push(`${name}:${yield* q.get()}`);
      }),
    );
    await sleep(0);
    q.putNowait(9); // promised to a
    q.putNowait(1); // promised to b; a runs first and takes the lowest
    await Promise.all(getters);
    expect(log).toEqual(['a:1', 'b:9']);
  });

  it('takes a compare function', () => {
    expect(() => new PriorityQueue({ compare: 'desc' as never })).toThrow(TypeError);
    expect(() => new PriorityQueue({ maxsize: -2 })).toThrow(TypeError);
  });
});
