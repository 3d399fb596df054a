/** The raw Promise / async-await cells: the floor a Node user already has. */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Body, nowNs, peakRss, perOp, runGreenCell, settledRss } from './cell-runner.js';

const ROUNDS = 100;

async function ringMember(): Promise<void> {
  for (let i = 0; i < ROUNDS; i++) await null; // yield to the other members (a microtask)
}

async function ring(n: number): Promise<number> {
  const t0 = nowNs();
  const ps: Promise<void>[] = [];
  for (let i = 0; i < n; i++) ps.push(ringMember());
  await Promise.all(ps);
  return perOp(t0, n * ROUNDS);
}

const als = new AsyncLocalStorage<number>();
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
async function noop(): Promise<void> {}

const bodies: Record<string, Body> = {
  'spawn-all-join-all': async (n) => {
    const t0 = nowNs();
    const ps: Promise<void>[] = new Array(n);
    for (let i = 0; i < n; i++) ps[i] = noop();
    await Promise.all(ps);
    return { ns: perOp(t0, n) };
  },
  'spawn-join-each': async (n) => {
    const t0 = nowNs();
    for (let i = 0; i < n; i++) await noop();
    return { ns: perOp(t0, n) };
  },
  ring: async (n) => ({ ns: await ring(n) }),
  'ring-als': (n) =>
    als.run(1, async () => {
      const ns = await ring(n);
      if (als.getStore() !== 1) throw new Error('lost the store');
      return { ns };
    }),
  sleepers: async (n) => {
    const base = settledRss();
    const t0 = nowNs();
    const ps: Promise<void>[] = new Array(n);
    for (let i = 0; i < n; i++) ps[i] = delay(10);
    await Promise.all(ps);
    const wallMs = (nowNs() - t0) / 1e6;
    return { wallMs, rssPer: (peakRss() - base) / n, peakRss: peakRss() };
  },
  'sleepers-heap': async (n) => {
    const base = settledRss();
    const heap0 = process.memoryUsage().heapUsed;
    const timers: NodeJS.Timeout[] = [];
    const ps: Promise<void>[] = new Array(n);
    for (let i = 0; i < n; i++) {
      ps[i] = (async () => {
        await new Promise<void>((resolve) => timers.push(setTimeout(resolve, 60_000)));
      })();
    }
    await null;
    const rss = settledRss();
    const heapPer = (process.memoryUsage().heapUsed - heap0) / n;
    for (const t of timers) clearTimeout(t);
    return { heapPer, rssPer: (rss - base) / n };
  },
  timeout: async (n) => {
    const t0 = nowNs();
    const f = () => {};
    for (let i = 0; i < n; i++) clearTimeout(setTimeout(f, 10));
    return { ns: perOp(t0, n) };
  },
  event: async (n) => {
    let set!: () => void;
    const ev = new Promise<void>((resolve) => {
      set = resolve;
    });
    let woken = 0;
    const waiter = async () => {
      await ev;
      woken++;
    };
    const ps: Promise<void>[] = new Array(n);
    for (let i = 0; i < n; i++) ps[i] = waiter();
    const t0 = nowNs();
    set();
    await Promise.all(ps);
    if (woken !== n) throw new Error('lost waiters');
    return { ns: perOp(t0, n) };
  },
};

await runGreenCell(bodies);
