import type { Suspend } from '@tendril/greenlet';
import { Blocking, type Clock, getHub, HubError } from '@tendril/hub';
import { onTestFinished } from 'vitest';
import { settleHub } from './settle.js';

interface VirtualTimer {
  readonly deadline: number;
  readonly seq: number;
  readonly callback: () => void;
}

/** Options of {@link useVirtualClock}. */
export interface VirtualClockOptions {
  /**
   * Jump to the next timer whenever the hub has nothing ready at the end of an event-loop turn
   * (default `true`), so `yield* sleep(3_600_000)` just completes. Set `false` to move time
   * only with `advance` and `runUntilIdle`.
   */
  auto?: boolean;
  /** How many timer deadlines one `advance` or `runUntilIdle` may pass (default 10,000). */
  maxSteps?: number;
}

/**
 * The hub's clock on virtual time, from {@link useVirtualClock}: sleeps, `Timeout`s and
 * `spawnLater` fire when virtual time reaches them — at once in auto mode, or when the test
 * moves time with `advance` / `runUntilIdle` — in deadline order (equal deadlines: the timer
 * set first), and the greenlets they wake run before time moves on. Nothing waits in real time.
 *
 * In auto mode time jumps only when the hub has nothing ready after an event-loop turn: real
 * I/O still in flight is not waited for. When a test mixes real I/O with virtual timers and the
 * order matters, turn `auto` off and advance by hand.
 *
 * @example
 * ```ts
 * import { sleep, spawn } from '@tendril/hub';
 * import { useVirtualClock } from '@tendril/testing';
 * const clock = useVirtualClock({ auto: false });
 * const g = spawn(function* () { yield* sleep(60_000); return 'a minute later'; });
 * await clock.advance(60_000);
 * console.log(g.value); // a minute later
 * ```
 */
export class VirtualClock implements Clock, Disposable {
  private readonly maxSteps: number;
  private time: number;
  private timers: VirtualTimer[] = [];
  private seq = 0;
  private jumpScheduled: NodeJS.Immediate | null = null;
  private advancing = false;
  private installed = true;
  private autoJump: boolean;

  /** @internal Use {@link useVirtualClock}. */
  constructor(
    private readonly previous: Clock,
    options: VirtualClockOptions,
  ) {
    this.autoJump = options.auto ?? true;
    this.maxSteps = options.maxSteps ?? 10_000;
    // Whole milliseconds, so that deadlines sum exactly; on the previous clock's scale, so that
    // timers pending across the swap keep their meaning.
    this.time = Math.ceil(previous.now());
  }

  /** Whether time jumps by itself when the hub is idle (see {@link VirtualClockOptions}). */
  get auto(): boolean {
    return this.autoJump;
  }

  set auto(on: boolean) {
    this.autoJump = on;
    this.scheduleJump();
  }

  /** Virtual milliseconds; they move only by timers firing, `advance` or `runUntilIdle`. */
  now(): number {
    return this.time;
  }

  /** @internal The hub's timer heap arms its timer here. */
  setTimer(callback: () => void, ms: number): unknown {
    // Rounded up to whole ms: never before the hub's deadline, whatever the float rounding.
    const timer = { deadline: Math.ceil(this.time + Math.max(0, ms)), seq: this.seq++, callback };
    let i = this.timers.length;
    while (i > 0 && laterThan(this.timers[i - 1] as VirtualTimer, timer)) i--;
    this.timers.splice(i, 0, timer);
    this.scheduleJump();
    return timer;
  }

  /** @internal */
  clearTimer(handle: unknown): void {
    const i = this.timers.indexOf(handle as VirtualTimer);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /**
   * Move virtual time forward by `ms`, stopping at each timer deadline on the way: the timers
   * fire and the greenlets they wake run (and may set new timers, which fire too if they fall
   * within `ms`) before time moves on.
   *
   * @param ms - Milliseconds, >= 0.
   * @returns `yield* clock.advance(ms)` in a greenlet, `await clock.advance(ms)` in plain code.
   * @throws TypeError when `ms` is negative or not a number.
   * @throws HubError when more than `maxSteps` deadlines fall within `ms`.
   */
  advance(ms: number): Blocking<void> {
    if (!(typeof ms === 'number' && ms >= 0)) {
      throw new TypeError(`advance() takes milliseconds >= 0, not ${String(ms)}`);
    }
    return new Blocking(() => this.runTimers(ms));
  }

  /**
   * Fire every timer, in deadline order, until none is left; virtual time ends at the last
   * deadline. Timers that keep setting new ones (a greenlet that sleeps in a loop) never
   * leave it idle: after `maxSteps` deadlines it gives up with an error.
   *
   * @returns `yield* clock.runUntilIdle()` or `await clock.runUntilIdle()`.
   * @throws HubError after `maxSteps` deadlines.
   */
  runUntilIdle(): Blocking<void> {
    return new Blocking(() => this.runTimers(Number.POSITIVE_INFINITY));
  }

  /** Put the previous clock back on the hub (pending timers move to it); harmless twice. */
  restore(): void {
    if (!this.installed) return;
    this.installed = false;
    if (this.jumpScheduled !== null) clearImmediate(this.jumpScheduled);
    this.jumpScheduled = null;
    getHub().setClock(this.previous);
  }

  /** `using clock = useVirtualClock()` restores the previous clock at the end of the block. */
  [Symbol.dispose](): void {
    this.restore();
  }

  private *runTimers(ms: number): Generator<Suspend, void, unknown> {
    const until = this.time + ms;
    this.advancing = true;
    try {
      for (let steps = 0; ; steps++) {
        yield* settleHub();
        const next = this.timers[0];
        if (next === undefined || next.deadline > until) break;
        if (steps === this.maxSteps) {
          throw new HubError(
            `the virtual clock passed ${steps} timer deadlines in one ${Number.isFinite(ms) ? `advance(${ms})` : 'runUntilIdle()'} ` +
              'and timers keep coming (a greenlet sleeping in a loop?): advance by a bounded ' +
              'amount, kill the looping greenlet, or raise useVirtualClock({ maxSteps })',
          );
        }
        this.fireNext();
      }
      if (Number.isFinite(until)) this.time = Math.max(this.time, until);
    } finally {
      this.advancing = false;
    }
  }

  /** Move to the earliest deadline and fire that timer (the hub's timers that are due). */
  private fireNext(): void {
    const timer = this.timers.shift() as VirtualTimer;
    this.time = Math.max(this.time, timer.deadline);
    timer.callback();
  }

  /** Auto mode: after this event-loop turn, if the hub has nothing ready, jump. */
  private scheduleJump(): void {
    if (!this.autoJump || this.jumpScheduled !== null || !this.installed) return;
    if (this.timers.length === 0) return;
    this.jumpScheduled = setImmediate(this.jump);
  }

  private readonly jump = (): void => {
    this.jumpScheduled = null;
    if (this.timers.length === 0 || !this.autoJump) return;
    if (!this.advancing && getHub().readyCount === 0) this.fireNext();
    this.scheduleJump();
  };
}

/**
 * Put the hub on a {@link VirtualClock} for the rest of the test: inside a test (or its
 * `beforeEach`) the real clock comes back when the test finishes, passed or failed. Elsewhere
 * (`beforeAll`, a script) restore it yourself: `clock.restore()`, or `using clock = ...`.
 * Timers pending at that moment move to virtual time.
 *
 * @param options - `auto` (default true): jump to the next timer when the hub is idle;
 *   `maxSteps`: the bound of `advance` / `runUntilIdle`.
 * @returns The clock, to move time and read it.
 * @throws HubError when a virtual clock is already installed.
 * @example
 * ```ts
 * import { sleep } from '@tendril/hub';
 * import { it, useVirtualClock } from '@tendril/testing';
 * it('waits an hour at once', function* () {
 *   const clock = useVirtualClock();
 *   const start = clock.now();
 *   yield* sleep(3_600_000);
 *   expect(clock.now() - start).toBe(3_600_000);
 * });
 * ```
 */
export function useVirtualClock(options: VirtualClockOptions = {}): VirtualClock {
  const hub = getHub();
  if (hub.clock instanceof VirtualClock) {
    throw new HubError(
      'useVirtualClock(): the hub already runs on a virtual clock; use that one, or restore() ' +
        'it before installing another',
    );
  }
  const clock = new VirtualClock(hub.clock, options);
  hub.setClock(clock);
  try {
    onTestFinished(() => clock.restore());
  } catch {
    // Not inside a test: vitest has nothing to hook; the caller restores (documented above).
  }
  return clock;
}

function laterThan(a: VirtualTimer, b: VirtualTimer): boolean {
  return a.deadline > b.deadline || (a.deadline === b.deadline && a.seq > b.seq);
}
