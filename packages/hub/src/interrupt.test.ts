import { GreenletExit, getCurrent, type Suspend } from '@tendril/greenlet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sleepForever } from './__fixtures__/support.js';
import {
  Blocking,
  beginWait,
  type Clock,
  type Greenlet,
  getHub,
  interrupt,
  park,
  realClock,
  sleep,
  spawn,
  Timeout,
  timeWait,
  wake,
  withTimeout,
} from './index.js';

// Interrupts (kill, Timeout) that reach a greenlet together, before it runs again. A manual
// clock makes "together" exact: the test moves time and fires the due timers itself.
let now = 0;
const manual: Clock = { now: () => now, setTimer: () => 0, clearTimer: () => {} };
beforeEach(() => {
  now = 0;
  getHub().setClock(manual);
});
afterEach(() => {
  getHub().setClock(realClock);
});

/** Move the manual clock to `ms` and run the timers that are due. */
function advanceTo(ms: number): void {
  now = ms;
  getHub().timers.fireDue();
}

describe('interrupts that arrive together', () => {
  it('an interrupt replaces a wake-up value that is still queued', async () => {
    const log: string[] = [];
    const g = spawn(function* () {
      yield* sleep(10);
      log.push('woke');
    });
    await sleep(0);
    advanceTo(10); // the sleep is over, but g has not run yet
    g.kill();
    await g.join();
    expect(log).toEqual([]);
    expect(GreenletExit.isInstance(g.value)).toBe(true);
  });

  for (const killFirst of [true, false]) {
    it(`a kill and a Timeout are both delivered, in order (kill ${killFirst ? 'first' : 'second'})`, async () => {
      const log: string[] = [];
      const g = spawn(function* () {
        log.push(yield* withTimeout(50, sleepForever, { timeoutValue: 'timed out' }));
        yield* sleepForever();
        log.push('not killed');
      });
      await sleep(0);
      expect(g.state).toBe('waiting');
      if (killFirst) g.kill();
      advanceTo(100);
      if (!killFirst) g.kill();
      await sleep(0);
      expect(g.dead).toBe(true);
      expect(GreenletExit.isInstance(g.value)).toBe(true);
      // Kill first: the GreenletExit ends the body, whose finally withdraws the late Timeout.
      expect(log).toEqual(killFirst ? [] : ['timed out']);
    });
  }

  it('nested timeouts expiring together: the outer one is not lost', async () => {
    const g = spawn(function* () {
      const outer = Timeout.startNew(50);
      try {
        yield* withTimeout(60, sleepForever, { timeoutValue: 'inner gave up' });
        return 'outer lost';
      } catch (e) {
        if (e !== outer) throw e;
      } finally {
        outer.cancel();
      }
      yield* sleep(0); // the inner Timeout, withdrawn when it was cancelled, is not raised here
      return 'outer caught';
    });
    await sleep(0);
    advanceTo(100);
    expect(await g).toBe('outer caught');
  });
});

describe('interrupt()', () => {
  it('changes nothing for a greenlet that has ended', async () => {
    const finished = spawn(function* () {
      return 'done';
    });
    const killedUnstarted = spawn(sleepForever);
    killedUnstarted.kill(undefined, { block: false }); // ends it before it ever ran
    await finished.join();
    interrupt(finished, new Error('late'));
    interrupt(killedUnstarted, new Error('late'));
    await sleep(0);
    expect([finished.value, finished.successful()]).toEqual(['done', true]);
    expect(GreenletExit.isInstance(killedUnstarted.value)).toBe(true);
    expect(killedUnstarted.state).toBe('finished');
  });
});

describe('a timed wait', () => {
  it('drops its timer when it is woken before the timeout', async () => {
    const worker = spawn(function* () {
      yield* sleep(5);
      return 'done';
    });
    const joiner = spawn(function* () {
      return yield* worker.join(1000);
    });
    await sleep(0);
    expect(getHub().timers.size).toBe(2); // the sleep and the join's timeout
    advanceTo(5);
    expect(await joiner).toBe(true);
    expect(getHub().timers.size).toBe(0);
  });

  it('drops its timer when an error is thrown into it straight from another greenlet', async () => {
    const log: string[] = [];
    const sleeper = spawn(function* () {
      try {
        yield* sleep(10);
      } catch (error) {
        log.push(`caught: ${(error as Error).message}`);
      }
      yield* sleep(100);
      log.push('slept 100 ms');
    });
    spawn(function* intruder() {
      // Not through the hub: the core's throw() switches straight into the sleeping greenlet.
      yield* sleeper.throw(new Error('thrown in'));
    });
    await sleep(0);
    expect(log).toEqual(['caught: thrown in']);
    expect(getHub().timers.size).toBe(1); // the second sleep's; the first one's is gone
    advanceTo(10); // the first sleep's deadline: it must not wake the second sleep
    await sleep(0);
    expect(log).toEqual(['caught: thrown in']);
    advanceTo(100);
    await sleeper;
    expect(log).toEqual(['caught: thrown in', 'slept 100 ms']);
  });

  it('is timed once, after beginWait(): timeWait() otherwise is a HubError, and the wait goes on', async () => {
    const giveUp = (g: Greenlet<any>) => wake(g, g.waitId, 'gave up');
    const errors: string[] = [];
    const attempt = (g: Greenlet<any>) => {
      try {
        timeWait(g, 20, giveUp, g);
      } catch (error) {
        errors.push((error as Error).message);
      }
    };
    function* doorbell(): Generator<Suspend, unknown, unknown> {
      const g = beginWait('doorbell');
      timeWait(g, 10, giveUp, g);
      attempt(g); // a second timer for the same wait
      return yield* park();
    }
    const waiter = spawn(function* () {
      attempt(getCurrent() as Greenlet<any>); // not in a wait
      return yield* new Blocking(doorbell);
    });
    await sleep(0);
    expect(errors).toEqual([
      expect.stringMatching(/is not waiting; time a wait once, after beginWait\(\)/),
      expect.stringMatching(/has a timer for this wait already/),
    ]);
    advanceTo(10);
    expect(await waiter).toBe('gave up');
    expect(getHub().timers.size).toBe(0);
  });
});
