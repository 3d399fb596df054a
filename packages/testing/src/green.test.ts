import { getHub, sleep, spawn, until } from '@tendril/hub';
import { describe, expect, it as plainIt, type TestContext } from 'vitest';
import { green, it, setDefaultDeadline, TestFailure } from './index.js';

/** A stand-in for vitest's context, to run `green()` directly with a given timeout. */
function fakeContext(name: string, timeout: number, signal = new AbortController().signal) {
  return { task: { name, timeout }, signal } as unknown as TestContext;
}

describe('green tests', () => {
  it('run the body as a greenlet that can yield* anything', function* () {
    const worker = spawn(function* worker() {
      yield* sleep(1);
      return 21;
    });
    expect((yield* worker) * 2).toBe(42);
    expect(yield* until(Promise.resolve('settled'))).toBe('settled');
  });

  it('receive vitest context and a name for run-info', function* (context) {
    expect(context.task.name).toBe('receive vitest context and a name for run-info');
    expect(String(getHub())).toBe('Hub');
  });

  plainIt(
    'green() works with vitest it',
    green(function* () {
      expect(yield* sleep(0, 'slept')).toBe('slept');
    }),
  );

  plainIt('a body that throws fails with its error', async () => {
    const run = green(function* () {
      yield* sleep(0);
      throw new Error('assertion failed');
    });
    await expect(run()).rejects.toThrow('assertion failed');
  });

  plainIt('a hanging test fails at its deadline with the tree; its finally ran', async () => {
    const log: string[] = [];
    let child: ReturnType<typeof spawn> | undefined;
    const run = green(
      function* hangs() {
        child = spawn(function* helper() {
          yield* until(new Promise(() => {}));
        });
        try {
          yield* child;
        } finally {
          log.push('finally');
        }
      },
      { deadline: 30 },
    );
    const failure = await run().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(TestFailure.isInstance(failure)).toBe(true);
    const message = (failure as Error).message;
    expect(message).toContain('did not finish within its 30 ms deadline');
    expect(message).toMatch(/#\d+ "hangs" \(waiting on get\(helper\)\)/);
    expect(message).toMatch(/└─ #\d+ "helper" \(waiting on until\(promise\)\)/);
    expect(log).toEqual(['finally']);
    expect(child?.dead).toBe(true); // the leftover was killed too
  });

  plainIt('a body that swallows the kill still fails at its deadline', async () => {
    const run = green(
      function* stubborn() {
        try {
          yield* sleep(10_000);
        } catch {
          return 'pretends to pass';
        }
      },
      { deadline: 20 },
    );
    await expect(run()).rejects.toThrow('did not finish within its 20 ms deadline');
  });

  plainIt("the deadline stays below vitest's timeout", async () => {
    const run = green(function* () {
      yield* sleep(10_000);
    });
    await expect(run(fakeContext('slow', 100))).rejects.toThrow('within its 50 ms deadline');
  });

  plainIt("vitest's abort signal kills the body", async () => {
    const controller = new AbortController();
    const run = green(function* () {
      yield* sleep(10_000);
    });
    const failing = run(fakeContext('aborted', 60_000, controller.signal));
    await sleep(1);
    controller.abort();
    await expect(failing).rejects.toThrow('vitest aborted green test "aborted"');
  });

  plainIt('an error reported by the hub fails the test at once', async () => {
    const log: string[] = [];
    const run = green(function* () {
      spawn(function* crasher() {
        throw new RangeError('lost error');
      });
      try {
        yield* sleep(10_000);
      } finally {
        log.push('killed');
      }
    });
    const failure = await run().then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toMatch(/the hub reported an error during the test/);
    expect(failure?.message).toContain('RangeError: lost error (from Greenlet "crasher"');
    expect(failure?.cause).toBeInstanceOf(RangeError);
    expect(log).toEqual(['killed']);
  });

  plainIt('setDefaultDeadline sets the deadline of tests without one', async () => {
    const previous = setDefaultDeadline(25);
    try {
      expect(previous).toBe(5000);
      const run = green(function* () {
        yield* sleep(10_000);
      });
      await expect(run()).rejects.toThrow('within its 25 ms deadline');
    } finally {
      setDefaultDeadline(previous);
    }
    expect(() => setDefaultDeadline(0)).toThrow(TypeError);
  });

  it('take the deadline as a number', function* () {
    yield* sleep(1);
  }, 1000);
});
