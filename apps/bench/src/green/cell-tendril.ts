/** Tendril's cells: @tendril/hub and @tendril/io from their built dist/. */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Suspend } from '@tendril/greenlet';
import { type Greenlet, joinAll, sleep, spawn, Timeout } from '@tendril/hub';
import { Channel, Event, Pool, Queue, Semaphore } from '@tendril/io';
import { type Body, nowNs, peakRss, perOp, runGreenCell, settledRss } from './cell-runner.js';

function* noop(): Generator<never, void, unknown> {}

const ROUNDS = 100;

/** Bodies are hoisted, as gevent's `spawn(fn, *args)` is used: one generator function for all. */
function* sleeper(ms: number): Generator<Suspend, undefined, unknown> {
  return yield* sleep(ms);
}

function* waiter(ev: Event): Generator<Suspend, boolean, unknown> {
  return yield* ev.wait();
}

function* ringMember(): Generator<Suspend, void, unknown> {
  for (let i = 0; i < ROUNDS; i++) yield* sleep(0);
}

function* ring(n: number): Generator<Suspend, number, unknown> {
  const t0 = nowNs();
  const gs: Greenlet<void>[] = [];
  for (let i = 0; i < n; i++) gs.push(spawn(ringMember));
  yield* joinAll(gs);
  return perOp(t0, n * ROUNDS);
}

const als = new AsyncLocalStorage<number>();

/** Run `body` as a greenlet and wait for it from plain code (a Greenlet is thenable). */
const main = <T>(body: () => Generator<Suspend, T, unknown>): Promise<T> =>
  Promise.resolve(spawn(body)).then((v) => v as T);

const bodies: Record<string, Body> = {
  'spawn-all-join-all': (n) =>
    main(function* () {
      const t0 = nowNs();
      const gs: Greenlet<void>[] = new Array(n);
      for (let i = 0; i < n; i++) gs[i] = spawn(noop);
      yield* joinAll(gs);
      return { ns: perOp(t0, n) };
    }),
  'spawn-join-each': (n) =>
    main(function* () {
      const t0 = nowNs();
      for (let i = 0; i < n; i++) yield* spawn(noop).join();
      return { ns: perOp(t0, n) };
    }),
  ring: (n) =>
    main(function* () {
      return { ns: yield* ring(n) };
    }),
  'ring-als': (n) =>
    als.run(1, () =>
      main(function* () {
        if (als.getStore() !== 1) throw new Error('the greenlet does not follow the store');
        return { ns: yield* ring(n) };
      }),
    ),
  sleepers: async (n) => {
    const base = settledRss();
    return main(function* () {
      const t0 = nowNs();
      const gs: Greenlet<undefined>[] = new Array(n);
      for (let i = 0; i < n; i++) gs[i] = spawn(sleeper, 10);
      yield* joinAll(gs);
      const wallMs = (nowNs() - t0) / 1e6;
      return { wallMs, rssPer: (peakRss() - base) / n, peakRss: peakRss() };
    });
  },
  'sleepers-heap': (n) =>
    main(function* () {
      const base = settledRss();
      const heap0 = process.memoryUsage().heapUsed;
      const gs: Greenlet<undefined>[] = new Array(n);
      for (let i = 0; i < n; i++) {
        gs[i] = spawn(sleeper, 60_000);
      }
      yield* sleep(0); // every sleeper has started and is parked on its timer
      const rss = settledRss();
      const heapPer = (process.memoryUsage().heapUsed - heap0) / n;
      for (const g of gs) g.kill(undefined, { block: false });
      return { heapPer, rssPer: (rss - base) / n };
    }),
  timeout: (n) =>
    main(function* () {
      const t0 = nowNs();
      for (let i = 0; i < n; i++) Timeout.startNew(10).cancel();
      return { ns: perOp(t0, n) };
    }),
  'queue-ping-pong': (n) =>
    main(function* () {
      const q = new Queue<number>(1);
      const t0 = nowNs();
      const producer = spawn(function* () {
        for (let i = 0; i < n; i++) yield* q.put(i);
      });
      let sum = 0;
      for (let i = 0; i < n; i++) sum += yield* q.get();
      yield* producer.join();
      if (sum !== (n * (n - 1)) / 2) throw new Error('lost items');
      return { ns: perOp(t0, n) };
    }),
  'queue-nowait': (n) =>
    main(function* () {
      const q = new Queue<number>();
      const t0 = nowNs();
      for (let i = 0; i < n; i++) q.putNowait(i);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += q.getNowait();
      if (sum !== (n * (n - 1)) / 2) throw new Error('lost items');
      return { ns: perOp(t0, n) };
    }),
  'queue-yield': (n) =>
    main(function* () {
      const q = new Queue<number>();
      const t0 = nowNs();
      for (let i = 0; i < n; i++) yield* q.put(i);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += yield* q.get();
      if (sum !== (n * (n - 1)) / 2) throw new Error('lost items');
      return { ns: perOp(t0, n) };
    }),
  channel: (n) =>
    main(function* () {
      const ch = new Channel<number>();
      const t0 = nowNs();
      const sender = spawn(function* () {
        for (let i = 0; i < n; i++) yield* ch.put(i);
      });
      let sum = 0;
      for (let i = 0; i < n; i++) sum += yield* ch.get();
      yield* sender.join();
      if (sum !== (n * (n - 1)) / 2) throw new Error('lost items');
      return { ns: perOp(t0, n) };
    }),
  event: (n) =>
    main(function* () {
      const ev = new Event();
      const gs: Greenlet<boolean>[] = new Array(n);
      for (let i = 0; i < n; i++) gs[i] = spawn(waiter, ev);
      yield* sleep(0); // every waiter is now parked on the event
      if (ev.waiting !== n) throw new Error(`${ev.waiting} waiting, not ${n}`);
      const t0 = nowNs();
      ev.set();
      yield* joinAll(gs);
      return { ns: perOp(t0, n) };
    }),
  semaphore: (k) =>
    main(function* () {
      const sem = new Semaphore(10);
      const t0 = nowNs();
      const gs: Greenlet<void>[] = [];
      for (let g = 0; g < 100; g++) {
        gs.push(
          spawn(function* () {
            for (let i = 0; i < k; i++) {
              yield* sem.acquire();
              try {
                yield* sleep(0);
              } finally {
                sem.release();
              }
            }
          }),
        );
      }
      yield* joinAll(gs);
      return { ns: perOp(t0, 100 * k) };
    }),
  'pool-map': (n) =>
    main(function* () {
      const items = Array.from({ length: n }, (_, i) => i);
      const pool = new Pool(100);
      const t0 = nowNs();
      const out = yield* pool.map(function* (x: number) {
        return x * 2;
      }, items);
      if (out.length !== n || out[n - 1] !== (n - 1) * 2) throw new Error('wrong map result');
      return { ns: perOp(t0, n) };
    }),
};

await runGreenCell(bodies);
