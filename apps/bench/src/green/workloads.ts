/**
 * The hub and io workloads (issues 3 and 5): what each measures, how big it is, which runtimes
 * can express it, and the targets it is judged against.
 */

/** A runtime that runs the workloads: one cell file each (Python's in `python/green_cell.py`). */
export type Runtime = 'tendril' | 'gevent' | 'effection' | 'effect' | 'promises';

export const RUNTIMES: readonly Runtime[] = [
  'tendril',
  'gevent',
  'effection',
  'effect',
  'promises',
];

/** One row of a results table: a metric a workload's cell reports. */
export interface Row {
  /** The key in the cell's reply. */
  metric: string;
  label: string;
  unit: 'ns' | 'ms' | 'B';
}

export interface Workload {
  id: string;
  group: 'hub' | 'io';
  /** Size parameter (greenlets, items, cycles: see the cell implementations). */
  n: number;
  /** Runtimes that have the primitive; the rest are shown as "n/a". */
  runtimes: readonly Runtime[];
  rows: readonly Row[];
  /** Untimed runs first, in the same process, so the JIT has compiled the hot paths (not for
   * memory or wall-clock workloads). */
  warmup: boolean;
  /**
   * Operations one run makes, when not about 100,000. Warm-up is counted in runs of 100,000
   * operations, so a smaller workload warms up on proportionally more runs (the same work).
   */
  opsPerRun?: number;
}

const ALL = RUNTIMES;

export const WORKLOADS: readonly Workload[] = [
  {
    id: 'spawn-all-join-all',
    group: 'hub',
    n: 100_000,
    runtimes: ALL,
    rows: [{ metric: 'ns', label: 'spawn 100k then join all (per greenlet)', unit: 'ns' }],
    warmup: true,
  },
  {
    id: 'spawn-join-each',
    group: 'hub',
    n: 100_000,
    runtimes: ALL,
    rows: [{ metric: 'ns', label: 'spawn+join one at a time, 100k (per greenlet)', unit: 'ns' }],
    warmup: true,
  },
  {
    id: 'ring',
    group: 'hub',
    n: 1_000,
    runtimes: ALL,
    rows: [{ metric: 'ns', label: 'ring of 1,000 × 100 rounds of sleep(0) (per hop)', unit: 'ns' }],
    warmup: true,
  },
  {
    id: 'ring-als',
    group: 'hub',
    n: 1_000,
    runtimes: ['tendril', 'promises'],
    rows: [{ metric: 'ns', label: 'same ring inside als.run() (per hop)', unit: 'ns' }],
    warmup: true,
  },
  {
    id: 'sleepers',
    group: 'hub',
    n: 100_000,
    runtimes: ALL,
    rows: [
      { metric: 'wallMs', label: '100k sleep(10) at once: wall time', unit: 'ms' },
      { metric: 'rssPer', label: '100k sleep(10) at once: peak RSS per sleeper', unit: 'B' },
    ],
    warmup: false,
  },
  {
    id: 'sleepers-heap',
    group: 'hub',
    n: 100_000,
    runtimes: ['tendril', 'promises'],
    rows: [
      {
        metric: 'heapPer',
        label: '100k parked sleepers: live JS heap per sleeper (after GC)',
        unit: 'B',
      },
    ],
    warmup: false,
  },
  {
    id: 'timeout',
    group: 'hub',
    n: 1_000_000,
    runtimes: ['tendril', 'gevent', 'promises'],
    rows: [{ metric: 'ns', label: 'Timeout create+start+cancel (per pair)', unit: 'ns' }],
    warmup: true,
  },
  {
    id: 'queue-ping-pong',
    group: 'io',
    n: 100_000,
    runtimes: ['tendril', 'gevent', 'effect'],
    rows: [{ metric: 'ns', label: 'Queue(1) ping-pong, 100k items (per item)', unit: 'ns' }],
    warmup: true,
  },
  {
    id: 'queue-nowait',
    group: 'io',
    n: 100_000,
    runtimes: ['tendril', 'gevent', 'effect'],
    rows: [{ metric: 'ns', label: 'unbounded putNowait+getNowait, 100k (per pair)', unit: 'ns' }],
    warmup: true,
  },
  {
    id: 'queue-yield',
    group: 'io',
    n: 100_000,
    runtimes: ['tendril', 'gevent', 'effection', 'effect'],
    rows: [
      { metric: 'ns', label: 'unbounded yield* put + yield* get, 100k (per pair)', unit: 'ns' },
    ],
    warmup: true,
  },
  {
    id: 'channel',
    group: 'io',
    n: 100_000,
    runtimes: ['tendril', 'gevent', 'effection'],
    rows: [{ metric: 'ns', label: 'Channel hand-off, 100k items (per item)', unit: 'ns' }],
    warmup: true,
  },
  {
    id: 'event',
    group: 'io',
    n: 10_000,
    opsPerRun: 10_000,
    runtimes: ALL,
    rows: [{ metric: 'ns', label: 'Event.set waking 10k waiters (per waiter)', unit: 'ns' }],
    warmup: true,
  },
  {
    id: 'semaphore',
    group: 'io',
    n: 1_000,
    runtimes: ['tendril', 'gevent', 'effect'],
    rows: [
      {
        metric: 'ns',
        label: 'Semaphore(10), 100 greenlets × 1,000 acquire/sleep(0)/release (per cycle)',
        unit: 'ns',
      },
    ],
    warmup: true,
  },
  {
    id: 'pool-map',
    group: 'io',
    n: 100_000,
    runtimes: ['tendril', 'gevent', 'effect'],
    rows: [{ metric: 'ns', label: 'Pool(100).map over 100k items (per item)', unit: 'ns' }],
    warmup: true,
  },
];

/** What `main.ts` sends a cell (as one JSON argument). */
export interface GreenRequest {
  workload: string;
  n: number;
  /** Size of the untimed runs first, in the same process. */
  warmupN: number;
  /** How many untimed runs first (0: none, the workload runs cold). */
  warmupRuns: number;
  /**
   * Also report the share of the timed run spent in V8's GC (`gcShare`; Node cells only).
   * Observing the GC makes some workloads slower (spawn+join one at a time by 6–9 %).
   */
  gcShare?: boolean;
}

/** What a cell prints back (one JSON line): metric name → value. */
export type GreenReply = Record<string, number>;
