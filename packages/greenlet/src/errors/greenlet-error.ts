import { TendrilError } from './tendril-error.js';

/**
 * Misuse of the greenlet API: switching to a greenlet with no `run`, a forgotten `yield*`,
 * `yield` instead of `yield*`, a cyclic parent chain, a switch from a trace function.
 * The message says what went wrong and what to write instead.
 *
 * @example
 * ```ts
 * import { Greenlet, GreenletError } from '@tendril/greenlet';
 * try { new Greenlet().switch(); }
 * catch (e) { console.log(GreenletError.isInstance(e)); } // true: it has no run
 * ```
 */
export class GreenletError extends TendrilError {
  static override readonly marker: symbol = Symbol.for('tendril.error.GreenletError');
  override readonly name: string = 'GreenletError';
}
