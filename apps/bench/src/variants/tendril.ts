import { Greenlet, type Suspend } from '@tendril/greenlet';
import type { Suite } from '../harness/suite.js';

// Tendril as a user writes it. The bodies are module-level generator functions, as in every
// other variant: one closure each, so V8 gives all their generator objects one hidden class.

type Body<T> = Generator<Suspend, T, unknown>;

function* play(depth: number, other: Greenlet, rounds: number): Body<number> {
  if (depth > 0) return yield* play(depth - 1, other, rounds);
  let i = 0;
  for (; i < rounds; i++) yield* other.switch();
  return i;
}

function* child(): Body<number> {
  return 1;
}

function* spawner(count: number): Body<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += yield* new Greenlet(child).switch<number>();
  return sum;
}

export const suite: Suite = {
  pingPong(depth, rounds) {
    const a = new Greenlet();
    const b = new Greenlet();
    a.run = play.bind(null, depth, b, rounds);
    b.run = play.bind(null, depth, a, rounds);
    return a.switch<number>().value;
  },
  createFromMain(count) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += new Greenlet(child).switch<number>().value;
    return sum;
  },
  createInline(count) {
    let sum = 0;
    for (let i = 0; i < count; i++) {
      sum += new Greenlet(function* () {
        return 1;
      }).switch<number>().value;
    }
    return sum;
  },
  createInside(count) {
    return new Greenlet(spawner).switch<number>(count).value;
  },
};
