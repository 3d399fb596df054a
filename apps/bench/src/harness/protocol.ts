/**
 * What the orchestrator (`main.ts`) sends to a cell process and what the cell prints back.
 *
 * A cell is one variant running one workload in a fresh process: a Node process running
 * `cell.ts`, or `/usr/bin/python3 python/cell.py`. The request travels as one JSON argument;
 * the reply is one JSON line on stdout. Python's `cell.py` speaks the same protocol.
 */

/** The shape of a workload; each variant implements every kind it can express. */
export type WorkloadKind = 'ping-pong' | 'create-main' | 'create-inline' | 'create-inside';

export interface CellRequest {
  variant: string;
  kind: WorkloadKind;
  /** Ping-pong only: how many helper generators (or functions) the switch is nested in. */
  depth: number;
  /** Operations per timed run: switches (ping-pong) or greenlets (create). */
  ops: number;
  /** Timed runs. */
  runs: number;
  /** Untimed runs first, so the JIT has compiled the hot paths. */
  warmup: number;
}

export interface CellReply {
  /** Nanoseconds per operation, one entry per timed run. */
  samples: number[];
  /** Bytes allocated on the JavaScript heap per operation, from one extra untimed run. */
  bytesPerOp?: number;
}
