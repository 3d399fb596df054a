import { type Greenlet, getCurrent } from '@tendril/greenlet';
import { ReleaseError } from './errors/release-error.js';
import { BoundedSemaphore, Semaphore } from './semaphore.js';

/**
 * A mutex: a {@link BoundedSemaphore} with one permit. Any greenlet may release it (it has no
 * owner; see {@link RLock} for one that has); releasing it while unlocked raises a
 * {@link ReleaseError}. Fair, linkable and scoped like every semaphore: `withLock`, `hold`.
 *
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * import { Lock } from '@tendril/io';
 * const lock = new Lock();
 * let balance = 0;
 * const deposit = (n: number) => spawn(function* () {
 *   yield* lock.withLock(function* () { balance += n; });
 * });
 * ```
 */
export class Lock extends BoundedSemaphore {
  constructor() {
    super(1);
  }

  protected override get kind(): string {
    return 'Lock';
  }

  protected override get state(): string {
    return this.locked() ? 'locked' : 'unlocked';
  }
}

/**
 * A re-entrant mutex (gevent's `RLock`): the greenlet that holds it may acquire it again, and
 * it is free once that greenlet has released it as many times. Only the holder may release it.
 * Fair, linkable and scoped like every semaphore: `withLock`, `hold`.
 *
 * Ownership is per greenlet. In plain async code each `await` runs in a greenlet of its own, so
 * `await rlock.acquire()` is owned by that short-lived greenlet: from plain code use
 * `await rlock.withLock(function* () {...})`, which acquires and releases in one greenlet.
 *
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * import { RLock } from '@tendril/io';
 * const rlock = new RLock();
 * spawn(function* () {
 *   yield* rlock.withLock(function* () {
 *     yield* rlock.withLock(function* () { console.log(rlock.count); }); // 2
 *   });
 * });
 * ```
 */
export class RLock extends Semaphore {
  private holder: Greenlet | null = null;
  private depth = 0;

  constructor() {
    super(1);
  }

  /** The greenlet that holds it, or `null`. */
  get owner(): Greenlet | null {
    return this.holder;
  }

  /** How many times its holder has acquired it without releasing (0 when free). */
  get count(): number {
    return this.depth;
  }

  /**
   * Release one level of the holder's acquisitions; the last one frees it for the next waiter.
   *
   * @throws ReleaseError when the current greenlet does not hold it.
   */
  override release(): void {
    const current = getCurrent();
    if (this.holder !== current) {
      throw new ReleaseError(
        `${current} cannot release ${this}: only the greenlet that acquired an RLock may ` +
          'release it (from plain async code, use withLock(), which acquires and releases in ' +
          'one greenlet)',
      );
    }
    if (--this.depth > 0) return;
    this.holder = null;
    this._releasePermit();
  }

  override _take(): boolean {
    if (this.holder === getCurrent()) {
      this.depth++;
      return true;
    }
    return super._take();
  }

  override _acquired(): void {
    this.holder = getCurrent();
    this.depth = 1;
  }

  protected override get kind(): string {
    return 'RLock';
  }

  protected override get state(): string {
    if (this.holder !== null) return `held ${this.depth}x by ${this.holder}`;
    return this.locked() ? 'locked' : 'unlocked';
  }
}
