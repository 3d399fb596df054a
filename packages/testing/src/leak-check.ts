import { type Greenlet, type GreenletInfo, getHub, getRunInfo, spawnSites } from '@tendril/hub';
import { afterEach, beforeEach } from 'vitest';
import { TestFailure } from './errors/test-failure.js';
import { settle } from './settle.js';
import { whenDead } from './when-dead.js';

/**
 * Something a test can leave behind, for the leak check: a kind of resource and how to list,
 * describe and close the live ones. Greenlets are built in; `@tendril/io` (or a setup file) adds
 * its sockets and servers with {@link addLeakSource}. Resources are compared by identity: what
 * `live()` lists at the end of a test and did not list at its start has leaked.
 */
export interface LeakSource<R extends object = object> {
  /** What it is, singular: `'greenlet'`, `'socket'`, `'server'`. */
  readonly kind: string;
  /** The live resources now. */
  live(): Iterable<R>;
  /** One line (or a few) for the report; `String(resource)` by default. */
  describe?(resource: R): string;
  /** Release a leaked resource after the test; may return a promise (awaited, bounded). */
  close?(resource: R): unknown;
}

/** One thing found by {@link LeakCheck.find}. */
export interface Leak {
  /** The source's kind, or `'timer'` for hub timers (counted, not listed: they have no name). */
  readonly kind: string;
  /** The leaked object; `undefined` for timers. */
  readonly resource: object | undefined;
  readonly description: string;
}

/** How long (real ms) closing the leftovers of a test may take before the report goes out. */
const CLOSE_WITHIN = 1000;

const greenlets: LeakSource<Greenlet> = {
  kind: 'greenlet',
  live: () => flatten(getRunInfo().roots),
  describe: (g) => {
    const site = g.spawnSite?.split('\n').map((line) => line.trim());
    return `${g}${site ? `\n    spawned ${site.join('\n            ')}` : ''}`;
  },
  close: (g) => {
    g.kill(undefined, { block: false });
    return whenDead(g, CLOSE_WITHIN);
  },
};

const sources = new Set<LeakSource>([greenlets]);

/**
 * Make the leak check watch another kind of resource (sockets, servers, child processes).
 *
 * @param source - How to list, describe and close them.
 * @returns A function that removes the source again.
 * @example
 * ```ts
 * import { addLeakSource } from '@tendril/testing';
 * const open = new Set<{ close(): void }>();
 * const remove = addLeakSource({ kind: 'connection', live: () => open, close: (c) => c.close() });
 * remove();
 * ```
 */
export function addLeakSource<R extends object>(source: LeakSource<R>): () => void {
  sources.add(source);
  return () => {
    sources.delete(source);
  };
}

/**
 * A snapshot of what is live at the start of a test, to find what the test left behind: hub
 * greenlets spawned since (with their name and spawn site) still alive, more hub timers pending
 * than at the start, and new resources of every {@link addLeakSource} source. While it runs,
 * spawn sites are recorded (`spawnSites.capture`); `finish()` or disposing restores the setting.
 *
 * Green tests (`it` / `green` of this package) run one by default; {@link useLeakCheck} adds one
 * to every test of a file.
 *
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * import { startLeakCheck } from '@tendril/testing';
 * const check = startLeakCheck();
 * spawn(function* forgotten() {});
 * console.log(check.find().map((leak) => leak.kind)); // ['greenlet']
 * await check.finish(); // throws TestFailure after killing `forgotten`
 * ```
 */
export class LeakCheck implements Disposable {
  private readonly baseline = new Map<LeakSource, Set<object>>();
  private readonly timerBaseline: number;
  private readonly captureBefore: boolean;
  private active = true;

  /** @internal Use {@link startLeakCheck}. */
  constructor() {
    for (const source of sources) this.baseline.set(source, new Set(source.live()));
    this.timerBaseline = getHub().timers.size;
    this.captureBefore = spawnSites.capture;
    spawnSites.capture = true;
  }

  /**
   * What has leaked so far, without touching it: new live resources of each source, then one
   * entry when more hub timers are pending than at the start.
   *
   * @returns The leaks, empty when there is none.
   */
  find(): Leak[] {
    return [...this.newResources().map((found) => found.leak), ...this.timerLeaks()];
  }

  /**
   * End the check: let the hub run what is ready, close what leaked (kill leaked greenlets, so
   * their `finally` blocks run and the next test starts clean), then fail if anything leaked.
   * Timers are reported only when some are still pending after that cleanup (the sleep timers
   * of killed greenlets are gone with them).
   *
   * @throws TestFailure listing the leaks, and how to avoid them.
   */
  async finish(): Promise<void> {
    this[Symbol.dispose]();
    await settle();
    const found = this.newResources();
    await Promise.allSettled(
      found.map(async ({ source, leak }) => source.close?.(leak.resource as object)),
    );
    const leaks = [...found.map(({ leak }) => leak), ...this.timerLeaks()];
    if (leaks.length === 0) return;
    const lines = leaks.map((leak) => `  ${leak.kind}: ${leak.description}`);
    throw new TestFailure(
      `the test left ${leaks.length === 1 ? 'something' : `${leaks.length} things`} behind:\n` +
        `${lines.join('\n')}\nThe greenlets and resources among them are now closed. Kill or ` +
        'join what a test spawns (a scope() does it for you), cancel its Timeouts, close its ' +
        'sockets and servers before it ends.',
    );
  }

  /** Stop recording spawn sites (restores `spawnSites.capture`); the snapshot stays usable. */
  [Symbol.dispose](): void {
    if (!this.active) return;
    this.active = false;
    spawnSites.capture = this.captureBefore;
  }

  private newResources(): { source: LeakSource; leak: Leak }[] {
    const found: { source: LeakSource; leak: Leak }[] = [];
    for (const source of sources) {
      const before = this.baseline.get(source);
      for (const resource of source.live()) {
        if (before?.has(resource)) continue;
        const description = source.describe?.(resource) ?? String(resource);
        found.push({ source, leak: { kind: source.kind, resource, description } });
      }
    }
    return found;
  }

  private timerLeaks(): Leak[] {
    const timers = getHub().timers.size;
    if (timers <= this.timerBaseline) return [];
    const description =
      `${timers} hub timer${timers === 1 ? '' : 's'} pending, ${this.timerBaseline} at the start ` +
      '(a sleep, Timeout or spawnLater left running)';
    return [{ kind: 'timer', resource: undefined, description }];
  }
}

/**
 * Start a leak check now (see {@link LeakCheck}).
 *
 * @returns The check: `find()` to look, `finish()` to clean up and fail on leaks.
 * @example
 * ```ts
 * const check = startLeakCheck();
 * await runTheCodeUnderTest();
 * await check.finish();
 * ```
 */
export function startLeakCheck(): LeakCheck {
  return new LeakCheck();
}

/**
 * Run a leak check around every test of the current file or `describe` block: a snapshot in
 * `beforeEach`, `finish()` in `afterEach` (a leak fails that test). Green tests already have
 * one; use this for plain `async` tests.
 *
 * @example
 * ```ts
 * import { useLeakCheck } from '@tendril/testing';
 * import { describe, it } from 'vitest';
 * describe('server', () => {
 *   useLeakCheck();
 *   it('closes its connections', async () => {  ...  });
 * });
 * ```
 */
export function useLeakCheck(): void {
  let check: LeakCheck | undefined;
  beforeEach(() => {
    check = startLeakCheck();
  });
  afterEach(async () => {
    const current = check;
    check = undefined;
    await current?.finish();
  });
}

function flatten(roots: readonly GreenletInfo[]): Greenlet[] {
  const out: Greenlet[] = [];
  const stack = [...roots].reverse();
  for (let info = stack.pop(); info !== undefined; info = stack.pop()) {
    out.push(info.greenlet);
    for (let i = info.children.length - 1; i >= 0; i--)
      stack.push(info.children[i] as GreenletInfo);
  }
  return out;
}
