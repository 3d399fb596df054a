import { spawnSync } from 'node:child_process';
import type { CellReply, CellRequest } from './protocol.js';

/** How to start a cell process; the request JSON is appended as the last argument. */
export interface CellCommand {
  command: string;
  args: readonly string[];
  cwd: string;
}

/**
 * Run one cell in a fresh process and wait for it (cells run one at a time, so they do not
 * compete for the CPU).
 *
 * @returns What the cell measured.
 * @throws Error with the cell's stderr when it fails or prints no reply.
 */
export function runCell(cell: CellCommand, request: CellRequest): CellReply {
  const child = spawnSync(cell.command, [...cell.args, JSON.stringify(request)], {
    cwd: cell.cwd,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const name = `${request.variant} / ${request.kind} depth ${request.depth}`;
  if (child.error) throw new Error(`cell ${name} could not start: ${child.error.message}`);
  if (child.status !== 0) {
    throw new Error(`cell ${name} failed (exit ${child.status ?? child.signal}):\n${child.stderr}`);
  }
  const last = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as CellReply;
  } catch {
    throw new Error(`cell ${name} printed no reply:\n${child.stdout}\n${child.stderr}`);
  }
}
