import { GreenletExit } from '@tendril/greenlet';
import { describe, expect, it } from 'vitest';
import { useReported } from './__fixtures__/support.js';
import { joinAll, sleep, spawn } from './index.js';

class ExpectedError extends Error {
  override name = 'ExpectedError';
}

const { errors: reported } = useReported();

const returning = <T>(value: T) =>
  spawn(function* () {
    return value;
  });
const failing = (message: string) =>
  spawn(function* () {
    throw new ExpectedError(message);
  });
const sleeper = () =>
  spawn(function* () {
    yield* sleep(60_000);
  });

describe('joinAll', () => {
  it('joins every greenlet once, even when listed twice', async () => {
    const a = returning('a');
    const b = returning('b');
    const done = await joinAll([a, b, a]);
    expect(done.length).toBe(2);
    expect(done[0]).toBe(a);
    expect(done[1]).toBe(b);
    expect(a.dead && b.dead).toBe(true);
  });

  it('returns them in the order they finished, from inside a greenlet too', async () => {
    const slow = spawn(function* () {
      yield* sleep(20);
      return 'slow';
    });
    const fast = spawn(function* () {
      yield* sleep(1);
      return 'fast';
    });
    const values = await spawn(function* () {
      return (yield* joinAll([slow, fast])).map((g) => g.value);
    });
    expect(values).toEqual(['fast', 'slow']);
  });

  it('raiseError with no errors: the values are there', async () => {
    const gs = [returning(1), returning(2), returning(3)];
    await joinAll(gs, { raiseError: true });
    expect(gs.map((g) => g.value)).toEqual([1, 2, 3]);
  });

  it('raiseError rethrows the error of a failed greenlet, finished or not', async () => {
    const x = spawn(function* () {
      yield* sleep(5);
      return 1;
    });
    const y = failing('y');
    await expect(joinAll([x, y], { raiseError: true }).then()).rejects.toThrow('y');
    await expect(joinAll([y], { raiseError: true }).then()).rejects.toThrow(ExpectedError);
    expect(await x.join()).toBe(true);
    expect(reported).toEqual([y.exception]); // y failed before anyone linked it
  });

  it('raiseError: the earliest failure, as soon as it fails', async () => {
    const first = spawn(function* () {
      yield* sleep(20);
      throw new ExpectedError('first');
    });
    const second = spawn(function* () {
      yield* sleep(1);
      throw new ExpectedError('second');
    });
    await expect(joinAll([first, second], { raiseError: true }).then()).rejects.toThrow('second');
    expect(first.ready()).toBe(false);
    await joinAll([first]);
    expect(first.exception).toEqual(new ExpectedError('first'));
    expect(reported).toEqual([]); // both failed while joined: their errors were seen
  });

  it('a greenlet killed with GreenletExit is not a failure', async () => {
    const g = sleeper();
    const h = returning('h');
    g.kill();
    const done = await joinAll([g, h], { raiseError: true });
    expect(done.length).toBe(2);
    expect(GreenletExit.isInstance(g.value)).toBe(true);
  });

  it('count: returns after that many, failed ones included without raiseError', async () => {
    const s = sleeper();
    const raiser = failing('count');
    const done = await joinAll([s, raiser], { count: 1 });
    expect(done.length).toBe(1);
    expect(done[0]).toBe(raiser);
    expect(raiser.ready()).toBe(true);
    expect(s.ready()).toBe(false);
    await s.kill();
    expect(s.ready()).toBe(true);
  });

  it('timeout: returns what finished in time', async () => {
    const s = sleeper();
    const quick = returning('quick');
    const done = await joinAll([s, quick], { timeout: 10 });
    expect(done.length).toBe(1);
    expect(done[0]).toBe(quick);
    expect(s.ready()).toBe(false);
    await s.kill();
  });

  it('after a timeout it no longer watches the greenlets still running: their errors are reported', async () => {
    const gate = spawn(function* () {
      yield* sleep(20);
    });
    const late = spawn(function* () {
      yield* gate.join();
      throw new ExpectedError('after the joinAll');
    });
    const quick = returning('quick');
    expect(await joinAll([late, quick], { timeout: 5 })).toEqual([quick]);
    await gate.join(); // \`late\` fails right after, with nobody joining it (a join would watch it)
    await sleep(0);
    expect(late.ready()).toBe(true);
    expect(reported).toEqual([late.exception]);
  });

  it('an item that is not a greenlet is a TypeError at the call', () => {
    expect(() => joinAll([42 as never])).toThrow(/item 0 \(42\) is not a greenlet/);
    expect(() => joinAll([42 as never], { raiseError: true })).toThrow(TypeError);
  });
});
