import { spawnSync } from 'node:child_process';

/** Whether Python greenlet can run, and which versions. */
export type PythonGreenlet =
  | { available: true; python: string; greenlet: string }
  | { available: false; reason: string };

/**
 * Look for greenlet in the given Python (Debian: `apt-get install python3-greenlet`, which
 * installs it for /usr/bin/python3).
 *
 * @param executable - The Python interpreter to try.
 * @returns Its version and greenlet's, or why it cannot be used.
 */
export function detectPythonGreenlet(executable: string): PythonGreenlet {
  const probe = spawnSync(
    executable,
    ['-c', 'import sys, greenlet; print(sys.version.split()[0], greenlet.__version__)'],
    { encoding: 'utf8' },
  );
  if (probe.error) return { available: false, reason: `${executable} not found` };
  if (probe.status !== 0) {
    return {
      available: false,
      reason: `${executable} has no greenlet module (apt-get install -y python3-greenlet)`,
    };
  }
  const [python = '?', greenlet = '?'] = probe.stdout.trim().split(' ');
  return { available: true, python, greenlet };
}
