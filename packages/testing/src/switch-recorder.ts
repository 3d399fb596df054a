import { type Greenlet, setTrace, type TraceEvent, type TraceFunction } from '@tendril/greenlet';
import { Hub } from '@tendril/hub';

/** One transfer of control, as the core's trace function saw it. */
export interface SwitchRecord {
  /** `'switch'` carries a value, `'throw'` an error. */
  readonly event: TraceEvent;
  readonly origin: Greenlet;
  readonly target: Greenlet;
  /** The origin's name: a hub greenlet's `name`, `'main'`, `'hub'`, or its body's name. */
  readonly from: string;
  /** The target's name, likewise. */
  readonly to: string;
}

/**
 * Records every switch between greenlets (built on the core's `setTrace`), to assert the order
 * in which greenlets ran. Recording starts at once and stops with `stop()` or at the end of a
 * `using` block, which puts the previous trace function back. Tracing is global: stop the
 * recorder before the test ends.
 *
 * @example
 * ```ts
 * import { Greenlet, getCurrent } from '@tendril/greenlet';
 * import { recordSwitches } from '@tendril/testing';
 * using recorder = recordSwitches();
 * const ping = new Greenlet(function* ping() { yield* getCurrent().parent!.switch(); });
 * ping.switch();
 * console.log(recorder.lines()); // ['switch main -> ping', 'switch ping -> main']
 * ```
 */
export class SwitchRecorder implements Disposable {
  /** What was recorded, in order. */
  readonly records: SwitchRecord[] = [];
  private readonly names = new WeakMap<Greenlet, string>();
  private readonly previous: TraceFunction | null;
  private active = true;

  /** @internal Use {@link recordSwitches}. */
  constructor() {
    this.previous = setTrace((event, origin, target) => {
      this.records.push({
        event,
        origin,
        target,
        from: this.nameOf(origin),
        to: this.nameOf(target),
      });
    });
  }

  /**
   * The records as `'switch a -> b'` / `'throw a -> b'` lines, the easiest form to compare with
   * `toEqual`.
   *
   * @param options - `hub: false` leaves out the transfers to and from the hub, keeping the
   *   greenlet-to-greenlet and main lines (`a -> hub -> b` becomes nothing: use `ran()` for
   *   the order in which greenlets ran).
   * @returns One line per record.
   */
  lines(options: { hub?: boolean } = {}): string[] {
    return this.select(options).map((r) => `${r.event} ${r.from} -> ${r.to}`);
  }

  /**
   * The names of the greenlets that received control, in order, leaving out the hub and main:
   * the order in which greenlets ran (a greenlet resumed twice appears twice).
   *
   * @returns The names.
   */
  ran(): string[] {
    return this.records.filter((r) => !isHubOrMain(r.target)).map((r) => r.to);
  }

  /** Stop recording and put the previous trace function back; stopping twice is harmless. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    setTrace(this.previous);
  }

  /** `using recorder = recordSwitches()` stops it at the end of the block. */
  [Symbol.dispose](): void {
    this.stop();
  }

  private select({ hub = true }: { hub?: boolean }): SwitchRecord[] {
    if (hub) return this.records;
    return this.records.filter((r) => !(r.origin instanceof Hub) && !(r.target instanceof Hub));
  }

  /**
   * A hub greenlet's `name` is read live; a core greenlet's body loses its name once it starts,
   * and the trace function sees a greenlet before its first step, so that name is kept.
   */
  private nameOf(g: Greenlet): string {
    if (g.isMain) return 'main';
    if (g instanceof Hub) return 'hub';
    const named = (g as { name?: unknown }).name;
    if (typeof named === 'string') return named;
    let name = this.names.get(g);
    if (name === undefined) {
      name = g.run?.name || `Greenlet#${g.id}`;
      this.names.set(g, name);
    }
    return name;
  }
}

/**
 * Start recording switches (see {@link SwitchRecorder}).
 *
 * @returns The recorder; `stop()` it, or declare it with `using`.
 * @example
 * ```ts
 * import { sleep, spawn } from '@tendril/hub';
 * using recorder = recordSwitches();
 * const a = spawn(function* a() { yield* sleep(0); });
 * const b = spawn(function* b() { yield* sleep(0); });
 * await b;
 * console.log(recorder.ran()); // ['a', 'b', 'a', 'b', ...]
 * ```
 */
export function recordSwitches(): SwitchRecorder {
  return new SwitchRecorder();
}

function isHubOrMain(g: Greenlet): boolean {
  return g.isMain || g instanceof Hub;
}
