import { GreenletExit, type Suspend } from '@tendril/greenlet';
import { sleep, spawn, spawnLater, Timeout, wait, withTimeout } from '@tendril/hub';
import { captureHubErrors } from '@tendril/testing';
import { describe, expect, it } from 'vitest';
import { spawnLogged, underOuterTimeout } from './__fixtures__/support.js';
import { AsyncResult } from './index.js';

class MyError extends Error {
  override name = 'MyError';
}

/** What `body` throws, or 'no error'. */
function* caught(body: () => Iterable<Suspend, unknown, unknown>) {
  try {
    yield* body();
    return 'no error';
  } catch (error) {
    return error;
  }
}

describe('AsyncResult', () => {
  it('get() waits for set(); every waiter gets the value, first to last', async () => {
    const r = new AsyncResult<number>();
    const log: string[] = [];
    const waiters = ['a', 'b'].map((name) =>
      spawn(function* () {
        log.push(`${name} got ${yield* r.get()}`);
      }),
    );
    await sleep(0);
    expect([r.ready(), r.successful(), r.value, r.waiting]).toEqual([false, false, undefined, 2]);
    r.set(0); // a falsy value is a value
    for (const g of waiters) await g;
    expect(log).toEqual(['a got 0', 'b got 0']);
    expect([r.ready(), r.successful(), r.value, await r.get()]).toEqual([true, true, 0, 0]);
    expect(String(r)).toBe('AsyncResult (value, 0 waiting)');
  });

  it('setException(): get() rethrows it, wait() returns undefined (gevent test_set_exc)', async () => {
    const r = new AsyncResult<string>();
    expect(r.exception).toBeUndefined();
    const error = new MyError();
    const getter = spawn(function* () {
      return yield* caught(() => r.get());
    });
    const waiter = spawn(function* () {
      return yield* r.wait();
    });
    await sleep(0);
    r.setException(error);
    expect(await getter).toBe(error);
    expect(await waiter).toBeUndefined();
    expect([r.ready(), r.successful(), r.exception]).toEqual([true, false, error]);
    await expect(r.get()).rejects.toBe(error);
    expect(() => r.getNowait()).toThrow(error);
  });

  it('not ready: get({ block: false }) and getNowait() raise a Timeout at once', async () => {
    const r = new AsyncResult();
    expect(() => r.getNowait()).toThrow(Timeout);
    await expect(r.get({ block: false })).rejects.toBeInstanceOf(Timeout);
    r.set('now');
    expect(r.getNowait()).toBe('now');
  });

  it('get({ timeout }) raises a Timeout; wait({ timeout }) returns undefined', async () => {
    const r = new AsyncResult();
    const start = performance.now();
    await expect(r.get({ timeout: 20 })).rejects.toBeInstanceOf(Timeout);
    expect(performance.now() - start).toBeGreaterThanOrEqual(15);
    expect(await r.wait({ timeout: 10 })).toBeUndefined();
    expect(r.waiting).toBe(0);
  });

  it('wait() returns the value once set', async () => {
    const r = new AsyncResult<string>();
    spawn(function* () {
      r.set('hello');
    });
    expect(await r.wait()).toBe('hello');
  });

  it("an outer Timeout's error surfaces from get() (gevent test_set)", async () => {
    const r = new AsyncResult<string>();
    const timerError = new MyError('interrupted');
    const setter = spawnLater(50, function* () {
      r.set('hello event1');
    });
    const g = spawn(function* () {
      const t = Timeout.startNew(0, timerError);
      try {
        return yield* caught(() => r.get());
      } finally {
        t.cancel();
      }
    });
    expect(await g).toBe(timerError);
    expect(r.waiting).toBe(0);
    await setter.kill();
  });

  it('an outer Timeout surfaces as itself from get({ timeout }) and wait({ timeout })', async () => {
    const r = new AsyncResult();
    for (const op of [() => r.get({ timeout: 1000 }), () => r.wait({ timeout: 1000 })]) {
      const g = underOuterTimeout(10, op);
      expect(await g).toBe('outer timeout');
    }
    expect(r.waiting).toBe(0);
  });

  it('withTimeout(get) gives the timeout value when nobody sets it (gevent test_set_with_timeout)', async () => {
    const r = new AsyncResult();
    const X = Symbol('X');
    const result = withTimeout(
      20,
      function* () {
        return yield* r.get();
      },
      { timeoutValue: X },
    );
    expect(await result).toBe(X);
  });

  it('kill during get(): finally runs, nothing is left waiting', async () => {
    const r = new AsyncResult();
    const log: string[] = [];
    const g = spawnLogged(log, () => r.get());
    await sleep(0);
    expect(r.waiting).toBe(1);
    await g.kill();
    expect([log, r.waiting]).toEqual([['finally'], 0]);
  });

  it('a later set() replaces the outcome', async () => {
    const r = new AsyncResult<number>();
    r.setException(new MyError());
    r.set(2);
    expect([r.successful(), r.exception, await r.get()]).toEqual([true, undefined, 2]);
  });

  it('is linkable: wait([result]) returns it; links are called from the hub once set', async () => {
    const r = new AsyncResult<number>();
    const calls: unknown[] = [];
    r.link((source) => calls.push(source.value));
    spawn(function* () {
      r.set(7);
      expect(calls).toEqual([]);
    });
    expect(await wait([r])).toEqual([r]);
    expect(calls).toEqual([7]);
    expect(() => r.link(undefined as never)).toThrow(TypeError);
    r.unlink(() => {}); // not there: fine
  });
});

describe('AsyncResult as the link target of a greenlet (settleFrom)', () => {
  const X = Symbol('never set');
  const getOr = (r: AsyncResult<unknown>) =>
    withTimeout(
      20,
      function* () {
        return yield* r.get();
      },
      { timeoutValue: X },
    );

  it('takes the value of a greenlet that returned', async () => {
    const g = spawn(function* () {
      return 1;
    });
    const [s1, s2, s3] = [new AsyncResult(), new AsyncResult(), new AsyncResult()];
    g.link(s1.settleFrom);
    g.linkValue(s2.settleFrom);
    g.linkException(s3.settleFrom);
    expect([await s1.get(), await s2.get(), await getOr(s3)]).toEqual([1, 1, X]);
  });

  it('takes the error of a greenlet that failed', async () => {
    using capture = captureHubErrors();
    const error = new MyError('failed');
    const g = spawn(function* () {
      throw error;
    });
    const [s1, s2, s3] = [new AsyncResult(), new AsyncResult(), new AsyncResult()];
    g.link(s1.settleFrom);
    g.linkValue(s2.settleFrom);
    g.linkException(s3.settleFrom);
    await expect(s1.get()).rejects.toBe(error);
    expect(await getOr(s2)).toBe(X);
    await expect(s3.get()).rejects.toBe(error);
    expect(capture.errors).toEqual([]); // linked: not reported as lost
  });

  it('a greenlet killed with GreenletExit counts as success, with the GreenletExit as value', async () => {
    const r = new AsyncResult();
    const g = spawn(function* () {
      yield* sleep(1000);
    });
    g.link(r.settleFrom);
    await sleep(0);
    g.kill();
    expect(GreenletExit.isInstance(await r.get())).toBe(true);
  });
});
