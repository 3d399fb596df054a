import type { WorkloadKind } from './harness/protocol.js';

/** A row group of the results table. */
export interface WorkloadSpec {
  id: string;
  title: string;
  /** What one operation is: the table reports nanoseconds per one of these. */
  unit: 'switch' | 'greenlet';
  kind: WorkloadKind;
  depth: number;
  /** Operations per timed run at BENCH_SCALE=1. */
  ops: number;
  /**
   * Python's operations per run, when different: creating a Python greenlet costs ~20 µs (an
   * mmap and munmap of its frame stack), so 100,000 of them would take seconds per run. The
   * per-greenlet cost does not depend on the count.
   */
  pythonOps?: number;
}

/** Sizes keep one timed run at roughly 20–200 ms at scale 1, so a default run takes ~1 min. */
export const workloads: readonly WorkloadSpec[] = [
  pingPong(0, 500_000),
  pingPong(10, 100_000),
  pingPong(50, 20_000),
  {
    id: 'create-main',
    title: 'create + run from main',
    unit: 'greenlet',
    kind: 'create-main',
    depth: 0,
    ops: 100_000,
    pythonOps: 10_000,
  },
  {
    id: 'create-inline',
    title: 'create + run from main, body inline',
    unit: 'greenlet',
    kind: 'create-inline',
    depth: 0,
    ops: 10_000,
  },
  {
    id: 'create-inside',
    title: 'create + run inside a greenlet',
    unit: 'greenlet',
    kind: 'create-inside',
    depth: 0,
    ops: 100_000,
    pythonOps: 10_000,
  },
];

function pingPong(depth: number, ops: number): WorkloadSpec {
  return {
    id: `ping-pong-${depth}`,
    title: `ping-pong, depth ${depth}`,
    unit: 'switch',
    kind: 'ping-pong',
    depth,
    ops,
  };
}
