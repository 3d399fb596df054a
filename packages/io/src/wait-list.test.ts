import { GreenletExit } from '@tendril/greenlet';
import { done, sleep, spawn } from '@tendril/hub';
import { describe, expect, it } from 'vitest';
import { TIMED_OUT, WaitList, WaitListOp } from './index.js';

/** A gate: passing waits until it opens (the example of WaitListOp). */
class Gate {
  open = false;
  readonly waiters = new WaitList();
  readonly pass = new PassOp(this);
}

class PassOp extends WaitListOp<string> {
  constructor(private readonly gate: Gate) {
    super();
  }
  protected get waiters() {
    return this.gate.waiters;
  }
  protected begin() {
    return this.gate.open ? done('open') : this.park('Gate.pass()');
  }
  protected result(sent: unknown) {
    return `woken with ${String(sent)}`;
  }
}

describe('WaitList', () => {
  it('wakes waiters first come, first served; one shared op serves them all', async () => {
    const gate = new Gate();
    const log: string[] = [];
    const passers = [1, 2, 3].map((n) =>
      spawn(function* () {
        log.push(`${n} ${yield* gate.pass}`);
      }),
    );
    await sleep(0);
    expect(gate.waiters.length).toBe(3);
    expect([...gate.waiters].every((g, i) => g === passers[i])).toBe(true);
    expect(gate.waiters.wakeFirst('a')).toBe(true);
    gate.open = true;
    expect(gate.waiters.wakeAll('b')).toBe(2);
    expect(gate.waiters.wakeFirst()).toBe(false);
    await Promise.all(passers);
    expect(log).toEqual(['1 woken with a', '2 woken with b', '3 woken with b']);
    expect(await gate.pass).toBe('open');
  });

  it('wait({ timeout }) returns TIMED_OUT and leaves nobody waiting', async () => {
    const list = new WaitList();
    const g = spawn(function* () {
      return yield* list.wait('test', 5);
    });
    await sleep(0);
    expect(list.length).toBe(1);
    expect(await g).toBe(TIMED_OUT);
    expect([list.length, list.wakeFirst()]).toEqual([0, false]);
  });

  it('a waiter killed after a wake-up, before it ran, passes what it was handed on', async () => {
    const list = new WaitList();
    const lost: unknown[] = [];
    const wait = () =>
      spawn(function* () {
        return yield* list.wait('test', undefined, (value) => lost.push(value));
      });
    const [a, b] = [wait(), wait()];
    await sleep(0);
    list.wakeFirst('permit');
    a.kill(new GreenletExit(), { block: false }); // handed 'permit', killed before it ran
    b.kill(new GreenletExit(), { block: false }); // killed while waiting: nothing to pass on
    await Promise.all([a.join(), b.join()]);
    expect([lost, list.length]).toEqual([['permit'], 0]);
  });
});
