import { Greenlet, getMain } from './greenlet.js';
import { ACTIVE } from './trampoline.js';

/**
 * A greenlet whose body is a plain function instead of a generator: a scheduler, such as
 * `@tendril/hub`'s hub. Every time control is transferred into it, the trampoline calls
 * `dispatch` with what was sent, and `dispatch` passes control on by calling `switch()` or
 * `throw()` on another greenlet (the main greenlet to give control back to plain code), ignoring
 * what that returns. It is never suspended in between, so entering it costs a function call,
 * not a generator resume. It is active from its creation and its parent is the main greenlet.
 *
 * @example
 * ```ts
 * import { Dispatcher, Greenlet, getCurrent, getMain } from '@tendril/greenlet';
 * // a round-robin scheduler: greenlets switch to it to let the next one run
 * class RoundRobin extends Dispatcher {
 *   queue: Greenlet[] = [];
 *   dispatch(): void {
 *     (this.queue.shift() ?? getMain()).switch();
 *   }
 * }
 * const rr = new RoundRobin();
 * const worker = (name: string) => new Greenlet(function* () {
 *   for (let i = 0; i < 2; i++) {
 *     console.log(name, i);
 *     rr.queue.push(getCurrent());
 *     yield* rr.switch();
 *   }
 * }, rr);
 * rr.queue.push(worker('a'), worker('b'));
 * rr.switch(); // a 0, b 0, a 1, b 1
 * ```
 */
export abstract class Dispatcher extends Greenlet {
  constructor() {
    super(null, getMain());
    this._gen = ACTIVE;
  }

  /**
   * Called each time control is transferred into the dispatcher; it must end by switching to
   * (or throwing into) another greenlet. An error it throws goes to the main greenlet.
   *
   * @param value - What was sent (the packed switch arguments, or the error of a throw).
   * @param isThrow - Whether it came by `throw()` (or as an error from a finished greenlet).
   */
  abstract dispatch(value: unknown, isThrow: boolean): void;
}

Object.defineProperty(Dispatcher.prototype, '_dispatches', { value: true });
