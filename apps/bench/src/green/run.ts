import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GreenReply, GreenRequest, Runtime } from './workloads.js';

/** apps/bench, from dist/green/ where this module runs. */
export const BENCH_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const PYTHON = '/usr/bin/python3';
/** A cell that runs longer than this is killed and reported as timed out. */
export const CELL_TIMEOUT_MS = 60_000;

/** Whether gevent can be imported by Debian's Python, and its version. */
export function detectGevent(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import gevent, sys; print(gevent.__version__)'], {
    encoding: 'utf8',
  });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/**
 * Run one workload in one runtime in a fresh process and wait for it (one at a time, so cells
 * do not compete for the CPU).
 *
 * @param nodeFlags - Extra flags for a Node cell (e.g. a heap limit).
 * @returns The cell's metrics.
 * @throws Error with the cell's output when it fails.
 */
export function runGreen(
  runtime: Runtime,
  request: GreenRequest,
  nodeFlags: readonly string[] = [],
): GreenReply {
  const json = JSON.stringify(request);
  const [command, args] =
    runtime === 'gevent'
      ? [PYTHON, ['python/green_cell.py', json]]
      : [process.execPath, ['--expose-gc', ...nodeFlags, `dist/green/cell-${runtime}.js`, json]];
  const child = spawnSync(command, args, {
    cwd: BENCH_DIR,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    timeout: CELL_TIMEOUT_MS,
  });
  const name = `${runtime} / ${request.workload}`;
  if (child.error !== undefined) {
    throw new Error(`cell ${name} timed out or could not start (${child.error.message})`);
  }
  if (child.signal !== null) {
    const fatal = child.stderr.split('\n').find((line) => /FATAL ERROR/.test(line));
    throw new Error(
      `cell ${name} was killed by ${child.signal}${fatal ? `: ${fatal.trim()}` : ''}`,
    );
  }
  if (child.status !== 0) {
    throw new Error(`cell ${name} failed (exit ${child.status ?? child.signal}):\n${child.stderr}`);
  }
  const last = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as GreenReply;
  } catch {
    throw new Error(`cell ${name} printed no reply:\n${child.stdout}\n${child.stderr}`);
  }
}
