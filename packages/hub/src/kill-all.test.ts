import { GreenletExit } from '@tendril/greenlet';
import { describe, expect, it } from 'vitest';
import { useReported } from './__fixtures__/support.js';
import { Greenlet, joinAll, killAll, sleep, spawn, Timeout } from './index.js';

const { errors: reported } = useReported();

/** A greenlet that logs `ran` if its body ever runs, and whose links log to `links`. */
function victim(log: string[], links: Greenlet<void>[]): Greenlet<void> {
  const g = new Greenlet(function* () {
    log.push('ran');
    try {
      yield* sleep(60_000);
      log.push('woke');
    } finally {
      log.push('finally');
    }
  });
  g.link((x) => links.push(x));
  return g;
}

/** How the victim is started before the kill, and whether its body runs before it. */
const starts: [string, (g: Greenlet<void>) => unknown, boolean][] = [
  ['never started', () => undefined, false],
  ['started, not yet run', (g) => g.start(), false],
  ['started later', (g) => g.startLater(1000), false],
  ['running (asleep)', (g) => g.start(), true],
];

describe('killAll', () => {
  for (const [state, start, runs] of starts) {
    for (const block of [true, false]) {
      it(`a greenlet ${state}, block: ${block}`, async () => {
        const log: string[] = [];
        const links: Greenlet<void>[] = [];
        const g = victim(log, links);
        start(g);
        if (runs) await sleep(0);
        expect(log).toEqual(runs ? ['ran'] : []);
        await killAll([g], { block });
        if (!block) await g.join();
        expect(g.dead).toBe(true);
        expect(g.successful()).toBe(true);
        expect(GreenletExit.isInstance(g.value)).toBe(true);
        await killAll([g], { block }); // a second time does no harm
        await sleep(0);
        expect(links).toEqual([g]);
        expect(log).toEqual(runs ? ['ran', 'finally'] : []);
      });
    }
  }

  it('a custom error: the greenlets fail with it', async () => {
    const error = new Error('stop');
    const gs = [spawn(function* () {}), spawn(function* () {})];
    await sleep(0);
    const sleepers = [0, 1].map(() =>
      spawn(function* () {
        yield* sleep(60_000);
      }),
    );
    await killAll([...gs, ...sleepers], { error });
    expect(gs.every((g) => g.successful())).toBe(true); // finished ones are left alone
    expect(sleepers.map((g) => g.exception)).toEqual([error, error]);
    expect(reported).toEqual([error, error]);
  });

  it('takes any iterable, and kills the calling greenlet last', async () => {
    const log: string[] = [];
    const others = new Set([0, 1].map(() => victim(log, []).start()));
    const self: Greenlet<string> = spawn(function* () {
      yield* killAll([self, ...others], { block: false });
      return 'not reached';
    });
    await self.join();
    expect(GreenletExit.isInstance(self.value)).toBe(true);
    expect((await joinAll(others, { timeout: 1000 })).length).toBe(2);
    expect(log).toEqual(['ran', 'ran', 'finally', 'finally']);
  });

  it('timeout: Timeout when some refuse to die in time; unstarted ones die at once', async () => {
    const stubborn = () =>
      spawn(function* () {
        try {
          yield* sleep(60_000);
        } catch {
          yield* sleep(60_000);
        }
      });
    const unstarted = [stubborn(), stubborn()];
    await killAll(unstarted, { timeout: 10 });
    expect(unstarted.every((g) => g.dead)).toBe(true);

    const started = [stubborn(), stubborn()];
    await sleep(0);
    const start = performance.now();
    const error = await killAll(started, { timeout: 10 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Timeout.isInstance(error)).toBe(true);
    expect(performance.now() - start).toBeGreaterThanOrEqual(9);
    expect(started.some((g) => g.dead)).toBe(false);
    await killAll(started); // the second kill reaches them outside their catch
    expect(started.every((g) => g.dead)).toBe(true);
  });

  it('misuse is a TypeError at the call', () => {
    expect(() => killAll([{} as Greenlet])).toThrow(/item 0 .* is not a greenlet/);
    expect(() => killAll([], { error: 'stop' as unknown as Error })).toThrow(TypeError);
  });
});
