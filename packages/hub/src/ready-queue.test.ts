import { describe, expect, it } from 'vitest';
import { RingQueue } from './ready-queue.js';

describe('RingQueue', () => {
  it('is FIFO across wrap-around and growth', () => {
    const q = new RingQueue<number>();
    const out: number[] = [];
    let next = 0;
    // Interleave so that the head wraps around before the buffer grows, several times over.
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 10 + round * 7; i++) q.push(next++);
      for (let i = 0; i < 7; i++) out.push(q.shift() as number);
    }
    while (q.length > 0) out.push(q.shift() as number);
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(q.shift()).toBeUndefined();
  });

  it('keeps order when grown past 100,000 items from a wrapped head', () => {
    const q = new RingQueue<number>();
    for (let i = 0; i < 10; i++) q.push(i);
    for (let i = 0; i < 5; i++) q.shift();
    for (let i = 10; i < 150_000; i++) q.push(i);
    expect(q.length).toBe(149_995);
    expect(q.peek()).toBe(5);
    let expected = 5;
    let inOrder = true;
    for (let item = q.shift(); item !== undefined; item = q.shift())
      inOrder &&= item === expected++;
    expect(inOrder).toBe(true);
    expect(expected).toBe(150_000);
  });

  it('iterates front to back, and deletes from the middle', () => {
    const q = new RingQueue<string>();
    for (const s of ['a', 'b', 'c', 'd']) q.push(s);
    q.shift();
    q.push('e');
    expect(q.delete('c')).toBe(true);
    expect(q.delete('zz')).toBe(false);
    expect([...q]).toEqual(['b', 'd', 'e']);
  });

  it('iterates, peeks and deletes across its buffers, and is reusable once drained', () => {
    const q = new RingQueue<number>();
    for (let i = 0; i < 5_000; i++) q.push(i);
    for (let i = 0; i < 1_000; i++) q.shift();
    expect(q.delete(4_000)).toBe(true);
    expect(q.peek()).toBe(1_000);
    const rest = [...q];
    expect(rest.length).toBe(3_999);
    expect(rest[0]).toBe(1_000);
    expect(rest.includes(4_000)).toBe(false);
    expect(rest.at(-1)).toBe(4_999);
    while (q.length > 0) q.shift();
    expect(q.peek()).toBeUndefined();
    q.push(7);
    expect([...q]).toEqual([7]);
  });
});
