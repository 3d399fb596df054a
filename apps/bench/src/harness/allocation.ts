import { GCProfiler, getHeapStatistics } from 'node:v8';
import type { Workload } from './measure.js';

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/**
 * Bytes the JavaScript heap grows by per operation during one (untimed) run: the heap's used
 * size at the end, minus at the start, plus what every collection during the run freed (read
 * from V8's GC profiler). Objects that escape analysis removed are not counted, which is the
 * point: this shows what a switch really allocates.
 *
 * @param workload - A warmed-up workload.
 * @param ops - Operations it performs.
 * @returns Approximate bytes allocated per operation (a few bytes of noise per run).
 */
export async function bytesPerOp(workload: Workload, ops: number): Promise<number> {
  collectGarbage?.();
  const profiler = new GCProfiler();
  profiler.start();
  let previous = getHeapStatistics().used_heap_size;
  const result = workload();
  if (typeof result !== 'number') await result;
  const end = getHeapStatistics().used_heap_size;
  let allocated = 0;
  for (const gc of profiler.stop().statistics) {
    allocated += gc.beforeGC.heapStatistics.usedHeapSize - previous;
    previous = gc.afterGC.heapStatistics.usedHeapSize;
  }
  allocated += end - previous;
  return Math.max(0, allocated / ops);
}
