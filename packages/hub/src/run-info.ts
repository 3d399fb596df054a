import { getCurrent } from '@tendril/greenlet';
import { Greenlet, type GreenletState } from './greenlet.js';
import { getHub } from './hub.js';
import { waitedGreenlets } from './live-greenlets.js';

/** One live greenlet in {@link RunInfo}, with the live greenlets it spawned. */
export interface GreenletInfo {
  readonly greenlet: Greenlet;
  readonly id: number;
  readonly name: string;
  /** Never `finished`/`failed`: only live greenlets are listed. */
  readonly state: GreenletState;
  /** What it waits on (`sleep(100)`, `join(worker)`) when `state` is `waiting`. */
  readonly waitingOn: string | undefined;
  /** Where it was spawned, when `spawnSites.capture` was on. */
  readonly spawnSite: string | undefined;
  /** The live greenlets it spawned, in start order. */
  readonly children: readonly GreenletInfo[];
}

/** A snapshot of the hub and its live greenlets, from {@link getRunInfo}. */
export interface RunInfo {
  /** Greenlets and callbacks queued to run. */
  readonly readyCount: number;
  /** Pending hub timers (sleeps, timeouts, `spawnLater`). */
  readonly timerCount: number;
  /** How many greenlets are live: started (or scheduled to start) and not finished. */
  readonly greenletCount: number;
  /** The live greenlets whose spawner is not a live hub greenlet (main, the hub, or a finished one). */
  readonly roots: readonly GreenletInfo[];
}

/**
 * A snapshot of the live greenlets as a tree by spawner (gevent's run info, as data): for each,
 * its name, state, what it waits on and spawn site. A greenlet is live from `start()` (or
 * `startLater`) until it finishes; one whose spawner has finished becomes a root.
 *
 * @returns The hub's ready and timer counts and the tree of live greenlets.
 * @example
 * ```ts
 * import { getRunInfo, sleep, spawn } from '@tendril/hub';
 * const g = spawn(function* napper() { yield* sleep(1000); });
 * await sleep(0);
 * console.log(getRunInfo().roots.map((r) => `${r.name}: ${r.state} on ${r.waitingOn}`));
 * // [ 'napper: waiting on sleep(1000)' ]
 * await g.kill();
 * ```
 */
export function getRunInfo(): RunInfo {
  const hub = getHub();
  const greenlets = liveGreenlets();
  const infos = new Map<unknown, GreenletInfo & { children: GreenletInfo[] }>();
  for (const g of greenlets) {
    infos.set(g, {
      greenlet: g,
      id: g.id,
      name: g.name,
      state: g.state,
      waitingOn: g.waitingOn,
      spawnSite: g.spawnSite,
      children: [],
    });
  }
  const roots: GreenletInfo[] = [];
  for (const info of infos.values()) {
    const parent = infos.get(info.greenlet.spawner);
    if (parent === undefined) roots.push(info);
    else parent.children.push(info);
  }
  return {
    readyCount: hub.readyCount,
    timerCount: hub.timers.size,
    greenletCount: greenlets.length,
    roots,
  };
}

/**
 * The live greenlets, in creation order: those that have waited (the registry), those queued in
 * the hub to start, and the running one. (A greenlet that is suspended in a plain core
 * `switch()` before it ever waited is not seen.)
 */
function liveGreenlets(): Greenlet[] {
  const live = new Set<Greenlet>(waitedGreenlets());
  for (const item of getHub().ready) {
    if (typeof item !== 'function' && !item.ready()) live.add(item);
  }
  const current = getCurrent();
  if (current instanceof Greenlet && !current.ready()) live.add(current);
  return [...live].sort((a, b) => a.id - b.id);
}

/**
 * The run info as text for humans (gevent's `format_run_info`): a header with the hub's ready
 * and timer counts, then the live greenlets as a tree by spawner, one line each with its state
 * and what it waits on, and its spawn site below it when `spawnSites.capture` is on.
 *
 * @param info - What to format; a fresh {@link getRunInfo} by default.
 * @returns The text, lines separated by `\n`, without a final newline.
 * @example
 * ```ts
 * import { formatRunInfo, sleep, spawn } from '@tendril/hub';
 * spawn(function* server() { spawn(function* worker() { yield* sleep(100); }); yield* sleep(100); });
 * await sleep(0);
 * console.error(formatRunInfo());
 * // hub: 2 live greenlets, 0 ready, 2 timers pending
 * // #1 "server" (waiting on sleep(100))
 * // └─ #2 "worker" (waiting on sleep(100))
 * ```
 */
export function formatRunInfo(info: RunInfo = getRunInfo()): string {
  const lines = [
    `hub: ${plural(info.greenletCount, 'live greenlet')}, ${info.readyCount} ready, ` +
      `${plural(info.timerCount, 'timer')} pending`,
  ];
  // Depth-first with an explicit stack: a long chain of spawns cannot overflow the call stack.
  const stack = info.roots.map((node) => ({ node, head: '', indent: '' })).reverse();
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { node, head, indent } = entry;
    const state = node.state === 'waiting' ? `waiting on ${node.waitingOn}` : node.state;
    lines.push(`${head}#${node.id} "${node.name}" (${state})`);
    if (node.spawnSite !== undefined) {
      const bar = node.children.length > 0 ? '│ ' : '  ';
      const site = node.spawnSite.split('\n').map((line) => line.trim());
      lines.push(`${indent}${bar}  spawned ${site[0]}`);
      for (const line of site.slice(1)) lines.push(`${indent}${bar}          ${line}`);
    }
    const last = node.children.length - 1;
    for (let i = last; i >= 0; i--) {
      stack.push({
        node: node.children[i] as GreenletInfo,
        head: indent + (i === last ? '└─ ' : '├─ '),
        indent: indent + (i === last ? '   ' : '│  '),
      });
    }
  }
  return lines.join('\n');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
