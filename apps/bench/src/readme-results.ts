import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/**
 * Replace the results section of the README (between its two markers) with `report`.
 *
 * @param readmePath - The README to rewrite.
 * @param report - The Markdown the bench printed.
 * @throws Error when the README lacks the markers.
 */
export function writeReadmeResults(readmePath: string, report: string): void {
  const text = readFileSync(readmePath, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`${readmePath} has no ${START} … ${END} section to fill`);
  }
  writeFileSync(
    readmePath,
    `${text.slice(0, start + START.length)}\n\n${report}\n${text.slice(end)}`,
    'utf8',
  );
}
