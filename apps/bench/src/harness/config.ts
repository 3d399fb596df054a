/** How a bench run is set up: environment variables and command-line flags. */
export interface BenchConfig {
  /** BENCH_SCALE: multiplies every workload's operations per run (default 1). */
  scale: number;
  /** BENCH_PROCESSES: fresh processes per cell, their samples pooled (default 3). */
  processes: number;
  /** BENCH_RUNS: timed runs per process (default 3). */
  runs: number;
  /** BENCH_WARMUP: untimed runs per process before them (default 2). */
  warmup: number;
  /** BENCH_ONLY: comma-separated workload and/or variant ids; empty means everything. */
  only: string[];
  /** BENCH_PYTHON: the Python with greenlet installed (default /usr/bin/python3, Debian's). */
  python: string;
  /** `--readme`: also write the report into README.md between its result markers. */
  writeReadme: boolean;
}

/**
 * Read the configuration.
 *
 * @param env - Usually `process.env`.
 * @param argv - Flags after the script name.
 * @returns The configuration, defaults filled in.
 * @throws Error for a malformed number or an unknown flag.
 */
export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): BenchConfig {
  for (const arg of argv) {
    if (arg !== '--readme') throw new Error(`unknown flag ${arg} (the only flag is --readme)`);
  }
  return {
    scale: positive(env, 'BENCH_SCALE', 1),
    processes: Math.round(positive(env, 'BENCH_PROCESSES', 3)),
    runs: Math.round(positive(env, 'BENCH_RUNS', 3)),
    warmup: Math.round(positive(env, 'BENCH_WARMUP', 2, true)),
    only: (env.BENCH_ONLY ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    python: env.BENCH_PYTHON || '/usr/bin/python3',
    writeReadme: argv.includes('--readme'),
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, zeroOk = false): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (value === 0 && !zeroOk)) {
    throw new Error(`${name} must be a ${zeroOk ? 'non-negative' : 'positive'} number, not ${raw}`);
  }
  return value;
}
