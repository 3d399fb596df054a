/**
 * A held acquisition of a lock or semaphore, from `hold()`: `using permit = yield* lock.hold()`
 * releases it at the end of the block, however the block ends. `release()` releases it early;
 * releasing (or disposing) it again does nothing.
 *
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * import { Lock } from '@tendril/io';
 * const lock = new Lock();
 * spawn(function* () {
 *   using permit = yield* lock.hold();
 *   console.log(lock.locked()); // true
 * }); // unlocked again here
 * ```
 */
export class Permit implements Disposable {
  private held = true;

  /** @internal Use `hold()` of a lock or semaphore. */
  constructor(private readonly lock: { release(): void }) {}

  /** Whether it is still held. */
  get active(): boolean {
    return this.held;
  }

  /** Release it now; later calls (and the disposal at the end of `using`) do nothing. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.lock.release();
  }

  /** `using permit = ...` releases it at the end of the block. */
  [Symbol.dispose](): void {
    this.release();
  }
}
