import type { Suite } from '../harness/suite.js';
import {
  type NaiveBody,
  NaiveGreenlet,
  naiveSwitch,
  runNaive,
} from '../references/naive-trampoline.js';

// The workloads on the naive trampoline: every switch is `yield*` over a fresh generator.

function* play(depth: number, other: NaiveGreenlet, rounds: number): NaiveBody {
  if (depth > 0) return yield* play(depth - 1, other, rounds);
  let i = 0;
  for (; i < rounds; i++) yield* naiveSwitch(other);
  return i;
}

function* child(): NaiveBody {
  return 1;
}

function* spawner(self: NaiveGreenlet, count: number): NaiveBody {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    sum += (yield* naiveSwitch(new NaiveGreenlet(child(), self))) as number;
  }
  return sum;
}

export const suite: Suite = {
  pingPong(depth, rounds) {
    const a = new NaiveGreenlet(null, null);
    const b = new NaiveGreenlet(null, null);
    a.gen = play(depth, b, rounds);
    b.gen = play(depth, a, rounds);
    return runNaive(a) as number;
  },
  createFromMain(count) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += runNaive(new NaiveGreenlet(child(), null)) as number;
    return sum;
  },
  createInline(count) {
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const gen = (function* (): NaiveBody {
        return 1;
      })();
      sum += runNaive(new NaiveGreenlet(gen, null)) as number;
    }
    return sum;
  },
  createInside(count) {
    const parent = new NaiveGreenlet(null, null);
    parent.gen = spawner(parent, count);
    return runNaive(parent) as number;
  },
};
