import type { Suspend } from '@tendril/greenlet';
import { type ErrorHandler, HubError, setErrorHandler, sleep, spawn } from '@tendril/hub';
import { afterEach, describe, expect, it as plainIt } from 'vitest';
import { captureHubErrors, expectOneError, it, TestFailure } from './index.js';

function crash(error: Error) {
  return spawn(function* crasher() {
    throw error;
  });
}

describe('expectOneError', () => {
  let restore: ErrorHandler | undefined;
  afterEach(() => {
    if (restore !== undefined) setErrorHandler(restore);
    restore = undefined;
  });

  it('passes with exactly one error of the kind, and returns it', function* () {
    const error = yield* expectOneError(TypeError, function* () {
      crash(new TypeError('bad type'));
    });
    expect(error.message).toBe('bad type');
  });

  it('fails when no error was reported', function* () {
    const failure = yield* caught(expectOneError(Error, function* () {}));
    expect(TestFailure.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toBe(
      'expected the hub to report exactly one Error, but none was reported',
    );
  });

  it('fails when two errors were reported', function* () {
    const failure = yield* caught(
      expectOneError(Error, function* () {
        crash(new Error('one'));
        crash(new Error('two'));
        yield* sleep(0);
      }),
    );
    expect((failure as Error).message).toMatch(
      /but 2 were reported:\n {2}Error: one .*\n {2}Error: two/,
    );
  });

  it('fails when the one error is of another kind', function* () {
    const failure = yield* caught(
      expectOneError(TypeError, function* () {
        crash(new RangeError('out of range'));
      }),
    );
    expect((failure as Error).message).toContain(
      'exactly one TypeError, but it reported:\n  RangeError: out of range (from Greenlet "crasher"',
    );
    expect((failure as Error).cause).toBeInstanceOf(RangeError);
  });

  plainIt('works from plain code, matches Tendril errors by isInstance', async () => {
    const error = await expectOneError(HubError, function* () {
      crash(new HubError('misuse'));
    });
    expect(error.message).toBe('misuse');
  });

  plainIt('restores the previous error handler', async () => {
    const seen: unknown[] = [];
    restore = setErrorHandler((error) => seen.push(error));
    await expectOneError(Error, function* () {
      crash(new Error('expected'));
    });
    const late = new Error('after');
    crash(late);
    await sleep(0);
    expect(seen).toEqual([late]);
  });

  plainIt('captureHubErrors collects until disposed', async () => {
    const seen: unknown[] = [];
    restore = setErrorHandler((error) => seen.push(error));
    const first = new Error('captured');
    {
      using capture = captureHubErrors();
      crash(first);
      await sleep(0);
      expect(capture.errors).toMatchObject([{ error: first }]);
      expect(String(capture.errors[0]?.greenlet)).toBe('Greenlet "crasher" (failed)');
    }
    expect(seen).toEqual([]);
  });
});

/** What `op` throws, inside a greenlet. */
function* caught(op: Iterable<Suspend, unknown, unknown>): Generator<Suspend, unknown, unknown> {
  try {
    yield* op;
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}
