/*
 * The bench: every workload × every variant. Each cell's samples are pooled from several fresh
 * processes, started round-robin across the workload's variants so that a busy moment on the
 * machine lands on all of them alike. Progress goes to stderr, the Markdown report to stdout
 * (and, with --readme, into README.md).
 *
 * Run it with `pnpm bench` (root) or `pnpm --filter @tendril/bench bench`: both build
 * @tendril/greenlet and this app first, then run dist/main.js with plain Node, so the package
 * under test is its own dist/ (the `default` export condition), as users get it.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtGreenlet } from './harness/built-package.js';
import { readConfig } from './harness/config.js';
import { startLoadMeter } from './harness/machine-load.js';
import type { CellRequest } from './harness/protocol.js';
import { detectPythonGreenlet } from './harness/python.js';
import { type CellCommand, runCell } from './harness/run-cell.js';
import { summarize } from './harness/stats.js';
import { writeReadmeResults } from './readme-results.js';
import { cellKey, ns, type Results, renderReport } from './report.js';
import { type Variant, variants } from './variants.js';
import { type WorkloadSpec, workloads } from './workloads.js';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = readConfig(process.env, process.argv.slice(2));
const greenlet = builtGreenlet();
const python = detectPythonGreenlet(config.python);

const commands: Record<Variant['runtime'], CellCommand> = {
  node: {
    command: process.execPath,
    args: ['--expose-gc', join(benchDir, 'dist', 'cell.js')],
    cwd: benchDir,
  },
  // -B: no __pycache__ next to the scripts (it would land in git status).
  python: {
    command: config.python,
    args: ['-B', join(benchDir, 'python', 'cell.py')],
    cwd: benchDir,
  },
};

const selected = (item: { id: string }, all: readonly { id: string }[]) =>
  !all.some((x) => config.only.includes(x.id)) || config.only.includes(item.id);
const chosenWorkloads = workloads.filter((w) => selected(w, workloads));
const chosenVariants = variants.filter((v) => selected(v, variants));
if (chosenWorkloads.length === 0 || chosenVariants.length === 0) {
  throw new Error(`BENCH_ONLY=${config.only.join(',')} selects nothing`);
}

function skipReason(workload: WorkloadSpec, variant: Variant): string | undefined {
  const unsupported = variant.unsupported?.[workload.kind];
  if (unsupported !== undefined) return unsupported;
  if (variant.runtime === 'python' && !python.available) return python.reason;
  return undefined;
}

/** Operations per timed run, scaled; even, so ping-pong's two greenlets get equal rounds. */
function opsPerRun(workload: WorkloadSpec, variant: Variant): number {
  const ops = variant.runtime === 'python' ? (workload.pythonOps ?? workload.ops) : workload.ops;
  return 2 * Math.max(1, Math.round((ops * config.scale) / 2));
}

function median(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : summarize(values).median;
}

const results: Results = new Map();
const stopLoadMeter = startLoadMeter();
const started = Date.now();
for (const workload of chosenWorkloads) {
  const measured: { variant: Variant; samples: number[]; rounds: number[]; bytes: number[] }[] = [];
  for (const variant of chosenVariants) {
    const skipped = skipReason(workload, variant);
    if (skipped === undefined) measured.push({ variant, samples: [], rounds: [], bytes: [] });
    else results.set(cellKey(workload.id, variant.id), { skipped });
  }
  for (let round = 0; round < config.processes; round++) {
    for (const cell of measured) {
      const request: CellRequest = {
        variant: cell.variant.id,
        kind: workload.kind,
        depth: workload.depth,
        ops: opsPerRun(workload, cell.variant),
        runs: config.runs,
        warmup: config.warmup,
      };
      const reply = runCell(commands[cell.variant.runtime], request);
      cell.samples.push(...reply.samples);
      cell.rounds.push(summarize(reply.samples).median);
      if (reply.bytesPerOp !== undefined) cell.bytes.push(reply.bytesPerOp);
    }
  }
  for (const { variant, samples, rounds, bytes } of measured) {
    const summary = summarize(samples);
    results.set(cellKey(workload.id, variant.id), { summary, rounds, bytesPerOp: median(bytes) });
    process.stderr.write(
      `${workload.id.padEnd(14)} ${variant.id.padEnd(8)} ${ns(summary.median).padStart(8)} ` +
        `ns/${workload.unit} (${ns(summary.min)}–${ns(summary.max)})\n`,
    );
  }
}
const load = stopLoadMeter();
process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`);

const report = renderReport(results, {
  config,
  workloads: chosenWorkloads,
  greenlet,
  python,
  root: join(benchDir, '..', '..'),
  load,
});
process.stdout.write(report);
if (config.writeReadme) writeReadmeResults(join(benchDir, 'README.md'), report);
