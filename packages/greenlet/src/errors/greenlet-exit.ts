import { Interrupt } from './interrupt.js';

/**
 * The error that asks a greenlet to finish: `throw()` sends one by default, and a greenlet that
 * dies of it has finished successfully — its parent receives the error object as a *value*,
 * not as a thrown error.
 *
 * @example
 * ```ts
 * import { Greenlet, GreenletExit, getCurrent } from '@tendril/greenlet';
 * const g = new Greenlet(function* () {
 *   try { yield* getCurrent().parent!.switch(); }
 *   finally { console.log('cleaned up'); }
 * });
 * g.switch();
 * const result = g.throw().value; // prints "cleaned up"
 * console.log(GreenletExit.isInstance(result), g.dead); // true true
 * ```
 */
export class GreenletExit extends Interrupt {
  static override readonly marker: symbol = Symbol.for('tendril.error.GreenletExit');
  override readonly name: string = 'GreenletExit';

  /** @param message - Why the greenlet is being asked to exit. */
  constructor(message = 'the greenlet was asked to exit', options?: ErrorOptions) {
    super(message, options);
  }
}
