/** Median and range of a set of timed runs. */
export interface Summary {
  median: number;
  min: number;
  max: number;
}

/**
 * Summarize the samples of one cell.
 *
 * @param samples - Nanoseconds per operation, one per timed run (at least one).
 * @returns The median (mean of the middle two for an even count), minimum and maximum.
 * @throws Error when there are no samples.
 */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

/**
 * The median of paired ratios `a[i] / b[i]`. When the variants of a workload run in rounds, one
 * process each, back to back, a round's processes ran seconds apart under the same machine
 * state; pairing them cancels the slow drifts (other load, a noisy neighbour on the host) that
 * a ratio of two pooled medians would keep.
 *
 * @param a - One value per round (for example the median of each process's runs).
 * @param b - The same for the baseline, in the same round order.
 * @returns The median ratio over the rounds both have, or `undefined` if there are none.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number | undefined {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const base = b[i] as number;
    if (base > 0) ratios.push((a[i] as number) / base);
  }
  return ratios.length === 0 ? undefined : summarize(ratios).median;
}
