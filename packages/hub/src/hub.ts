import { cancelPendingSwitch, Dispatcher, getCurrent, getMain } from '@tendril/greenlet';
import { watchForBlockedForever } from './block-forever.js';
import { type Clock, realClock } from './clock.js';
import { HubError } from './errors/hub-error.js';
import type { Greenlet } from './greenlet.js';
import { RingQueue } from './ready-queue.js';
import { reportBlocking, reportError } from './report.js';
import { TimerHeap } from './timer-heap.js';
import { RETURNED } from './wait-state.js';

/**
 * What the ready queue holds: a greenlet to resume (or, once finished, whose links to fire), or
 * a plain callback to call.
 */
type Ready = Greenlet<any> | (() => void);

/** Greenlets resumed between two looks at the clock (gevent's hub looks every 50 callbacks). */
const RESUMES_PER_CLOCK_READ = 16;

/**
 * The hub: the greenlet that bridges greenlets to Node's event loop (gevent's hub). One per
 * thread, from {@link getHub}.
 *
 * A greenlet that must wait registers a wake-up (a timer, an I/O or promise callback, another
 * greenlet's death) and switches to the hub. The hub resumes ready greenlets in FIFO order
 * inside one trampoline run; when none is ready it returns control to Node's event loop, and
 * Node callbacks that wake greenlets re-enter it. A wake-up that happens while a greenlet runs
 * is only queued. After `switchInterval` ms of running greenlets the hub lets Node poll timers
 * and I/O before it goes on, so a greenlet looping on `sleep(0)` cannot starve them.
 *
 * The hub is a {@link Dispatcher}: switching to it calls its `dispatch`, which switches on to
 * the next ready greenlet, so a wait and its resume cost one generator resume, not two. It
 * reads the clock when it is entered, after the first greenlet it resumes, and then every 16
 * resumes (a read costs about as much as a switch): the switch interval and blocking detection
 * work at that grain.
 *
 * @example
 * ```ts
 * import { getHub, sleep, spawn } from '@tendril/hub';
 * spawn(function* () { yield* sleep(10); console.log('woke'); });
 * console.log(getHub().timers.size); // 0: the greenlet has not run yet
 * ```
 */
export class Hub extends Dispatcher {
  /** All of this hub's timers, on one Node timer. */
  readonly timers: TimerHeap;
  /** How long (ms of real time) the hub runs greenlets before it lets Node poll. */
  switchInterval = 5;
  /** A greenlet that runs this long (ms) without switching is reported as blocking. */
  blockingThreshold = 100;
  /** @internal */ readonly ready = new RingQueue<Ready>();
  private entryScheduled = false;
  private immediateScheduled = false;
  /** Whether a run (from an entry until control goes back to Node) is under way. */
  private running = false;
  /** When the current run must let Node poll. */
  private deadline = 0;
  /** The last read of the clock. */
  private lastClockRead = 0;
  /** Greenlets resumed since that read: the suspects if it was too long ago. */
  private readonly resumed: (Greenlet<any> | undefined)[] = new Array(RESUMES_PER_CLOCK_READ);
  private resumedCount = 0;
  /** Resumes between looks at the clock: 1 once the hub has been blocked (exact reports). */
  private resumesPerClockRead = RESUMES_PER_CLOCK_READ;
  /** How many resumes to run before the next read of the clock. */
  private resumesUntilClockRead = 1;

  /** @internal Use {@link getHub}. */
  constructor() {
    super();
    this.timers = new TimerHeap(realClock, this.enter);
  }

  /** The clock the hub reads time from. */
  get clock(): Clock {
    return this.timers.clock;
  }

  /**
   * Swap the clock (virtual time for tests); pending timers keep their deadlines.
   *
   * @param clock - The new clock.
   */
  setClock(clock: Clock): void {
    this.timers.setClock(clock);
  }

  /** How many greenlets and callbacks wait in the ready queue. */
  get readyCount(): number {
    return this.ready.length;
  }

  /**
   * @internal Queue a greenlet to resume (its wake-up is stored on it), or a callback.
   */
  schedule(item: Ready): void {
    this.ready.push(item);
    if (getCurrent().isMain && !this.entryScheduled) {
      this.entryScheduled = true;
      queueMicrotask(this.enter);
    }
  }

  /**
   * Call `callback` from the hub soon, after what is already ready (gevent's `run_callback`).
   * It runs as plain code in the hub and must not block; an error it throws is reported.
   *
   * @param callback - The function to call.
   */
  callSoon(callback: () => void): void {
    this.schedule(callback);
  }

  /**
   * Run what is ready now, if called from plain code (Node callbacks use it); inside a
   * greenlet the hub will get to it anyway.
   */
  readonly enter = (): void => {
    this.entryScheduled = false;
    if (this.ready.length > 0 && getCurrent().isMain) this.switch();
  };

  /**
   * @internal The hub's loop, entered by every switch to the hub: run ready callbacks and link
   * firings, then switch to the next ready greenlet; when none is left, or the run's time is
   * up, give control back to Node.
   */
  override dispatch(value: unknown, isThrow: boolean): void {
    if (isThrow) reportError(value, undefined);
    if (!this.running) this.beginRun();
    const ready = this.ready;
    for (;;) {
      // The clock every few resumes, and at the end of the run (the last greenlets may have
      // blocked): one call site, so that the end of a run meets no code V8 has not seen.
      if (this.resumedCount >= this.resumesUntilClockRead || ready.length === 0) {
        if (this.lookAtClock()) {
          this.letNodePoll();
          break;
        }
        if (ready.length === 0) break;
      }
      const item = ready.shift() as Ready;
      if (typeof item === 'function') {
        this.runCallback(item);
      } else if (item._phase >= RETURNED) {
        item._fireLinks(); // a finished greenlet is queued to fire its links
        checkNoSwitch('a link');
      } else {
        // Not finished, so alive: a hub greenlet has ended from the moment it dies.
        this.resumed[this.resumedCount++] = item;
        item._resume();
        return;
      }
    }
    this.running = false;
    this.timers.runTime = Number.NaN;
    getMain().switch();
  }

  private beginRun(): void {
    this.running = true;
    this.resumedCount = 0;
    // The first greenlet of a run is timed alone: it is often the one with work to do.
    this.resumesUntilClockRead = 1;
    this.noteClockRead(performance.now());
    this.deadline = this.lastClockRead + this.switchInterval;
  }

  /** Keep a clock read: the run's time for blocking detection, and for timers started now. */
  private noteClockRead(now: number): void {
    this.lastClockRead = now;
    if (this.timers.clock === realClock) this.timers.runTime = now;
  }

  private runCallback(callback: () => void): void {
    this.lookAtClock();
    try {
      callback();
    } catch (error) {
      reportError(error, undefined);
    }
    checkNoSwitch('a hub callback');
    this.noteClockRead(performance.now()); // a slow callback is not a greenlet's fault
  }

  /**
   * Read the clock; report the greenlets resumed since the last read if that took longer than
   * `blockingThreshold`. After a report that could not tell which greenlet blocked, the hub
   * reads it after every resume, until a report names the culprit.
   *
   * @returns Whether the run's time is up while greenlets are still ready.
   */
  private lookAtClock(): boolean {
    const now = performance.now();
    const elapsed = now - this.lastClockRead;
    this.noteClockRead(now);
    if (elapsed >= this.blockingThreshold && this.resumedCount > 0) {
      const suspects = [...new Set(this.resumed.slice(0, this.resumedCount) as Greenlet<any>[])];
      const culprit = suspects.length === 1 ? suspects[0] : undefined;
      reportBlocking(culprit, elapsed, suspects);
      this.resumesPerClockRead = culprit === undefined ? 1 : RESUMES_PER_CLOCK_READ;
    }
    for (let i = 0; i < this.resumedCount; i++) this.resumed[i] = undefined;
    this.resumedCount = 0;
    this.resumesUntilClockRead = this.resumesPerClockRead;
    return now >= this.deadline && this.ready.length > 0;
  }

  /** Re-enter the hub after Node's event loop has polled timers and I/O. */
  private letNodePoll(): void {
    if (this.immediateScheduled) return;
    this.immediateScheduled = true;
    setImmediate(() => {
      this.immediateScheduled = false;
      this.enter();
    });
  }

  override toString(): string {
    return 'Hub';
  }
}

/** Report a switch made by plain code that the hub called (it is cancelled: it cannot happen). */
function checkNoSwitch(what: string): void {
  if (cancelPendingSwitch()) {
    reportError(
      new HubError(
        `${what} called switch() or throw(): links and hub callbacks run as plain code in the ` +
          'hub and cannot switch; wake a greenlet with wake() or spawn() one instead',
      ),
      undefined,
    );
  }
}

let hub: Hub | undefined;

/**
 * The hub of this thread, created on first use.
 *
 * @returns The hub.
 * @example
 * ```ts
 * import { getHub } from '@tendril/hub';
 * console.log(getHub() === getHub()); // true
 * ```
 */
export function getHub(): Hub {
  if (hub === undefined) {
    hub = new Hub();
    watchForBlockedForever(hub);
  }
  return hub;
}
