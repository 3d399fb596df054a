import { Greenlet as CoreGreenlet, GreenletExit, type Suspend } from '@tendril/greenlet';
import { describe, expect, it } from 'vitest';
import { deferred, sleepUntilKilled, useReported } from './__fixtures__/support.js';
import { Greenlet, getHub, sleep, spawn, until } from './index.js';

class ExpectedError extends Error {
  override name = 'ExpectedError';
}

const { errors: reported } = useReported();

/** A wait that never ends, for victims that must never run. */
const forever = () => sleep(10_000);

/** What one cell of the kill matrix works with. */
interface Arena {
  readonly log: string[];
  /** Kill `g` with this cell's error and `block`. */
  kill(g: Greenlet<string>): Iterable<Suspend, boolean, unknown>;
  /**
   * An unstarted victim: it logs `ran`, runs `wait`, logs `after wait` and returns 'returned';
   * its `finally` logs `finally`. It is linked, and its signal exists from the start.
   */
  victim(wait: (self: Greenlet<string>) => Iterable<Suspend, unknown, unknown>): Greenlet<string>;
  /** Spawn a greenlet that logs `kill`, kills `g`, and logs `killed <result>`. */
  killer(g: Greenlet<string>): void;
  /** Spawn a greenlet that sleeps until the cell is over. */
  bystander(): Greenlet<void>;
}

/** One state a greenlet can be killed in, and the log that kill must leave. */
interface Case {
  state: string;
  arrange(arena: Arena): Greenlet<string>;
  log(block: boolean): string[];
}

const neverRan = () => ['kill', 'killed true'];
const interrupted = (block: boolean) =>
  block ? ['ran', 'kill', 'finally', 'killed true'] : ['ran', 'kill', 'killed false', 'finally'];

/** A victim that has started and waits on `wait` when the killer (spawned after it) runs. */
const waitingOn =
  (wait: (arena: Arena) => Iterable<Suspend, unknown, unknown>) =>
  (a: Arena): Greenlet<string> => {
    const g = a.victim(() => wait(a)).start();
    a.killer(g);
    return g;
  };

const CASES: Case[] = [
  {
    state: 'unstarted, not scheduled',
    arrange(a) {
      const g = a.victim(forever);
      a.killer(g);
      return g;
    },
    log: neverRan,
  },
  {
    state: 'scheduled, not started',
    arrange(a) {
      const g = a.victim(forever);
      a.killer(g); // queued first: it runs before the victim would start
      g.start();
      return g;
    },
    log: neverRan,
  },
  {
    state: 'startLater pending',
    arrange(a) {
      const g = a.victim(forever).startLater(10_000);
      a.killer(g);
      return g;
    },
    log: neverRan,
  },
  {
    state: 'running (itself)',
    arrange: (a) => a.victim((self) => a.kill(self)).start(),
    log: () => ['ran', 'finally'],
  },
  { state: 'waiting on sleep', arrange: waitingOn(() => sleep(10_000)), log: interrupted },
  {
    state: 'waiting on join of another',
    arrange: waitingOn((a) => a.bystander().join()),
    log: interrupted,
  },
  {
    state: 'waiting on until(promise)',
    arrange: waitingOn(() => until(new Promise(() => {}))),
    log: interrupted,
  },
  // sleep(0) queues the victim's wake-up behind the killer: the killer finds it ready to resume.
  { state: 'woken, not yet resumed', arrange: waitingOn(() => sleep(0)), log: interrupted },
  {
    state: 'finished',
    arrange: waitingOn(() => []),
    log: () => ['ran', 'after wait', 'finally', 'kill', 'killed true'],
  },
];

const KINDS = [
  { kind: 'GreenletExit', make: () => new GreenletExit('killed') },
  { kind: 'another error', make: () => new ExpectedError('killed') },
];

describe.each(CASES)('kill a greenlet $state', ({ state, arrange, log: expectedLog }) => {
  describe.each(KINDS)('with $kind', ({ kind, make }) => {
    it.each([true, false])('block %s', async (block) => {
      const error = make();
      const log: string[] = [];
      const links: unknown[] = [];
      const killers: Greenlet<unknown>[] = [];
      const bystanders: Greenlet<void>[] = [];
      const arena: Arena = {
        log,
        kill: (g) => g.kill(error, { block }),
        victim(wait) {
          const g: Greenlet<string> = new Greenlet(function* victim() {
            log.push('ran');
            try {
              yield* wait(g);
              log.push('after wait');
              return 'returned';
            } finally {
              log.push('finally');
            }
          });
          g.link((x) => links.push(x));
          void g.signal;
          return g;
        },
        killer(g) {
          killers.push(
            spawn(function* killer() {
              log.push('kill');
              log.push(`killed ${yield* arena.kill(g)}`);
            }),
          );
        },
        bystander() {
          const b = spawn(function* bystander() {
            yield* sleep(10_000);
          });
          bystanders.push(b);
          return b;
        },
      };

      const g = arrange(arena);
      expect(await g.join()).toBe(true);
      for (const k of killers) await k;
      await sleep(0); // links fire

      expect(log).toEqual(expectedLog(block));
      const check = () => {
        if (state === 'finished') {
          expect([g.successful(), g.value]).toEqual([true, 'returned']);
        } else if (kind === 'GreenletExit') {
          expect([g.successful(), g.value, g.exception]).toEqual([true, error, undefined]);
        } else {
          expect([g.successful(), g.value, g.exception]).toEqual([false, undefined, error]);
        }
        expect(links).toHaveLength(1);
        expect(links[0]).toBe(g);
      };
      check();
      if (state !== 'finished') expect(g.signal.reason).toBe(error);
      expect(g.signal.aborted).toBe(true);

      // Killing twice is harmless: nothing changes, links do not fire again.
      expect(await g.kill(make(), { block })).toBe(true);
      await sleep(0);
      check();
      expect(reported).toEqual([]);
      for (const b of bystanders) await b.kill();
    });
  });
});

describe('kill', () => {
  it('a blocking kill from plain code returns after the finally blocks ran', async () => {
    const log: string[] = [];
    const g = spawn(function* () {
      try {
        try {
          yield* sleep(10_000);
        } finally {
          log.push('inner finally');
          yield* sleep(1); // cleanup may wait
        }
      } finally {
        log.push('outer finally');
      }
    });
    await sleep(0);
    expect(await g.kill()).toBe(true);
    log.push('kill returned');
    expect(log).toEqual(['inner finally', 'outer finally', 'kill returned']);
  });

  it('a non-blocking kill returns at once; the greenlet dies when the hub gets to it', async () => {
    const log: string[] = [];
    const g = spawn(sleepUntilKilled, log);
    await sleep(0);
    g.kill(undefined, { block: false });
    expect([g.dead, log]).toEqual([false, []]);
    expect(await g.join()).toBe(true);
    expect(log).toEqual(['finally']);
  });

  it('a greenlet may catch GreenletExit and go on; kill with a timeout gives up', async () => {
    const log: string[] = [];
    const stubborn = spawn(function* stubborn() {
      for (let exits = 0; ; ) {
        try {
          yield* sleep(10_000);
        } catch (e) {
          if (!GreenletExit.isInstance(e) || ++exits === 2) throw e;
          log.push('ignored the first kill');
        }
      }
    });
    await sleep(0);
    expect(await stubborn.kill(undefined, { timeout: 5 })).toBe(false);
    expect(log).toEqual(['ignored the first kill']);
    expect(stubborn.waitingOn).toBe('sleep(10000)');
    expect(await stubborn.kill()).toBe(true);
    expect(stubborn.successful()).toBe(true);
  });

  it('kill wins over a wake-up already queued: the value is dropped', async () => {
    const log: unknown[] = [];
    const error = new ExpectedError('killed while woken');
    const other = spawn(function* other() {
      yield* sleep(1);
      // Runs after `other` has finished, which queued the wake-up of its joiner `g`.
      getHub().callSoon(() => {
        log.push(g.state);
        g.kill(error, { block: false });
      });
    });
    const g = spawn(function* waiter() {
      log.push(`joined ${yield* other.join()}`);
    });
    g.link(() => {});
    await g.join();
    expect(log).toEqual(['ready']);
    expect(g.exception).toBe(error);
  });

  it('a wake-up that comes after the kill is ignored', async () => {
    const { promise, resolve } = deferred<string>();
    const log: string[] = [];
    const g = spawn(function* () {
      try {
        log.push(yield* until(promise));
      } catch (e) {
        log.push('killed');
        if (!GreenletExit.isInstance(e)) throw e;
      }
      yield* sleep(10_000); // a new wait that the late promise must not end
      log.push('slept');
    });
    await sleep(0);
    await g.kill(undefined, { block: false });
    await sleep(0);
    resolve('late value');
    await sleep(1);
    expect(log).toEqual(['killed']);
    expect(g.waitingOn).toBe('sleep(10000)');
    await g.kill();
    expect(log).toEqual(['killed']);
    expect(reported).toEqual([]);
  });

  it('a greenlet killed while it is not waiting gets the error at its next wait', async () => {
    const log: string[] = [];
    const g = spawn(function* () {
      // A raw greenlet running inside `g` kills it: `g` is neither current nor waiting.
      const raw = new CoreGreenlet(function* () {
        g.kill(undefined, { block: false });
      });
      yield* raw.switch();
      log.push('still running');
      try {
        yield* sleep(10_000);
      } finally {
        log.push('finally');
      }
    });
    await g.join();
    expect(log).toEqual(['still running', 'finally']);
    expect(GreenletExit.isInstance(g.value)).toBe(true);
  });

  it('kill from a link: when one greenlet fails, stop its sibling', async () => {
    const sibling = spawn(function* () {
      yield* sleep(10_000);
    });
    const failing = spawn(function* () {
      yield* sleep(1);
      throw new ExpectedError('failing');
    });
    failing.link(() => sibling.kill(undefined, { block: false }));
    await sibling.join();
    expect(GreenletExit.isInstance(sibling.value)).toBe(true);
  });

  it('kill takes an Error', () => {
    const g = new Greenlet(function* () {});
    expect(() => g.kill(42 as never)).toThrow(TypeError);
    expect(g.ready()).toBe(false);
  });
});
