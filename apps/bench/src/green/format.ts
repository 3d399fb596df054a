/**
 * Format a measured value for a table.
 *
 * @param value - In `unit`: nanoseconds, milliseconds, bytes or MiB.
 * @param withUnit - Append the unit (off for the lower end of a range).
 */
export function formatValue(value: number, unit: string, withUnit = true): string {
  if (!Number.isFinite(value)) return '?';
  let shown: string;
  let suffix = unit;
  if (unit === 'ns' && Math.abs(value) >= 10_000) {
    shown = (value / 1000).toFixed(1);
    suffix = 'µs';
  } else if (unit === 'ns' && Math.abs(value) >= 1000) {
    shown = (value / 1000).toFixed(2);
    suffix = 'µs';
  } else if (unit === 'ms' || unit === 'MiB') {
    shown = value.toFixed(value >= 100 ? 0 : 1);
  } else {
    shown = Math.round(value).toLocaleString('en-US');
  }
  return withUnit ? `${shown} ${suffix}` : shown;
}
