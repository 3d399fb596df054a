import type { Suite } from '../harness/suite.js';
import {
  type DelegatingBody,
  DelegatingGreenlet,
  runDelegating,
  to,
} from '../references/delegating-trampoline.js';

// The workloads with Tendril's protocol and nothing else: `yield* to(target)`.

function* play(depth: number, other: DelegatingGreenlet, rounds: number): DelegatingBody {
  if (depth > 0) return yield* play(depth - 1, other, rounds);
  let i = 0;
  for (; i < rounds; i++) yield* to(other);
  return i;
}

function* child(): DelegatingBody {
  return 1;
}

function* spawner(self: DelegatingGreenlet, count: number): DelegatingBody {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    sum += (yield* to(new DelegatingGreenlet(child(), self))) as number;
  }
  return sum;
}

export const suite: Suite = {
  pingPong(depth, rounds) {
    const a = new DelegatingGreenlet(null, null);
    const b = new DelegatingGreenlet(null, null);
    a.gen = play(depth, b, rounds);
    b.gen = play(depth, a, rounds);
    return runDelegating(a) as number;
  },
  createFromMain(count) {
    let sum = 0;
    for (let i = 0; i < count; i++) {
      sum += runDelegating(new DelegatingGreenlet(child(), null)) as number;
    }
    return sum;
  },
  createInline(count) {
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const gen = (function* (): DelegatingBody {
        return 1;
      })();
      sum += runDelegating(new DelegatingGreenlet(gen, null)) as number;
    }
    return sum;
  },
  createInside(count) {
    const parent = new DelegatingGreenlet(null, null);
    parent.gen = spawner(parent, count);
    return runDelegating(parent) as number;
  },
};
