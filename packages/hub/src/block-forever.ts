import type { Greenlet } from './greenlet.js';
import type { Hub } from './hub.js';
import { waitedGreenlets } from './live-greenlets.js';
import { reportError } from './report.js';

/** Receives the greenlets left waiting forever when the process runs out of work and exits. */
export type BlockedForeverHandler = (greenlets: readonly Greenlet[]) => void;

const defaultHandler: BlockedForeverHandler = (greenlets) => {
  const count = greenlets.length === 1 ? '1 greenlet' : `${greenlets.length} greenlets`;
  const lines = greenlets.map((g) => {
    const site = g.spawnSite?.split('\n').map((line) => line.trim());
    return `  ${g}${site ? `\n    spawned ${site.join('\n            ')}` : ''}`;
  });
  process.stderr.write(
    `This operation would block forever: the process is exiting with ${count} still waiting, ` +
      "and nothing is left that could wake them (Node's event loop is empty; the hub has no " +
      'timer and nothing ready). Settle what they wait on, or kill or join them before the ' +
      `program ends:\n${lines.join('\n')}\n`,
  );
};

let handler = defaultHandler;

/**
 * Replace the handler of gevent's "This operation would block forever". When the process runs
 * out of work and exits naturally while hub greenlets are still waiting (on a promise that never
 * settles, on a greenlet that waits forever itself...), nothing can ever wake them: the handler
 * gets them all once, in start order. The default prints each one (name, what it waits on, spawn
 * site when `spawnSites.capture` is on) to stderr.
 *
 * gevent raises `LoopExit` in the main greenlet at that point; in Tendril the main greenlet is
 * plain code that has already returned, so a report is the equivalent. The exit code is left
 * alone: set `process.exitCode` in the handler to fail the process. The handler runs in Node's
 * `'exit'` event, so only synchronous work gets done. An exit by `process.exit()` or an uncaught
 * error reports nothing: greenlets may still have had something to wait for.
 *
 * @param newHandler - The new handler, or `null` for the default.
 * @returns The previous handler.
 * @example
 * ```ts
 * import { setBlockedForeverHandler } from '@tendril/hub';
 * setBlockedForeverHandler((greenlets) => {
 *   for (const g of greenlets) console.error(`${g.name} never woke up from ${g.waitingOn}`);
 *   process.exitCode = 1;
 * });
 * ```
 */
export function setBlockedForeverHandler(
  newHandler: BlockedForeverHandler | null,
): BlockedForeverHandler {
  const previous = handler;
  handler = newHandler ?? defaultHandler;
  return previous;
}

/**
 * @internal Report greenlets left waiting forever; called once, when the hub is created.
 *
 * `'beforeExit'` fires when Node's event loop is empty: greenlets waiting then, while the hub has
 * no timer and nothing ready, are suspects. They are reported in `'exit'` if they are still in
 * that same wait, so a later `'beforeExit'` listener that settles what they wait on (and so keeps
 * the process going) causes no false report, and an asynchronous handler cannot keep the
 * process alive by re-triggering `'beforeExit'`. Neither listener keeps the process alive.
 */
export function watchForBlockedForever(hub: Hub): void {
  let suspects: Greenlet[] = [];
  let waitIds: number[] = [];
  process.on('beforeExit', () => {
    const idle = hub.readyCount === 0 && hub.timers.size === 0;
    suspects = idle ? waitedGreenlets().filter((g) => g.state === 'waiting') : [];
    waitIds = suspects.map((g) => g._waitId);
  });
  process.on('exit', () => {
    const blocked = suspects.filter((g, i) => g._waitId === waitIds[i] && g.state === 'waiting');
    if (blocked.length === 0) return;
    try {
      handler(blocked);
    } catch (error) {
      reportError(error, undefined);
    }
  });
}
