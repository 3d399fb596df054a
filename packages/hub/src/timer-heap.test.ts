import { describe, expect, it } from 'vitest';
import type { Clock } from './clock.js';
import { TimerHeap } from './timer-heap.js';

/** A clock that moves only when told to, and never arms a real timer. */
function manualClock(): Clock & { time: number } {
  return {
    time: 0,
    now() {
      return this.time;
    },
    setTimer: () => 'armed',
    clearTimer: () => {},
  };
}

function setUp() {
  const clock = manualClock();
  const timers = new TimerHeap(clock, () => {});
  const fired: string[] = [];
  const add = (ms: number, name: string) => timers.add(ms, (n: string) => fired.push(n), name);
  const advance = (ms: number) => {
    clock.time += ms;
    timers.fireDue();
  };
  return { clock, timers, fired, add, advance };
}

describe('TimerHeap', () => {
  it('starts a timer from the run time the hub noted, else from the clock', () => {
    const { clock, timers, fired, add, advance } = setUp();
    clock.time = 100;
    timers.runTime = 95; // the hub's last read in its run: 5 ms ago
    const early = add(10, 'from the run time');
    timers.runTime = Number.NaN; // between runs
    const fresh = add(10, 'from the clock');
    expect([early.deadline, fresh.deadline]).toEqual([105, 110]);
    advance(5);
    expect(fired).toEqual(['from the run time']);
  });

  it('rounds a deadline up to a whole millisecond: never early, at most 1 ms late', () => {
    const { clock, fired, add, advance } = setUp();
    clock.time = 100.25;
    const timer = add(2.5, 'rounded');
    expect(timer.deadline).toBe(103);
    advance(2.5); // 102.75: the exact deadline, not yet the rounded one
    expect(fired).toEqual([]);
    advance(0.25);
    expect(fired).toEqual(['rounded']);
  });

  it('fires timers of different durations in deadline order, equal deadlines in creation order', () => {
    const { fired, add, advance } = setUp();
    add(30, 'c');
    add(10, 'a1');
    add(20, 'b');
    add(10, 'a2');
    add(0, 'now');
    advance(10);
    expect(fired).toEqual(['now', 'a1', 'a2']);
    advance(100);
    expect(fired).toEqual(['now', 'a1', 'a2', 'b', 'c']);
  });

  it('fires equal deadlines of different durations in creation order', () => {
    const { fired, add, advance } = setUp();
    add(10, 'first, due at 10');
    advance(4);
    add(6, 'second, due at 10');
    advance(2);
    add(4, 'third, due at 10');
    advance(4);
    expect(fired).toEqual(['first, due at 10', 'second, due at 10', 'third, due at 10']);
  });

  it('interleaves timers of one duration added at different times with other durations', () => {
    const { fired, add, advance } = setUp();
    add(10, 'x@10');
    advance(5);
    add(10, 'y@15');
    add(7, 'z@12');
    advance(20);
    expect(fired).toEqual(['x@10', 'z@12', 'y@15']);
  });

  it('cancelling the first, a middle or the last timer of a duration leaves the others', () => {
    const { timers, fired, add, advance } = setUp();
    const first = add(10, 'first');
    add(10, 'second');
    const middle = add(10, 'middle');
    add(10, 'fourth');
    const last = add(10, 'last');
    first.cancel();
    middle.cancel();
    last.cancel();
    last.cancel(); // twice is harmless
    expect(timers.size).toBe(2);
    expect([first.pending, middle.pending, last.pending]).toEqual([false, false, false]);
    advance(10);
    expect(fired).toEqual(['second', 'fourth']);
    expect(timers.size).toBe(0);
    expect(timers.nextDeadline).toBe(Number.POSITIVE_INFINITY);
  });

  it('reports the earliest deadline as timers come and go', () => {
    const { timers, add } = setUp();
    const a = add(50, 'a');
    const b = add(20, 'b');
    expect(timers.nextDeadline).toBe(20);
    b.cancel();
    expect(timers.nextDeadline).toBe(50);
    a.cancel();
    expect(timers.nextDeadline).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps deadline order within a duration when the clock is swapped for one that is behind', () => {
    const { timers, fired, add, clock } = setUp();
    clock.time = 1000;
    add(10, 'at 1010');
    const behind = manualClock();
    timers.setClock(behind);
    add(10, 'at 10');
    behind.time = 10;
    timers.fireDue();
    expect(fired).toEqual(['at 10']);
    behind.time = 1010;
    timers.fireDue();
    expect(fired).toEqual(['at 10', 'at 1010']);
  });

  it('serves many durations at once, after many others came and went', () => {
    const { timers, fired, add, advance } = setUp();
    for (let ms = 200; ms > 0; ms--) add(ms, String(ms)).cancel();
    const kept = Array.from({ length: 100 }, (_, i) => add(100 - i, String(100 - i)));
    expect(timers.size).toBe(100);
    advance(100);
    expect(fired).toEqual(kept.map((_, i) => String(i + 1)));
  });
});
