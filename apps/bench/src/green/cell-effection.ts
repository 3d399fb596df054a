/** effection's cells: structured concurrency on generators, the closest design to Tendril's. */
import {
  createChannel,
  createQueue,
  type Operation,
  run,
  sleep,
  spawn,
  type Task,
  withResolvers,
} from 'effection';
import { type Body, nowNs, peakRss, perOp, runGreenCell, settledRss } from './cell-runner.js';

const ROUNDS = 100;

function* noop(): Operation<void> {}

function* ringMember(): Operation<void> {
  for (let i = 0; i < ROUNDS; i++) yield* sleep(0);
}

const bodies: Record<string, Body> = {
  'spawn-all-join-all': (n) =>
    run(function* () {
      const t0 = nowNs();
      const tasks: Task<void>[] = new Array(n);
      for (let i = 0; i < n; i++) tasks[i] = yield* spawn(noop);
      for (const task of tasks) yield* task;
      return { ns: perOp(t0, n) };
    }),
  'spawn-join-each': (n) =>
    run(function* () {
      const t0 = nowNs();
      for (let i = 0; i < n; i++) yield* yield* spawn(noop);
      return { ns: perOp(t0, n) };
    }),
  ring: (n) =>
    run(function* () {
      const t0 = nowNs();
      const tasks: Task<void>[] = [];
      for (let i = 0; i < n; i++) tasks.push(yield* spawn(ringMember));
      for (const task of tasks) yield* task;
      return { ns: perOp(t0, n * ROUNDS) };
    }),
  sleepers: async (n) => {
    const base = settledRss();
    return run(function* () {
      const t0 = nowNs();
      const tasks: Task<void>[] = new Array(n);
      const sleeper = () => sleep(10);
      for (let i = 0; i < n; i++) tasks[i] = yield* spawn(sleeper);
      for (const task of tasks) yield* task;
      const wallMs = (nowNs() - t0) / 1e6;
      return { wallMs, rssPer: (peakRss() - base) / n, peakRss: peakRss() };
    });
  },
  'queue-yield': (n) =>
    run(function* () {
      const q = createQueue<number, void>();
      const t0 = nowNs();
      for (let i = 0; i < n; i++) q.add(i);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const next = yield* q.next();
        if (!next.done) sum += next.value;
      }
      if (sum !== (n * (n - 1)) / 2) throw new Error('lost items');
      return { ns: perOp(t0, n) };
    }),
  channel: (n) =>
    run(function* () {
      const ch = createChannel<number, void>();
      const t0 = nowNs();
      const subscription = yield* ch; // subscribe before anything is sent
      yield* spawn(function* () {
        for (let i = 0; i < n; i++) yield* ch.send(i);
      });
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const next = yield* subscription.next();
        if (!next.done) sum += next.value;
      }
      if (sum !== (n * (n - 1)) / 2) throw new Error('lost items');
      return { ns: perOp(t0, n) };
    }),
  event: (n) =>
    run(function* () {
      const ev = withResolvers<void>();
      let woken = 0;
      function* waiter(): Operation<void> {
        yield* ev.operation;
        woken++;
      }
      const tasks: Task<void>[] = new Array(n);
      for (let i = 0; i < n; i++) tasks[i] = yield* spawn(waiter);
      yield* sleep(0); // every waiter is now parked
      const t0 = nowNs();
      ev.resolve();
      for (const task of tasks) yield* task;
      if (woken !== n) throw new Error('lost waiters');
      return { ns: perOp(t0, n) };
    }),
};

await runGreenCell(bodies);
