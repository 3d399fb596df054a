import type { Summary } from '../harness/stats.js';
import { formatValue } from './format.js';
import { type Runtime, WORKLOADS } from './workloads.js';

/** Summaries by `${workload}.${metric}`, then by runtime. */
export type Results = Record<string, Partial<Record<Runtime, Summary>>>;

const IO_RIVALS: readonly Runtime[] = ['effection', 'effect'];

/**
 * Check the medians against the targets of issues 3 (hub) and 5 (io).
 *
 * @param millionOk - Whether a million sleepers fit under a 1 GiB heap (undefined: not run).
 * @returns A Markdown list, one line per target: met or missed, with the numbers.
 */
export function evaluateTargets(results: Results, millionOk: boolean | undefined): string {
  const lines: string[] = [];
  const mark = (ok: boolean) => (ok ? '**met**' : '**missed**');
  const t = (key: string, runtime: Runtime = 'tendril') => results[key]?.[runtime]?.median;

  for (const id of ['spawn-all-join-all', 'spawn-join-each']) {
    const v = t(`${id}.ns`);
    if (v !== undefined) {
      lines.push(`- ${mark(v <= 500)} ${id} ≤ 500 ns per greenlet: ${formatValue(v, 'ns')}`);
    }
  }
  const wall = t('sleepers.wallMs');
  const promiseWall = t('sleepers.wallMs', 'promises');
  if (wall !== undefined && promiseWall !== undefined) {
    const r = wall / promiseWall;
    lines.push(
      `- ${mark(r <= 1.5)} 100k sleepers wall time within 1.5× of setTimeout promises: ` +
        `${formatValue(wall, 'ms')} vs ${formatValue(promiseWall, 'ms')} (${r.toFixed(2)}×)`,
    );
  }
  const rss = t('sleepers.rssPer');
  if (rss !== undefined) {
    lines.push(`- ${mark(rss <= 1024)} peak RSS ≤ 1 KB per sleeper: ${formatValue(rss, 'B')}`);
  }
  if (millionOk !== undefined) {
    lines.push(`- ${mark(millionOk)} 1,000,000 sleepers fit under --max-old-space-size=1024`);
  }
  for (const w of WORKLOADS.filter((x) => x.group === 'io')) {
    const key = `${w.id}.ns`;
    const mine = t(key);
    if (mine === undefined) continue;
    const parts: string[] = [];
    let ok = true;
    const g = t(key, 'gevent');
    if (g !== undefined) {
      ok &&= g / mine >= 5;
      parts.push(`${(g / mine).toFixed(1)}× faster than gevent (target ≥ 5×)`);
    }
    for (const rival of IO_RIVALS) {
      const v = t(key, rival);
      if (v === undefined) continue;
      ok &&= v > mine;
      parts.push(`${(v / mine).toFixed(2)}× vs ${rival} (target > 1×)`);
    }
    lines.push(`- ${mark(ok)} ${w.id} (${formatValue(mine, 'ns')}): ${parts.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
