import type { Suite } from '../harness/suite.js';
import { Baton } from '../references/baton.js';

// The workloads with async functions: a hand-off is a promise settled by the other side, and
// "depth" is a chain of awaited async helpers (an `await` suspends only the innermost one).

async function play(depth: number, mine: Baton, theirs: Baton, rounds: number): Promise<number> {
  if (depth > 0) return await play(depth - 1, mine, theirs, rounds);
  let i = 0;
  for (; i < rounds; i++) {
    await mine.wait();
    theirs.pass();
  }
  return i;
}

async function child(): Promise<number> {
  return 1;
}

async function spawner(count: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += await child();
  return sum;
}

export const suite: Suite = {
  async pingPong(depth, rounds) {
    const a = new Baton();
    const b = new Baton();
    const second = play(depth, b, a, rounds);
    const first = play(depth, a, b, rounds);
    a.pass(); // main hands the token to the first player; from then on they pass it around
    const [done] = await Promise.all([first, second]);
    return done;
  },
  // An async function cannot be run to completion synchronously: there is no "from main".
  createFromMain: null,
  createInline: null,
  createInside(count) {
    return spawner(count);
  },
};
