import type { Greenlet as CoreGreenlet, Suspend } from '@tendril/greenlet';
import { Blocking, type ErrorHandler, setErrorHandler } from '@tendril/hub';
import { TestFailure } from './errors/test-failure.js';
import { settleHub } from './settle.js';

/** An error the hub reported (see `setErrorHandler`), and the greenlet it came from. */
export interface ReportedError {
  readonly error: unknown;
  readonly greenlet: CoreGreenlet | undefined;
}

/** An error class to match, `instanceof`-style (a Tendril error class matches by `isInstance`). */
export type ErrorKind<E> = abstract new (...args: never[]) => E;

/**
 * Collects the errors the hub reports (errors of greenlets nobody joins or links, errors thrown
 * by links) instead of printing them, until stopped; then the previous handler is back.
 * Captures nest: the newest one gets the errors.
 *
 * @example
 * ```ts
 * import { spawn, sleep } from '@tendril/hub';
 * import { captureHubErrors } from '@tendril/testing';
 * using capture = captureHubErrors();
 * spawn(function* crasher() { throw new Error('boom'); });
 * await sleep(0);
 * console.log(capture.errors.length); // 1
 * ```
 */
export class HubErrorCapture implements Disposable {
  /** What was reported, in order. */
  readonly errors: ReportedError[] = [];
  private readonly previous: ErrorHandler;
  private active = true;

  /** @internal Use {@link captureHubErrors}. */
  constructor(onError?: (reported: ReportedError) => void) {
    this.previous = setErrorHandler((error, greenlet) => {
      const reported = { error, greenlet };
      this.errors.push(reported);
      onError?.(reported);
    });
  }

  /** Put the previous error handler back; stopping twice is harmless. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    setErrorHandler(this.previous);
  }

  /** `using capture = captureHubErrors()` stops it at the end of the block. */
  [Symbol.dispose](): void {
    this.stop();
  }
}

/**
 * Start collecting the errors the hub reports (see {@link HubErrorCapture}).
 *
 * @param onError - Also called with each error as it is reported.
 * @returns The capture; stop it (or `using` it) to restore the previous handler.
 * @example
 * ```ts
 * const capture = captureHubErrors();
 * try { await runTheCodeUnderTest(); } finally { capture.stop(); }
 * expect(capture.errors).toEqual([]);
 * ```
 */
export function captureHubErrors(onError?: (reported: ReportedError) => void): HubErrorCapture {
  return new HubErrorCapture(onError);
}

/**
 * Run `body` and assert that the hub reported exactly one error, of `kind`, meanwhile (gevent's
 * `expect_one_error` + `assert_error`). After the body returns, greenlets already ready get to
 * run (a spawned crasher crashes) before the errors are counted. Errors reported meanwhile do
 * not reach the previous handler, so they neither print nor fail a green test.
 *
 * @param kind - The error class expected (`Error` accepts any error).
 * @param body - A generator function: the code that should make the hub report the error.
 * @returns The error: `yield* expectOneError(...)` in a greenlet, `await` in plain code.
 * @throws TestFailure when no error, several, or one of another kind was reported.
 * @example
 * ```ts
 * import { spawn } from '@tendril/hub';
 * import { expectOneError } from '@tendril/testing';
 * const error = await expectOneError(RangeError, function* () {
 *   spawn(function* crasher() { throw new RangeError('too far'); });
 * });
 * console.log(error.message); // too far
 * ```
 */
export function expectOneError<E>(
  kind: ErrorKind<E>,
  body: () => Generator<Suspend, unknown, unknown>,
): Blocking<E> {
  return new Blocking(function* expectingOneError() {
    const capture = captureHubErrors();
    try {
      yield* body();
      yield* settleHub();
    } finally {
      capture.stop();
    }
    const [first, ...more] = capture.errors;
    if (first !== undefined && more.length === 0 && isKind(first.error, kind)) {
      return first.error as E;
    }
    const found =
      capture.errors.length === 0
        ? 'none was reported'
        : `${capture.errors.length === 1 ? 'it reported' : `${capture.errors.length} were reported`}:\n` +
          capture.errors.map(describeReported).join('\n');
    throw new TestFailure(`expected the hub to report exactly one ${kind.name}, but ${found}`, {
      cause: first?.error,
    });
  });
}

function isKind<E>(error: unknown, kind: ErrorKind<E>): boolean {
  const isInstance = (kind as { isInstance?: (e: unknown) => boolean }).isInstance;
  return typeof isInstance === 'function' ? isInstance.call(kind, error) : error instanceof kind;
}

/** @internal `  Error: boom (from Greenlet "crasher" (failed))`, for failure messages. */
export function describeReported({ error, greenlet }: ReportedError): string {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `  ${what} (from ${greenlet === undefined ? 'the hub' : String(greenlet)})`;
}
