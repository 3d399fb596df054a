/** Effect's cells: fibers, Queue, Deferred, Semaphore and forEach with concurrency. */
import { Deferred, Effect, Fiber, Queue, Semaphore } from 'effect';
import { type Body, nowNs, peakRss, perOp, runGreenCell, settledRss } from './cell-runner.js';

const ROUNDS = 100;

const ringMember = Effect.gen(function* () {
  for (let i = 0; i < ROUNDS; i++) yield* Effect.yieldNow;
});

// biome-ignore lint/suspicious/noExplicitAny: whatever Effect.gen accepts as a yielded value
const runGen = <A>(body: () => Generator<any, A, any>): Promise<A> =>
  Effect.runPromise(Effect.gen(body) as Effect.Effect<A>);

const bodies: Record<string, Body> = {
  'spawn-all-join-all': (n) =>
    runGen(function* () {
      const t0 = nowNs();
      const fibers: Fiber.Fiber<void>[] = new Array(n);
      for (let i = 0; i < n; i++) fibers[i] = yield* Effect.forkChild(Effect.void);
      yield* Fiber.joinAll(fibers);
      return { ns: perOp(t0, n) };
    }),
  'spawn-join-each': (n) =>
    runGen(function* () {
      const t0 = nowNs();
      for (let i = 0; i < n; i++) yield* Fiber.join(yield* Effect.forkChild(Effect.void));
      return { ns: perOp(t0, n) };
    }),
  ring: (n) =>
    runGen(function* () {
      const t0 = nowNs();
      const fibers: Fiber.Fiber<void>[] = [];
      for (let i = 0; i < n; i++) fibers.push(yield* Effect.forkChild(ringMember));
      yield* Fiber.joinAll(fibers);
      return { ns: perOp(t0, n * ROUNDS) };
    }),
  sleepers: async (n) => {
    const base = settledRss();
    return runGen(function* () {
      const t0 = nowNs();
      const fibers: Fiber.Fiber<void>[] = new Array(n);
      for (let i = 0; i < n; i++) fibers[i] = yield* Effect.forkChild(Effect.sleep(10));
      yield* Fiber.joinAll(fibers);
      const wallMs = (nowNs() - t0) / 1e6;
      return { wallMs, rssPer: (peakRss() - base) / n, peakRss: peakRss() };
    });
  },
  'queue-ping-pong': (n) =>
    runGen(function* () {
      const q = yield* Queue.bounded<number>(1);
      const t0 = nowNs();
      const producer = yield* Effect.forkChild(
        Effect.gen(function* () {
          for (let i = 0; i < n; i++) yield* Queue.offer(q, i);
        }),
      );
      let sum = 0;
      for (let i = 0; i < n; i++) sum += yield* Queue.take(q);
      yield* Fiber.join(producer);
      if (sum !== (n * (n - 1)) / 2) throw new Error('lost items');
      return { ns: perOp(t0, n) };
    }),
  'queue-nowait': (n) =>
    runGen(function* () {
      const q = yield* Queue.unbounded<number>();
      const t0 = nowNs();
      for (let i = 0; i < n; i++) Queue.offerUnsafe(q, i);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const exit = Queue.takeUnsafe(q);
        if (exit?._tag === 'Success') sum += exit.value;
      }
      if (sum !== (n * (n - 1)) / 2) throw new Error('lost items');
      return { ns: perOp(t0, n) };
    }),
  'queue-yield': (n) =>
    runGen(function* () {
      const q = yield* Queue.unbounded<number>();
      const t0 = nowNs();
      for (let i = 0; i < n; i++) yield* Queue.offer(q, i);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += yield* Queue.take(q);
      if (sum !== (n * (n - 1)) / 2) throw new Error('lost items');
      return { ns: perOp(t0, n) };
    }),
  event: (n) =>
    runGen(function* () {
      const ev = yield* Deferred.make<void>();
      let woken = 0;
      const waiter = Effect.gen(function* () {
        yield* Deferred.await(ev);
        woken++;
      });
      const fibers: Fiber.Fiber<void>[] = new Array(n);
      for (let i = 0; i < n; i++) fibers[i] = yield* Effect.forkChild(waiter);
      yield* Effect.yieldNow; // every waiter is now parked
      const t0 = nowNs();
      yield* Deferred.succeed(ev, undefined);
      yield* Fiber.joinAll(fibers);
      if (woken !== n) throw new Error('lost waiters');
      return { ns: perOp(t0, n) };
    }),
  semaphore: (k) =>
    runGen(function* () {
      const sem = yield* Semaphore.make(10);
      const cycle = Semaphore.withPermits(sem, 1, Effect.yieldNow);
      const member = Effect.gen(function* () {
        for (let i = 0; i < k; i++) yield* cycle;
      });
      const t0 = nowNs();
      const fibers: Fiber.Fiber<void>[] = [];
      for (let g = 0; g < 100; g++) fibers.push(yield* Effect.forkChild(member));
      yield* Fiber.joinAll(fibers);
      return { ns: perOp(t0, 100 * k) };
    }),
  'pool-map': (n) =>
    runGen(function* () {
      const items = Array.from({ length: n }, (_, i) => i);
      const t0 = nowNs();
      const out = yield* Effect.forEach(items, (x) => Effect.sync(() => x * 2), {
        concurrency: 100,
      });
      if (out.length !== n || out[n - 1] !== (n - 1) * 2) throw new Error('wrong map result');
      return { ns: perOp(t0, n) };
    }),
};

await runGreenCell(bodies);
