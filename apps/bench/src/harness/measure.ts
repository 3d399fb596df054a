import type { CellRequest } from './protocol.js';

/** One execution of a workload: performs the operations and returns a checksum. */
export type Workload = () => number | Promise<number>;

const collectGarbage = (globalThis as { gc?: () => void }).gc;

/**
 * Time a workload: `warmup` untimed runs, then `runs` timed ones, each preceded by a full GC
 * (when Node runs with `--expose-gc`) so every run starts from the same heap; collections
 * caused by the run itself are part of its cost.
 *
 * @param workload - Performs `request.ops` operations and returns a checksum.
 * @param expected - The checksum a correct run returns; anything else aborts the cell, so a
 *   broken variant can never report a fast time.
 * @param request - Operations per run, timed and warm-up run counts.
 * @returns Nanoseconds per operation, one entry per timed run.
 * @throws Error when a run returns the wrong checksum.
 */
export async function measure(
  workload: Workload,
  expected: number,
  request: Pick<CellRequest, 'ops' | 'runs' | 'warmup'>,
): Promise<number[]> {
  const samples: number[] = [];
  for (let run = -request.warmup; run < request.runs; run++) {
    collectGarbage?.();
    const start = process.hrtime.bigint();
    let checksum = workload();
    if (typeof checksum !== 'number') checksum = await checksum;
    const elapsed = Number(process.hrtime.bigint() - start);
    if (checksum !== expected) {
      throw new Error(`workload returned ${checksum}, expected ${expected}: the variant is broken`);
    }
    if (run >= 0) samples.push(elapsed / request.ops);
  }
  return samples;
}
