// gevent's TestGetInterrupt* / TestPutInterrupt* for every kind of queue: a wait that times out,
// an outer Timeout, a Timeout with its own error, and a kill, each while blocked in get, peek or
// put. Nothing may be left waiting and no item may be lost.
import type { Suspend } from '@tendril/greenlet';
import { sleep, spawn, Timeout } from '@tendril/hub';
import { describe, expect, it } from 'vitest';
import { spawnLogged, underOuterTimeout } from './__fixtures__/support.js';
import {
  Channel,
  LifoQueue,
  PriorityQueue,
  Queue,
  type QueueBase,
  QueueEmpty,
  QueueFull,
  type QueueWaitOptions,
  SimpleQueue,
} from './index.js';

type AnyQueue = QueueBase<number>;
type Op = (q: AnyQueue, options?: QueueWaitOptions) => Iterable<Suspend, unknown, unknown>;

interface Kind {
  name: string;
  /** A queue on which `put` will wait (undefined: put never waits). */
  full?: () => AnyQueue;
  empty: () => AnyQueue;
}

const fillOne = (q: AnyQueue): AnyQueue => {
  q.putNowait(0);
  return q;
};

const KINDS: Kind[] = [
  { name: 'SimpleQueue', empty: () => new SimpleQueue<number>() },
  { name: 'Queue', empty: () => new Queue<number>(), full: () => fillOne(new Queue<number>(1)) },
  {
    name: 'LifoQueue',
    empty: () => new LifoQueue<number>(),
    full: () => fillOne(new LifoQueue<number>(1)),
  },
  {
    name: 'PriorityQueue',
    empty: () => new PriorityQueue(),
    full: () => fillOne(new PriorityQueue({ maxsize: 1 })),
  },
  { name: 'Channel', empty: () => new Channel<number>(), full: () => new Channel<number>() },
];

interface Blocked {
  op: string;
  run: Op;
  make: (kind: Kind) => AnyQueue | undefined;
  /** What its own timeout raises. */
  timeoutError: typeof QueueEmpty | typeof QueueFull;
  /** After the interrupted call: show that no item was lost or swallowed. */
  check: (q: AnyQueue) => void;
}

const BLOCKED: Blocked[] = [
  {
    op: 'get',
    run: (q, o) => q.get(o),
    make: (k) => k.empty(),
    timeoutError: QueueEmpty,
    check(q) {
      // The interrupted getter is gone: it takes nothing put later.
      if (q instanceof Channel) expect(() => q.putNowait(1)).toThrow(QueueFull);
      else {
        q.putNowait(1);
        expect(q.getNowait()).toBe(1);
      }
    },
  },
  {
    op: 'peek',
    run: (q, o) => q.peek(o),
    make: (k) => k.empty(),
    timeoutError: QueueEmpty,
    check(q) {
      expect(() => q.peekNowait()).toThrow(QueueEmpty);
    },
  },
  {
    op: 'put',
    run: (q, o) => q.put(2, o),
    make: (k) => k.full?.(),
    timeoutError: QueueFull,
    check(q) {
      // The item that was waiting to go in (2) never did.
      if (q instanceof Channel) expect(() => q.getNowait()).toThrow(QueueEmpty);
      else expect([q.getNowait(), q.qsize()]).toEqual([0, 0]);
    },
  },
];

const cases = KINDS.flatMap((kind) =>
  BLOCKED.flatMap((blocked) => {
    const make = () => blocked.make(kind);
    return make() === undefined ? [] : [{ label: `${kind.name}.${blocked.op}`, blocked, make }];
  }),
);

describe.each(cases)('$label', ({ blocked, make }) => {
  const waiting = (q: AnyQueue) => q.waitingGetters + q.waitingPutters;

  it('raises at once with block: false or timeout 0, without waiting', () => {
    const q = make() as AnyQueue;
    // Iterated synchronously in plain code: a wait would raise HubError instead.
    expect(() => blocked.run(q, { block: false })[Symbol.iterator]().next()).toThrow(
      blocked.timeoutError,
    );
    expect(() => blocked.run(q, { timeout: 0 })[Symbol.iterator]().next()).toThrow(
      blocked.timeoutError,
    );
  });

  it('its timeout raises after about that long (test_raises_timeout_number)', async () => {
    const q = make() as AnyQueue;
    const start = performance.now();
    await expect(
      spawn(function* () {
        yield* blocked.run(q, { timeout: 20 });
      }),
    ).rejects.toBeInstanceOf(blocked.timeoutError);
    const elapsed = performance.now() - start;
    expect(elapsed).toBeGreaterThanOrEqual(15);
    expect(elapsed).toBeLessThan(1000);
    expect(waiting(q)).toBe(0);
    blocked.check(q);
  });

  it('an outer Timeout surfaces as itself (test_raises_timeout_Timeout, test_outer_timeout_is_not_lost)', async () => {
    const q = make() as AnyQueue;
    const result = await underOuterTimeout(5, () => blocked.run(q, { timeout: 1000 }));
    expect(result).toBe('outer timeout');
    expect(waiting(q)).toBe(0);
    blocked.check(q);
  });

  it('a Timeout with its own error raises that error (test_raises_timeout_Timeout_exc_customized)', async () => {
    const q = make() as AnyQueue;
    const expected = new RangeError('expected error');
    const g = spawn(function* () {
      const t = Timeout.startNew(5, expected);
      try {
        yield* blocked.run(q);
      } finally {
        t.cancel();
      }
    });
    await expect(g.get()).rejects.toBe(expected);
    expect(waiting(q)).toBe(0);
    blocked.check(q);
  });

  it('kill: finally runs, nothing is left waiting, no item is lost', async () => {
    const q = make() as AnyQueue;
    const log: string[] = [];
    const g = spawnLogged(log, () => blocked.run(q));
    await sleep(0);
    expect(waiting(q)).toBe(1);
    expect(await g.kill()).toBe(true);
    expect([log, waiting(q)]).toEqual([['finally'], 0]);
    blocked.check(q);
  });
});

it('SimpleQueue.put never waits', () => {
  const q = new SimpleQueue<number>();
  for (let i = 0; i < 1000; i++) q.put(i)[Symbol.iterator]().next(); // would raise if it waited
  expect([q.qsize(), q.full()]).toEqual([1000, false]);
});
