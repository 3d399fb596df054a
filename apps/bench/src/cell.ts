/*
 * One cell of the results table in a process of its own: one variant, one workload, warm-up
 * and timed runs. Usage: `node --expose-gc --import tsx src/cell.ts '<CellRequest JSON>'`;
 * prints one CellReply JSON line.
 */
import { bytesPerOp } from './harness/allocation.js';
import { builtGreenlet } from './harness/built-package.js';
import { measure, type Workload } from './harness/measure.js';
import type { CellReply, CellRequest } from './harness/protocol.js';
import type { Suite } from './harness/suite.js';
import { loadSuite } from './variants.js';

function bind(suite: Suite, request: CellRequest): { workload: Workload; expected: number } {
  const { depth, ops } = request;
  switch (request.kind) {
    case 'ping-pong': {
      if (ops % 2 !== 0) throw new Error('ping-pong needs an even number of switches');
      const rounds = ops / 2;
      return { workload: () => suite.pingPong(depth, rounds), expected: rounds };
    }
    case 'create-main': {
      const { createFromMain } = suite;
      if (createFromMain === null) throw new Error(`${request.variant} has no create-main`);
      return { workload: () => createFromMain(ops), expected: ops };
    }
    case 'create-inline': {
      const { createInline } = suite;
      if (createInline === null) throw new Error(`${request.variant} has no create-inline`);
      return { workload: () => createInline(ops), expected: ops };
    }
    case 'create-inside':
      return { workload: () => suite.createInside(ops), expected: ops };
  }
}

const request = JSON.parse(process.argv[2] ?? '{}') as CellRequest;
if (request.variant === 'tendril') builtGreenlet();
const { workload, expected } = bind(await loadSuite(request.variant), request);
const samples = await measure(workload, expected, request);
const reply: CellReply = { samples, bytesPerOp: await bytesPerOp(workload, request.ops) };
process.stdout.write(`${JSON.stringify(reply)}\n`);
