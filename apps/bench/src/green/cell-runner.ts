import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import type { GreenReply, GreenRequest } from './workloads.js';

/** One workload in one runtime: runs once and reports its metrics. */
export type Body = (n: number) => Promise<GreenReply>;

/** Monotonic nanoseconds. */
export const nowNs = (): number => Number(process.hrtime.bigint());

/** Nanoseconds per operation since `t0`. */
export const perOp = (t0: number, ops: number): number => (nowNs() - t0) / ops;

/**
 * Resident set size now, after a full GC when the process runs with --expose-gc, so the
 * baseline of a memory workload does not count garbage from start-up.
 */
export function settledRss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return process.memoryUsage().rss;
}

/** Peak RSS of the process so far, in bytes. */
export const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

/**
 * The body of a cell process: read the request from argv, run the workload (after the untimed
 * warm-up runs it asks for), print the reply as one JSON line.
 *
 * @param bodies - The workloads this runtime can express, by id.
 */
export async function runGreenCell(bodies: Record<string, Body>): Promise<void> {
  const request = JSON.parse(process.argv[process.argv.length - 1] as string) as GreenRequest;
  const body = bodies[request.workload];
  if (body === undefined) throw new Error(`no workload ${request.workload} in this runtime`);
  for (let i = 0; i < request.warmupRuns; i++) await body(request.warmupN);
  const timed = () => body(request.n);
  const reply = request.gcShare ? await withGcShare(timed) : await timed();
  process.stdout.write(`${JSON.stringify(reply)}\n`);
}

/**
 * Run `timed` with V8's collections observed, and add to its reply the share of the run that
 * the main thread spent in them (`gcShare`, 0 to 1). A collection the body forces with `gc()`,
 * as the memory workloads do, is not counted.
 */
async function withGcShare(timed: () => Promise<GreenReply>): Promise<GreenReply> {
  const pauses: GcEntry[] = [];
  const observer = new PerformanceObserver((list) => pauses.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const start = performance.now();
  const reply = await timed();
  const end = performance.now();
  await new Promise((resolve) => setTimeout(resolve, GC_ENTRY_DELAY_MS));
  observer.disconnect();
  let gcMs = 0;
  for (const pause of pauses) {
    const forced = ((pause.detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0;
    if (!forced && pause.startTime >= start && pause.startTime < end) gcMs += pause.duration;
  }
  reply.gcShare = gcMs / (end - start);
  return reply;
}

/** A `gc` performance entry: its `detail.flags` say whether `gc()` forced the collection. */
type GcEntry = PerformanceEntry & { detail?: { flags: number } };

/** How long Node takes, at most, to hand GC entries to an observer (they come a few ticks late). */
const GC_ENTRY_DELAY_MS = 50;
