/**
 * The hub and io suite (`pnpm bench:green`): every workload × runtime in a fresh process,
 * several runs, medians and ranges, ratios against Tendril, and the targets of issues 3 and 5.
 *
 * Options: `--runs N` (default 5), `--only id,id` (workload ids from workloads.ts),
 * `--warmup-runs N` (untimed runs of a timing workload before the timed one, in the same
 * process; default 2, as the core suite; counted in runs of 100,000 operations, so the 10k-waiter
 * Event makes 20), `--warmup tenth` (those runs at a tenth of the size instead of the full size),
 * `--gc-share` (also measure the share of each timed run spent in V8's GC, in a table of its own:
 * observing the GC slows some cells by 6–9 %, so the default run leaves it off).
 */
import { loadavg } from 'node:os';
import { markdownTable } from '../harness/markdown.js';
import { type Summary, summarize } from '../harness/stats.js';
import { formatValue } from './format.js';
import { CELL_TIMEOUT_MS, detectGevent, runGreen } from './run.js';
import { evaluateTargets, type Results } from './targets.js';
import { RUNTIMES, type Runtime, WORKLOADS, type Workload } from './workloads.js';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
};
const runs = Number(option('--runs') ?? 5);
const only = option('--only')?.split(',');
const warmupSize = option('--warmup') ?? 'full';
if (warmupSize !== 'full' && warmupSize !== 'tenth') {
  throw new Error(`--warmup takes full or tenth, not ${warmupSize}`);
}
const fullWarmup = warmupSize === 'full';
const gcShare = argv.includes('--gc-share');
const warmupRuns = Number(option('--warmup-runs') ?? 2);
if (!Number.isInteger(warmupRuns) || warmupRuns < 0) {
  throw new Error(`--warmup-runs takes a whole number, not ${option('--warmup-runs')}`);
}
/** Operations that `--warmup-runs` counts as one warm-up run (see `Workload.opsPerRun`). */
const OPS_PER_WARMUP_RUN = 100_000;
/** The untimed runs of a workload before its timed one, in the same process. */
const warmupOf = (w: Workload) => ({
  warmupN: fullWarmup ? w.n : Math.max(1, Math.round(w.n / 10)),
  warmupRuns: w.warmup
    ? Math.ceil((warmupRuns * OPS_PER_WARMUP_RUN) / (w.opsPerRun ?? OPS_PER_WARMUP_RUN))
    : 0,
});

const gevent = detectGevent();
const available = (runtime: Runtime) => runtime !== 'gevent' || gevent !== null;
const workloads = WORKLOADS.filter((w) => only === undefined || only.includes(w.id));

// results[metricKey][runtime] = samples; metricKey = `${workload}.${metric}`
const samples: Record<string, Partial<Record<Runtime, number[]>>> = {};
/** Keep one sample of a metric (`${workload}.${metric}`) for a runtime. */
function addSample(key: string, runtime: Runtime, value: number): void {
  const byRuntime = samples[key] ?? {};
  samples[key] = byRuntime;
  const list = byRuntime[runtime] ?? [];
  byRuntime[runtime] = list;
  list.push(value);
}
/** `${workload}/${runtime}` → why it has no numbers. */
const failed: Record<string, string> = {};
const started = Date.now();
for (const w of workloads) {
  const runtimes = w.runtimes.filter(available);
  // Interleave the runtimes run by run, so a slow patch of the machine hits them all.
  for (let run = 0; run < runs; run++) {
    for (const runtime of runtimes) {
      if (failed[`${w.id}/${runtime}`] !== undefined) continue;
      let reply: Record<string, number>;
      try {
        reply = runGreen(runtime, { workload: w.id, n: w.n, ...warmupOf(w), gcShare });
      } catch (error) {
        // One failure (or timeout) drops that runtime from the workload; the rest goes on.
        failed[`${w.id}/${runtime}`] = String(error).split('\n')[0] as string;
        process.stderr.write(`  ${failed[`${w.id}/${runtime}`]}\n`);
        continue;
      }
      for (const row of w.rows) {
        const value = reply[row.metric];
        if (value === undefined) throw new Error(`${runtime}/${w.id} did not report ${row.metric}`);
        addSample(`${w.id}.${row.metric}`, runtime, value);
      }
      // With --gc-share, Node cells say how much of the timed run went to the GC.
      if (reply.gcShare !== undefined) addSample(`${w.id}.gcShare`, runtime, reply.gcShare);
    }
  }
  process.stderr.write(`  ${w.id} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}

const results: Results = {};
for (const [key, byRuntime] of Object.entries(samples)) {
  results[key] = {};
  for (const [runtime, values] of Object.entries(byRuntime) as [Runtime, number[]][]) {
    (results[key] as Partial<Record<Runtime, Summary>>)[runtime] = summarize(values);
  }
}

// A million sleepers under a 1 GiB heap limit: one run, Tendril only.
let million: { ok: boolean; detail: string } | undefined;
if (only === undefined || only.includes('million')) {
  try {
    const reply = runGreen(
      'tendril',
      { workload: 'sleepers', n: 1_000_000, warmupN: 0, warmupRuns: 0 },
      ['--max-old-space-size=1024'],
    );
    million = {
      ok: true,
      detail: `completed in ${formatValue(reply.wallMs ?? Number.NaN, 'ms')}, peak RSS ${formatValue(
        (reply.peakRss ?? Number.NaN) / 2 ** 20,
        'MiB',
      )} (${formatValue(reply.rssPer ?? Number.NaN, 'B')} per sleeper above the baseline)`,
    };
  } catch (error) {
    million = { ok: false, detail: String(error).split('\n').slice(0, 3).join(' ') };
  }
}

const cell = (s: Summary | undefined, unit: string, id: string, runtime: Runtime) =>
  s === undefined
    ? failed[`${id}/${runtime}`] !== undefined
      ? /timed out/.test(failed[`${id}/${runtime}`] as string)
        ? `> ${CELL_TIMEOUT_MS / 1000} s (timed out)`
        : 'failed'
      : 'n/a'
    : `${formatValue(s.median, unit)} (${formatValue(s.min, unit)}–${formatValue(s.max, unit)})`;
const gcPercent = (s: Summary | undefined) =>
  s === undefined ? 'n/a' : `${(s.median * 100).toFixed(0)} %`;
const ratio = (s: Summary | undefined, t: Summary | undefined) =>
  s === undefined || t === undefined ? 'n/a' : `${(s.median / t.median).toFixed(2)}×`;

const others = RUNTIMES.filter((r) => r !== 'tendril');
let out = '';
out += `Node ${process.version}, gevent ${gevent ?? 'not installed'}, ${runs} runs per cell, `;
out += `${warmupRuns} warm-up run${warmupRuns === 1 ? '' : 's'} of the timing workloads `;
out += `${fullWarmup ? 'at full size' : 'at a tenth of the size'} before the timed one `;
out += '(runs of 100,000 operations; the 10k-waiter Event makes ten times as many), ';
out += `load average at the end ${loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')}.\n`;
out += 'Each cell: median (min–max) over the runs, each run a fresh process. Ratio columns: ';
out += 'the runtime ÷ Tendril (above 1 means Tendril takes less time or memory).\n';
for (const group of ['hub', 'io'] as const) {
  const rows: string[][] = [];
  for (const w of workloads.filter((x) => x.group === group)) {
    for (const row of w.rows) {
      const r = results[`${w.id}.${row.metric}`] ?? {};
      rows.push([
        row.label,
        cell(r.tendril, row.unit, w.id, 'tendril'),
        ...others.map((o) => cell(r[o], row.unit, w.id, o)),
        ...others.map((o) => ratio(r[o], r.tendril)),
      ]);
    }
  }
  if (rows.length === 0) continue;
  out += `\n### ${group === 'hub' ? '@tendril/hub' : '@tendril/io'}\n\n`;
  out += markdownTable(
    ['workload', 'Tendril', ...others, ...others.map((o) => `${o}/T`)],
    ['left', ...Array<'right'>(others.length * 2 + 1).fill('right')],
    rows,
  );
}
const nodeRuntimes = RUNTIMES.filter((r) => r !== 'gevent');
const gcRows = workloads
  .filter((w) => results[`${w.id}.gcShare`] !== undefined)
  .map((w) => {
    const r = results[`${w.id}.gcShare`] ?? {};
    return [w.id, ...nodeRuntimes.map((o) => gcPercent(r[o]))];
  });
if (gcRows.length > 0) {
  out += '\n### Time in the garbage collector\n\n';
  out += "Share of each timed run that the main thread spent in V8's GC (median over the runs; ";
  out += 'collections a memory workload forces with `gc()` left out). Observing the GC slows some ';
  out += 'cells (spawn+join one at a time by 6–9 %): read the tables above from a run without ';
  out += '`--gc-share`.\n\n';
  out += markdownTable(
    ['workload', ...nodeRuntimes.map((r) => (r === 'tendril' ? 'Tendril' : r))],
    ['left', ...Array<'right'>(nodeRuntimes.length).fill('right')],
    gcRows,
  );
}
const als = results['ring-als.ns']?.tendril;
const plain = results['ring.ns']?.tendril;
if (als !== undefined && plain !== undefined) {
  out += `\nAsyncLocalStorage: a greenlet that follows a store costs ${formatValue(
    als.median - plain.median,
    'ns',
  )} more per resume (ring inside als.run ${formatValue(als.median, 'ns')}/hop vs outside ${formatValue(
    plain.median,
    'ns',
  )}/hop, medians).\n`;
}
if (million !== undefined) {
  out += `\n1,000,000 sleepers with --max-old-space-size=1024: ${million.ok ? 'OK' : 'FAILED'}, ${million.detail}.\n`;
}
for (const [which, why] of Object.entries(failed)) out += `\nNo numbers for ${which}: ${why}\n`;
out += `\n### Targets\n\n${evaluateTargets(results, million?.ok)}`;
process.stdout.write(out);
