import { TendrilError } from '@tendril/greenlet';

/**
 * Misuse of the hub: blocking in plain code (use `await`) or in a greenlet the hub did not
 * spawn, starting a greenlet twice, and the like. The message says what to do instead.
 *
 * @example
 * ```ts
 * import { HubError, sleep } from '@tendril/hub';
 * try { sleep(10)[Symbol.iterator]().next(); }
 * catch (e) { console.log(HubError.isInstance(e)); } // true: plain code must await
 * ```
 */
export class HubError extends TendrilError {
  static override readonly marker: symbol = Symbol.for('tendril.error.HubError');
  override readonly name: string = 'HubError';
}
