import { Greenlet, getCurrent, getTrace, setTrace, type TraceFunction } from '@tendril/greenlet';
import { sleep, spawn } from '@tendril/hub';
import { describe, expect, it } from 'vitest';
import { recordSwitches } from './index.js';

describe('switch recorder', () => {
  it('records a known sequence of switches and throws, with names', () => {
    using recorder = recordSwitches();
    const g1: Greenlet = new Greenlet(function* task1() {
      yield* g2.switch();
      try {
        yield* g2.switch();
      } catch {
        // thrown in by main below
      }
    });
    const g2: Greenlet = new Greenlet(function* task2() {
      yield* g1.switch();
      yield* (getCurrent().parent as Greenlet).switch();
    });
    g1.switch();
    g1.throw(new Error('stop'));
    expect(recorder.lines()).toEqual([
      'switch main -> task1',
      'switch task1 -> task2',
      'switch task2 -> task1',
      'switch task1 -> task2',
      'switch task2 -> main',
      'throw main -> task1',
      'switch task1 -> main',
    ]);
    expect(recorder.records[5]).toMatchObject({ event: 'throw', origin: getCurrent(), target: g1 });
  });

  it('gives the order in which hub greenlets ran', async () => {
    const recorder = recordSwitches();
    try {
      const a = spawn(function* a() {
        yield* sleep(0);
      });
      const b = spawn(function* b() {
        yield* sleep(0);
      });
      await a;
      await b;
    } finally {
      recorder.stop();
    }
    expect(recorder.ran().filter((name) => name === 'a' || name === 'b')).toEqual([
      'a',
      'b',
      'a',
      'b',
    ]);
    expect(recorder.lines()).toContain('switch hub -> a');
    expect(recorder.lines({ hub: false }).some((line) => line.includes('hub'))).toBe(false);
  });

  it('puts the previous trace function back when stopped', () => {
    const seen: string[] = [];
    const mine: TraceFunction = (event) => seen.push(event);
    const before = setTrace(mine);
    try {
      const recorder = recordSwitches();
      new Greenlet(function* quick() {}).switch();
      recorder.stop();
      recorder.stop();
      expect(getTrace()).toBe(mine);
      expect(seen).toEqual([]); // the recorder replaced it while recording
      expect(recorder.lines()).toEqual(['switch main -> quick', 'switch quick -> main']);
    } finally {
      setTrace(before);
    }
  });
});
