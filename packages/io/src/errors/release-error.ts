import { TendrilError } from '@tendril/greenlet';

/**
 * A release without a matching acquire: a {@link BoundedSemaphore} released above its initial
 * value, a {@link Lock} released while unlocked, an {@link RLock} released by a greenlet that
 * does not hold it. The message names the primitive and what to do instead.
 *
 * @example
 * ```ts
 * import { Lock, ReleaseError } from '@tendril/io';
 * try { new Lock().release(); }
 * catch (e) { console.log(ReleaseError.isInstance(e)); } // true
 * ```
 */
export class ReleaseError extends TendrilError {
  static override readonly marker: symbol = Symbol.for('tendril.error.ReleaseError');
  override readonly name: string = 'ReleaseError';
}
