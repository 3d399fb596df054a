import { TendrilError } from '@tendril/greenlet';

/**
 * A check of `@tendril/testing` failed: a green test missed its deadline, the hub reported an
 * error nobody expected, a test left greenlets or timers behind, or `expectOneError` saw the
 * wrong errors. The message says what was found and how to fix the test.
 *
 * @example
 * ```ts
 * import { TestFailure, expectOneError } from '@tendril/testing';
 * try { await expectOneError(TypeError, function* () {}); }
 * catch (e) { console.log(TestFailure.isInstance(e)); } // true: no error was reported
 * ```
 */
export class TestFailure extends TendrilError {
  static override readonly marker: symbol = Symbol.for('tendril.error.TestFailure');
  override readonly name: string = 'TestFailure';
}
