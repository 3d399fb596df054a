import { cpus, release, type } from 'node:os';
import { relative } from 'node:path';
import type { BuiltPackage } from './harness/built-package.js';
import type { BenchConfig } from './harness/config.js';
import type { MachineLoad } from './harness/machine-load.js';
import { markdownTable } from './harness/markdown.js';
import type { PythonGreenlet } from './harness/python.js';
import { pairedRatio, type Summary } from './harness/stats.js';
import { variants } from './variants.js';
import type { WorkloadSpec } from './workloads.js';

/** A measured cell, or why it was not measured. */
export type CellOutcome =
  | {
      summary: Summary;
      /** The median of each process, in round order (for paired ratios). */
      rounds: number[];
      bytesPerOp?: number;
    }
  | { skipped: string };

/** Outcomes by `cellKey(workload, variant)`; a cell filtered out by BENCH_ONLY is absent. */
export type Results = Map<string, CellOutcome>;

export function cellKey(workload: string, variant: string): string {
  return `${workload}/${variant}`;
}

export interface ReportContext {
  config: BenchConfig;
  workloads: readonly WorkloadSpec[];
  greenlet: BuiltPackage;
  python: PythonGreenlet;
  root: string;
  /** Competition from other processes during the run (timings under competition are slower). */
  load: MachineLoad | undefined;
}

/**
 * The Markdown report: environment, one table (median, min–max, ratios to the flat trampoline
 * and to Python greenlet) and the design targets checked against the medians.
 */
export function renderReport(results: Results, context: ReportContext): string {
  const { config, python, greenlet } = context;
  const cpu = cpus();
  const pythonLine = python.available
    ? `Python ${python.python} + greenlet ${python.greenlet}`
    : `Python greenlet skipped: ${python.reason}`;
  const header = [
    `Node ${process.version} (V8 ${process.versions.v8}), ${pythonLine}, ` +
      `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}, ${type()} ${release()}.`,
    `\`@tendril/greenlet\` from \`${relative(context.root, greenlet.path)}\` ` +
      `(built ${greenlet.builtAt.toISOString()}). BENCH_SCALE=${config.scale}; each cell pools ` +
      `${config.processes} fresh process${config.processes === 1 ? '' : 'es'} × ` +
      `(${config.warmup} warm-up + ${config.runs} timed run${config.runs === 1 ? '' : 's'}), ` +
      'round-robin across variants. ' +
      (context.load === undefined
        ? 'Load from other processes not measured (no /proc).'
        : `Other processes kept ${context.load.otherCores.toFixed(2)} of the ${cpu.length} cores ` +
          `busy on average during the run; steal ${(100 * context.load.stealShare).toFixed(1)} %.`),
  ].join('\n');
  const sizes = context.workloads
    .map((w) => {
      const ops = (n: number) => Math.round(n * config.scale).toLocaleString('en-US');
      return `${w.id} ${ops(w.ops)}${w.pythonOps === undefined ? '' : ` (Python ${ops(w.pythonOps)})`}`;
    })
    .join(', ');
  const notes: string[] = [];
  const rows: string[][] = [];
  for (const workload of context.workloads) {
    let first = true;
    for (const variant of variants) {
      const outcome = results.get(cellKey(workload.id, variant.id));
      if (outcome === undefined) continue;
      const title = first ? `${workload.title} (ns/${workload.unit})` : '';
      first = false;
      if ('skipped' in outcome) {
        notes.push(`${variant.label}, ${workload.title}: ${outcome.skipped}.`);
        rows.push([title, variant.label, `n/a (${notes.length})`, '', '', '', '']);
        continue;
      }
      const { median, min, max } = outcome.summary;
      rows.push([
        title,
        variant.label,
        ns(median),
        `${ns(min)}–${ns(max)}`,
        times(paired(results, workload.id, variant.id, 'flat')),
        times(paired(results, workload.id, variant.id, 'python')),
        outcome.bytesPerOp === undefined ? '—' : Math.round(outcome.bytesPerOp).toString(),
      ]);
    }
  }
  const table = markdownTable(
    ['workload', 'variant', 'median', 'min–max', '× flat', '× Python', 'heap B/op'],
    ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
    rows,
  );
  const footnotes = notes.map((note, i) => `(${i + 1}) ${note}`).join('\n');
  const method =
    `Operations per timed run: ${sizes}. Times are the median and range of all timed runs; ` +
    '`× flat` and `× Python` are paired: the median, over the rounds, of the ratio between the ' +
    "two variants' processes of the same round (they ran seconds apart).";
  return [header, method, table.trimEnd(), footnotes, targets(results)]
    .filter((part) => part !== '')
    .join('\n\n')
    .concat('\n');
}

/** The design's performance targets (DESIGN.md §3, the issue), judged on the medians. */
function targets(results: Results): string {
  const t = (w: string) => medianOf(results, w, 'tendril');
  const f = (w: string) => medianOf(results, w, 'flat');
  const lines: string[] = [];
  const [t0, f0] = [t('ping-pong-0'), f('ping-pong-0')];
  const depth0 = paired(results, 'ping-pong-0', 'tendril', 'flat');
  if (depth0 !== undefined) {
    const floor = paired(results, 'ping-pong-0', 'floor', 'flat');
    const overFloor = paired(results, 'ping-pong-0', 'tendril', 'floor');
    const split =
      floor === undefined || overFloor === undefined
        ? ''
        : ` The protocol alone (\`yield*\` floor) is ${times(floor)} the flat trampoline; ` +
          `Tendril is ${times(overFloor)} the floor.`;
    lines.push(
      `- Switch at depth 0: Tendril ${times(depth0)} the flat trampoline ` +
        `(target ≤ 1.50×): **${verdict(depth0 <= 1.5)}**.${split}`,
    );
  }
  for (const depth of [10, 50]) {
    const [td, fd] = [t(`ping-pong-${depth}`), f(`ping-pong-${depth}`)];
    if (t0 === undefined || f0 === undefined || td === undefined || fd === undefined) continue;
    const [tendrilLevel, flatLevel] = [(td - t0) / depth, (fd - f0) / depth];
    lines.push(
      `- Each extra \`yield*\` level, depth 0 → ${depth}: Tendril +${ns(tendrilLevel)} ns, ` +
        `V8's own delegation (flat trampoline) +${ns(flatLevel)} ns per level per switch: ` +
        `${times(tendrilLevel / flatLevel)} (target ≈ 1×, taken as ≤ 1.25×): ` +
        `**${verdict(tendrilLevel <= 1.25 * flatLevel)}**.`,
    );
  }
  for (const [id, where] of [
    ['create-main', 'from main'],
    ['create-inside', 'inside a greenlet'],
  ] as const) {
    const value = t(id);
    if (value === undefined) continue;
    lines.push(
      `- Create + run ${where}: Tendril ${ns(value)} ns per greenlet (target ≤ 300 ns): ` +
        `**${verdict(value <= 300)}**.`,
    );
  }
  return lines.length === 0 ? '' : `Targets:\n\n${lines.join('\n')}`;
}

/** The paired ratio of two cells of one workload (see {@link pairedRatio}). */
function paired(
  results: Results,
  workload: string,
  variant: string,
  base: string,
): number | undefined {
  const a = results.get(cellKey(workload, variant));
  const b = results.get(cellKey(workload, base));
  if (a === undefined || b === undefined || 'skipped' in a || 'skipped' in b) return undefined;
  return pairedRatio(a.rounds, b.rounds);
}

function medianOf(results: Results, workload: string, variant: string): number | undefined {
  const outcome = results.get(cellKey(workload, variant));
  return outcome !== undefined && 'summary' in outcome ? outcome.summary.median : undefined;
}

function verdict(met: boolean): string {
  return met ? 'met' : 'missed';
}

/** Nanoseconds with three significant digits (at least one decimal below 100). */
export function ns(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

function times(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '—';
  return `${r >= 100 ? Math.round(r) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}
