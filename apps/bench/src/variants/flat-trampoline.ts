import type { Suite } from '../harness/suite.js';
import { type FlatBody, FlatGreenlet, runFlat } from '../references/flat-trampoline.js';

// The workloads on the flat trampoline: a body yields the greenlet to switch to.

function* play(depth: number, other: FlatGreenlet, rounds: number): FlatBody {
  if (depth > 0) return yield* play(depth - 1, other, rounds);
  let i = 0;
  for (; i < rounds; i++) yield other;
  return i;
}

function* child(): FlatBody {
  return 1;
}

function* spawner(self: FlatGreenlet, count: number): FlatBody {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += (yield new FlatGreenlet(child(), self)) as number;
  return sum;
}

export const suite: Suite = {
  pingPong(depth, rounds) {
    const a = new FlatGreenlet(null, null);
    const b = new FlatGreenlet(null, null);
    a.gen = play(depth, b, rounds);
    b.gen = play(depth, a, rounds);
    return runFlat(a) as number;
  },
  createFromMain(count) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += runFlat(new FlatGreenlet(child(), null)) as number;
    return sum;
  },
  createInline(count) {
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const gen = (function* (): FlatBody {
        return 1;
      })();
      sum += runFlat(new FlatGreenlet(gen, null)) as number;
    }
    return sum;
  },
  createInside(count) {
    const parent = new FlatGreenlet(null, null);
    parent.gen = spawner(parent, count);
    return runFlat(parent) as number;
  },
};
