import { getCurrent, type Suspend } from '@tendril/greenlet';
import { formatRunInfo, Greenlet } from '@tendril/hub';
import { type TestContext, it as vitestIt } from 'vitest';
import { TestFailure } from './errors/test-failure.js';
import { captureHubErrors, describeReported, type ReportedError } from './expect-error.js';
import { startLeakCheck } from './leak-check.js';
import { settle } from './settle.js';
import { whenDead } from './when-dead.js';

/** A green test's body: a generator function, run as a hub greenlet; it gets vitest's context. */
export type GreenTestBody = (context: TestContext) => Generator<Suspend, unknown, unknown>;

/** Options of a green test; a number is the deadline. */
export interface GreenOptions {
  /** Real milliseconds the body may take before it is killed (default: see setDefaultDeadline). */
  deadline?: number;
  /** Fail the test when it leaves greenlets, timers or resources behind (default `true`). */
  leakCheck?: boolean;
}

/**
 * Real time kept between the deadline and vitest's own timeout: killing the body, waiting for
 * its `finally` blocks and closing leftovers must fit in it, so that the failure vitest shows
 * is ours, with the run-info tree, and not a bare "Test timed out".
 */
const GRACE = 1000;
/** How long a killed body may take to die before the test fails without it. */
const KILL_WITHIN = 250;

let defaultDeadline = 5000;

/**
 * Set the deadline of green tests that do not set their own.
 *
 * @param ms - Real milliseconds (5000 to start with).
 * @returns The previous default.
 * @throws TypeError when `ms` is not a positive number.
 * @example
 * ```ts
 * import { setDefaultDeadline } from '@tendril/testing';
 * setDefaultDeadline(10_000); // in a setup file, or at the top of a test file
 * ```
 */
export function setDefaultDeadline(ms: number): number {
  if (!(typeof ms === 'number' && ms > 0)) {
    throw new TypeError(`setDefaultDeadline() takes milliseconds > 0, not ${String(ms)}`);
  }
  const previous = defaultDeadline;
  defaultDeadline = ms;
  return previous;
}

/**
 * Turn a generator function into a vitest test function that runs it as a hub greenlet: the
 * body can `yield*` anything (sleep, join, until, Timeout...). The test fails when the body
 * throws; when it misses its deadline (it is killed, its `finally` blocks run, and the failure
 * shows the run-info tree of what was still waiting); when the hub reports an error nobody
 * expected (the body is killed with it: wrap expected ones in `expectOneError`); and, unless
 * `leakCheck: false`, when it leaves greenlets or timers behind.
 *
 * With vitest's own `it`, the deadline is kept `GRACE` (1 s) below vitest's timeout; the `it`
 * of this package sets vitest's timeout from the deadline instead. Green tests share the one
 * hub: do not run them with `concurrent`.
 *
 * @param body - The test, as a generator function; it receives vitest's test context.
 * @param options - `deadline` (real ms) or `{ deadline, leakCheck }`.
 * @returns An async function for vitest's `it`, `beforeEach` and the like.
 * @example
 * ```ts
 * import { sleep } from '@tendril/hub';
 * import { green } from '@tendril/testing';
 * import { expect, it } from 'vitest';
 * it('sleeps', green(function* () {
 *   expect(yield* sleep(10, 'rested')).toBe('rested');
 * }));
 * ```
 */
export function green(
  body: GreenTestBody,
  options: number | GreenOptions = {},
): (context?: TestContext) => Promise<void> {
  const { deadline, leakCheck = true } =
    typeof options === 'number' ? { deadline: options } : options;
  return (context) => runGreen(body, context, deadline ?? defaultDeadline, leakCheck);
}

/** vitest's `it`, for green tests: see {@link it}. */
export interface GreenTestApi {
  (name: string, body: GreenTestBody, options?: number | GreenOptions): void;
  /** Run only this test (and other `only` ones) in the file. */
  only(name: string, body: GreenTestBody, options?: number | GreenOptions): void;
  /** Declare the test but do not run it. */
  skip(name: string, body: GreenTestBody, options?: number | GreenOptions): void;
}

type Register = (
  name: string,
  fn: (context: TestContext) => Promise<void>,
  timeout: number,
) => void;

function declareWith(register: Register): GreenTestApi['only'] {
  return (name, body, options = {}) => {
    const deadline = (typeof options === 'number' ? options : options.deadline) ?? defaultDeadline;
    register(name, green(body, options), deadline + GRACE);
  };
}

/**
 * Declare a green test (`@effectionx/vitest`'s style): `it(name, function* () { ... })`. The
 * body runs as a hub greenlet with a deadline, as {@link green} describes, and vitest's timeout
 * is set just above the deadline. Import `describe`, `expect` and the hooks from vitest.
 *
 * @example
 * ```ts
 * import { sleep, spawn } from '@tendril/hub';
 * import { it } from '@tendril/testing';
 * import { expect } from 'vitest';
 * it('joins a worker', function* () {
 *   const worker = spawn(function* () { yield* sleep(5); return 42; });
 *   expect(yield* worker).toBe(42);
 * }, { deadline: 1000 });
 * ```
 */
export const it: GreenTestApi = Object.assign(declareWith(vitestIt), {
  only: declareWith(vitestIt.only),
  skip: declareWith(vitestIt.skip),
});

/** The same as {@link it}. */
export const test: GreenTestApi = it;

async function runGreen(
  body: GreenTestBody,
  context: TestContext | undefined,
  requested: number,
  leakCheck: boolean,
): Promise<void> {
  const leaks = leakCheck ? startLeakCheck() : undefined;
  const g = new Greenlet(body, context as TestContext);
  g.name = context?.task.name ?? (body.name || 'green test');
  const capture = captureHubErrors((reported) => {
    if (!g.ready() && g !== getCurrent()) g.kill(unexpected([reported]), { block: false });
  });
  let failure: { error: unknown } | undefined;
  try {
    const missed = await runWithDeadline(g.start(), deadlineFor(requested, context), context);
    await settle();
    if (missed !== undefined) failure = { error: missed };
    else if (!g.successful()) failure = { error: g.exception };
    else if (capture.errors.length > 0) failure = { error: unexpected(capture.errors) };
  } finally {
    capture.stop();
  }
  try {
    await leaks?.finish();
  } catch (error) {
    failure ??= { error };
  }
  if (failure !== undefined) throw failure.error;
}

/** Resolve once `g` has finished, or with the failure after it was killed at its deadline. */
function runWithDeadline(
  g: Greenlet<unknown>,
  ms: number,
  context: TestContext | undefined,
): Promise<TestFailure | undefined> {
  return new Promise((resolve) => {
    let missed: TestFailure | undefined;
    const expire = (why: string): void => {
      if (missed !== undefined || g.ready()) return;
      clearTimeout(timer);
      const failure = new TestFailure(
        `${why}; it was killed. What was still running:\n${formatRunInfo()}`,
      );
      missed = failure;
      g.kill(failure, { block: false });
      void whenDead(g, KILL_WITHIN).then((died) => {
        resolve(
          died
            ? failure
            : new TestFailure(
                `${failure.message}\nIt was still running ${KILL_WITHIN} ms after the kill: ` +
                  'does it catch errors and go on waiting?',
              ),
        );
      });
    };
    const timer = setTimeout(() => {
      expire(
        `green test "${g.name}" did not finish within its ${ms} ms deadline (raise it with ` +
          'the deadline option or setDefaultDeadline(), or find what it waits on below)',
      );
    }, ms);
    const onAbort = (): void => expire(`vitest aborted green test "${g.name}"`);
    context?.signal.addEventListener('abort', onAbort, { once: true });
    g.link(() => {
      context?.signal.removeEventListener('abort', onAbort);
      if (missed !== undefined) return;
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

/** The deadline, kept {@link GRACE} below vitest's timeout for this test when it has one. */
function deadlineFor(requested: number, context: TestContext | undefined): number {
  const timeout = context?.task.timeout ?? 0;
  if (!(timeout > 0 && Number.isFinite(timeout))) return requested;
  return Math.min(requested, Math.max(timeout / 2, timeout - GRACE));
}

function unexpected(errors: readonly ReportedError[]): TestFailure {
  return new TestFailure(
    `the hub reported ${errors.length === 1 ? 'an error' : `${errors.length} errors`} during ` +
      `the test:\n${errors.map(describeReported).join('\n')}\nIf it is expected, wrap the code ` +
      'that causes it in expectOneError(Kind, function* () { ... })',
    { cause: errors[0]?.error },
  );
}
