import { getCurrent, Interrupt } from '@tendril/greenlet';
import { HubError } from './errors/hub-error.js';
import { Greenlet } from './greenlet.js';
import { getHub } from './hub.js';
import type { Timer } from './timer-heap.js';
import { interrupt, withdrawInterrupt } from './wait.js';

/**
 * A deadline for the greenlet that starts it (gevent's `Timeout`): when it expires, the Timeout
 * itself (or the `error` given) is raised in that greenlet at its suspension point, whatever it
 * waits on. Cancel it when the guarded work is done — `using` does that for you.
 *
 * Nested timeouts: the one that fired is the one raised, so `catch (e) { if (e === t) ... }`
 * tells yours apart from an outer one.
 *
 * A Timeout is an {@link Interrupt}: an Error that is cheap to make, with no stack frames of its
 * own (most timeouts are cancelled, never raised).
 *
 * @example
 * ```ts
 * import { Timeout, sleep, spawn } from '@tendril/hub';
 * spawn(function* () {
 *   const t = Timeout.startNew(50);
 *   try { yield* sleep(1000); }
 *   catch (e) { if (e !== t) throw e; console.log('gave up after 50 ms'); }
 *   finally { t.cancel(); }
 * });
 * ```
 */
export class Timeout extends Interrupt {
  static override readonly marker: symbol = Symbol.for('tendril.error.Timeout');
  override readonly name: string = 'Timeout';
  private timer: Timer | null = null;
  private owner: Greenlet<any> | null = null;

  /**
   * @param ms - Milliseconds from `start()`; `null`/`undefined` never expires.
   * @param error - Raise this instead of the Timeout itself.
   * @throws TypeError when `ms` is negative or not a number.
   */
  constructor(
    readonly ms: number | null = null,
    readonly error?: unknown,
  ) {
    super(ms === null ? 'timeout (never expires)' : `timeout: ${ms} ms elapsed`);
    if (ms !== null && !(typeof ms === 'number' && ms >= 0)) {
      throw new TypeError(`Timeout takes a number of milliseconds >= 0 or null, not ${ms}`);
    }
  }

  /**
   * Create and start a Timeout for the current greenlet.
   *
   * @param ms - Milliseconds until it expires; `null` never expires.
   * @param error - Raise this instead of the Timeout itself.
   * @returns The started Timeout.
   */
  static startNew(ms: number | null, error?: unknown): Timeout {
    return new Timeout(ms, error).start();
  }

  /**
   * Start the countdown for the current greenlet.
   *
   * @returns this.
   * @throws HubError when already pending, or outside a hub greenlet (a pending `await`
   *   cannot be interrupted: use `Promise.race` or an AbortSignal there).
   */
  start(): this {
    if (this.pending) throw new HubError(`${this.message}: this Timeout is already started`);
    const g = getCurrent();
    if (!(g instanceof Greenlet)) {
      throw new HubError(
        'Timeout.start() needs a greenlet spawned by the hub; in plain code use ' +
          'AbortSignal.timeout(ms) or Promise.race',
      );
    }
    this.owner = g;
    if (this.ms !== null) this.timer = getHub().timers.add(this.ms, Timeout.expire, this);
    return this;
  }

  /** Its timer's callback: raise it in the greenlet that started it. */
  private static expire(timeout: Timeout): void {
    timeout.timer = null;
    interrupt(timeout.owner as Greenlet<any>, timeout.error ?? timeout);
  }

  /** Whether it is started and has neither expired nor been cancelled. */
  get pending(): boolean {
    return this.timer !== null;
  }

  /**
   * Stop the countdown; harmless when it is not pending. A Timeout that expired while its
   * greenlet was already being woken with another interrupt is withdrawn, not raised later.
   */
  cancel(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.owner !== null) withdrawInterrupt(this.owner, this.error ?? this);
    this.owner = null;
  }

  /** `using t = Timeout.startNew(ms)` cancels it at the end of the block. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
