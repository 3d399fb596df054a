/**
 * The examples `pnpm start` runs, each printed as it runs.
 */
import { Greenlet, GreenletExit, getCurrent } from '@tendril/greenlet';

function section(title: string): void {
  console.log(`\n== ${title}`);
}

section('two greenlets switching (DESIGN.md §1)');
const g1: Greenlet = new Greenlet(function* task1() {
  console.log('Task 1 - Part 1');
  yield* g2.switch(); // switch to task 2
  console.log('Task 1 - Part 2');
});
const g2 = new Greenlet(function* task2() {
  console.log('Task 2 - Part 1');
  yield* g1.switch(); // switch back to task 1
  console.log('Task 2 - Part 2'); // never printed: g1 finishes and returns to main
});
g1.switch(); // plain code is the main greenlet: this runs synchronously
console.log(`g1 dead: ${g1.dead}, g2 suspended: ${g2.active}`);

section('a consumer fed values by switches');
const consumer = new Greenlet(function* consume(first: string) {
  let line: unknown = first;
  while (line !== 'quit') {
    console.log(`consumer got: ${line}`);
    line = yield* getCurrent().parent!.switch();
  }
  return 'consumer finished';
});
for (const line of ['hello', 'greenlets']) consumer.switch(line);
console.log(consumer.switch('quit').value);

section('throwing into a suspended greenlet: its finally blocks run');
const worker = new Greenlet(function* work() {
  try {
    for (let i = 1; ; i++) {
      console.log(`working on item ${i}`);
      yield* getCurrent().parent!.switch();
    }
  } finally {
    console.log('worker cleaned up');
  }
});
worker.switch();
worker.switch();
const exit = worker.throw().value;
console.log(
  `worker dead: ${worker.dead}, delivered GreenletExit: ${GreenletExit.isInstance(exit)}`,
);
