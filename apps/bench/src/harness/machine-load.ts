import { readFileSync } from 'node:fs';

/** What else the machine did while the bench ran. */
export interface MachineLoad {
  /** Average number of cores busy with other processes (not this one or its children). */
  otherCores: number;
  /** Share of CPU time the hypervisor gave someone else while we wanted it ("steal"). */
  stealShare: number;
}

interface Sample {
  cores: number;
  /** Jiffies summed over all cores, from /proc/stat. */
  total: number;
  busy: number;
  steal: number;
  /** Jiffies used by this process and its finished children, from /proc/self/stat. */
  own: number;
}

/**
 * Start measuring the machine's load (Linux: `/proc/stat` and `/proc/self/stat`). Timings
 * taken while other processes compete for the cores are slower, often ~2× on a 2-core VM, so
 * the report says how much competition there was.
 *
 * @returns A function that stops the meter and returns the load since the start, or
 *   `undefined` where `/proc` is not available.
 */
export function startLoadMeter(): () => MachineLoad | undefined {
  const start = sample();
  return () => {
    const end = sample();
    if (start === undefined || end === undefined || end.total <= start.total) return undefined;
    const ticks = end.total - start.total;
    const wall = ticks / end.cores;
    const others = end.busy - start.busy - (end.own - start.own);
    return {
      otherCores: Math.max(0, others / wall),
      stealShare: (end.steal - start.steal) / ticks,
    };
  };
}

function sample(): Sample | undefined {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    const cores = Math.max(1, lines.filter((line) => /^cpu\d/.test(line)).length);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
      (lines[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const total = user + nice + system + idle + iowait + irq + softirq + steal;
    // After the command name: state is field 3, so utime..cstime (14–17) are indexes 11–14.
    const self = readFileSync('/proc/self/stat', 'utf8');
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ');
    const own = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    return { cores, total, busy: total - idle - iowait - steal, steal, own };
  } catch {
    return undefined;
  }
}
