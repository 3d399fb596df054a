import { describe, expect, it } from 'vitest';
import { useReported } from './__fixtures__/support.js';
import { getHub, HubError, iwait, type Linkable, sleep, spawn, Timeout, wait } from './index.js';

/** The smallest Linkable: stands in for @tendril/io's Event (gevent's tests use a Semaphore). */
class Flag implements Linkable {
  private isSet = false;
  private links: ((source: Linkable) => void)[] = [];
  constructor(readonly name: string) {}
  ready(): boolean {
    return this.isSet;
  }
  link(callback: (source: Linkable) => void): void {
    this.links.push(callback);
  }
  unlink(callback: (source: Linkable) => void): void {
    this.links = this.links.filter((c) => c !== callback);
  }
  set(): void {
    this.isSet = true;
    for (const callback of [...this.links]) callback(this);
  }
  get linkCount(): number {
    return this.links.length;
  }
}

/** A greenlet that finishes (returning `name`) once `flag` is set. */
const finishOn = (flag: Flag, name: string) =>
  spawn(function* () {
    yield* wait([flag]);
    return name;
  });

const { errors: reported } = useReported();

describe('iwait', () => {
  it('next() returns the first object to become ready', async () => {
    const [f1, f2] = [new Flag('1'), new Flag('2')];
    const g = spawn(function* () {
      using it = iwait([f1, f2]);
      return yield* it.next();
    });
    spawn(function* () {
      f1.set();
    });
    expect(await g).toBe(f1);
    expect(f2.linkCount).toBe(0);
  });

  it('hands out greenlets in the order they finish', async () => {
    const flags = [new Flag('a'), new Flag('b'), new Flag('c')];
    const gs = flags.map((f) => finishOn(f, f.name));
    const order = spawn(function* () {
      const names: string[] = [];
      const it = iwait(gs);
      for (let g = yield* it.next(); g !== undefined; g = yield* it.next()) {
        names.push(g.value as string);
      }
      return names;
    });
    await sleep(0);
    for (const i of [2, 0, 1]) flags[i]?.set();
    expect(await order).toEqual(['c', 'a', 'b']);
  });

  it('for await from plain code; objects already ready come first, in the order given', async () => {
    const [f1, f2, f3] = [new Flag('1'), new Flag('2'), new Flag('3')];
    f2.set();
    f1.set();
    setTimeout(() => f3.set(), 1);
    const seen: Flag[] = [];
    for await (const f of iwait([f1, f2, f3, f1])) seen.push(f);
    expect(seen).toEqual([f1, f2, f3]);
  });

  it('leaving a for await loop early removes the links', async () => {
    const [f1, f2] = [new Flag('1'), new Flag('2')];
    setTimeout(() => f1.set(), 1);
    for await (const f of iwait([f1, f2])) {
      expect(f).toBe(f1);
      expect(f2.linkCount).toBe(1);
      break;
    }
    expect(f2.linkCount).toBe(0);
  });

  it('`using` removes the links and the timer of a partly consumed iterator', async () => {
    const [f1, f2] = [new Flag('1'), new Flag('2')];
    await spawn(function* () {
      {
        using it = iwait([f1, f2], { timeout: 1000 });
        spawn(function* () {
          f1.set();
        });
        expect(yield* it.next()).toBe(f1);
        expect(f2.linkCount).toBe(1);
        expect(getHub().timers.size).toBe(1);
      }
      expect(f2.linkCount).toBe(0);
      expect(getHub().timers.size).toBe(0);
    });
  });

  it('after the timeout, what became ready before it, then undefined', async () => {
    const [f1, f2] = [new Flag('1'), new Flag('2')];
    const result = await spawn(function* () {
      const it = iwait([f1, f2], { timeout: 10 });
      f1.set();
      const seen = [yield* it.next(), yield* it.next()];
      expect(yield* it.next()).toBeUndefined();
      return seen;
    });
    expect(result).toEqual([f1, undefined]);
    expect(f2.linkCount).toBe(0);
  });

  it('close() from another greenlet ends a waiting next()', async () => {
    const it = iwait([new Flag('never')]);
    const g = spawn(function* () {
      return yield* it.next();
    });
    spawn(function* () {
      it.close();
    });
    expect(await g).toBeUndefined();
  });

  it('a next() interrupted by a Timeout leaves the iterator usable', async () => {
    const f = new Flag('late');
    const result = await spawn(function* () {
      using it = iwait([f]);
      const t = Timeout.startNew(5);
      try {
        yield* it.next();
      } catch (e) {
        expect(e).toBe(t);
      }
      spawn(function* () {
        f.set();
      });
      return yield* it.next();
    });
    expect(result).toBe(f);
  });

  it('one greenlet at a time may step an iterator', async () => {
    const it = iwait([new Flag('never')]);
    const first = spawn(function* () {
      return yield* it.next();
    });
    const second = spawn(function* () {
      return yield* it.next();
    });
    await expect(second.get()).rejects.toThrow(/already waiting in next\(\)/);
    it.close();
    expect(await first).toBeUndefined();
  });

  it('close() drops the objects that are ready and not yet handed out', async () => {
    const flags = [new Flag('a'), new Flag('b'), new Flag('c')];
    for (const f of flags) f.set();
    const it = iwait(flags);
    expect(await it.next()).toBe(flags[0]);
    it.close();
    expect(await it.next()).toBeUndefined();
    expect(await it.next()).toBeUndefined();
  });
});

describe('wait', () => {
  it('returns the ready objects in the order they became ready', async () => {
    const flags = [new Flag('a'), new Flag('b')];
    const gs = flags.map((f) => finishOn(f, f.name));
    const waiting = spawn(function* () {
      return yield* wait(gs);
    });
    await sleep(0);
    flags[1]?.set();
    flags[0]?.set();
    expect((await waiting).map((g) => g.value)).toEqual(['b', 'a']);
  });

  it('count: returns after that many, and unlinks the rest', async () => {
    const [f1, f2, f3] = [new Flag('1'), new Flag('2'), new Flag('3')];
    setTimeout(() => f2.set(), 1);
    expect(await wait([f1, f2, f3], { count: 1 })).toEqual([f2]);
    expect(f1.linkCount + f3.linkCount).toBe(0);
    expect(await wait([f1, f2], { count: 0 })).toEqual([]);
  });

  it('count met by objects ready now: the first ones, in the order given', async () => {
    const flags = ['1', '2', '3', '4'].map((name) => new Flag(name));
    for (const f of [flags[3], flags[1], flags[0]]) f?.set();
    expect(await wait(flags, { count: 2 })).toEqual([flags[0], flags[1]]);
    expect(await wait(flags, { count: 3, timeout: 0 })).toEqual([flags[0], flags[1], flags[3]]);
    expect(flags.reduce((links, f) => links + f.linkCount, 0)).toBe(0);
  });

  it('timeout: returns what is ready when it expires', async () => {
    const [f1, f2] = [new Flag('1'), new Flag('2')];
    f1.set();
    const start = performance.now();
    expect(await wait([f1, f2], { timeout: 10 })).toEqual([f1]);
    expect(performance.now() - start).toBeGreaterThanOrEqual(9);
    expect(f2.linkCount).toBe(0);
    expect(await wait([f2, f1], { timeout: 0 })).toEqual([f1]);
  });

  it('a failed greenlet is returned like any other, and its error counts as seen', async () => {
    const flag = new Flag('go');
    const g = spawn(function* () {
      yield* wait([flag]);
      throw new Error('failed');
    });
    const waiting = spawn(function* () {
      return yield* wait([g]);
    });
    await sleep(0);
    flag.set();
    // (not toEqual([g]): deep equality iterates a greenlet, which is `yield* g.get()`)
    const [only, ...rest] = await waiting;
    expect(only).toBe(g);
    expect(rest).toEqual([]);
    expect(g.exception).toEqual(new Error('failed'));
    expect(reported).toEqual([]);
  });

  it('nothing to wait for returns at once', async () => {
    expect(await wait([])).toEqual([]);
  });

  it('misuse is a clear error at the call', () => {
    expect(() => wait(undefined as unknown as Flag[])).toThrow(HubError);
    expect(() => wait(undefined as unknown as Flag[])).toThrow(/needs the objects to wait for/);
    expect(() => wait([{} as Flag])).toThrow(/item 0 .* is not a greenlet or other Linkable/);
    expect(() => iwait([], { count: -1 })).toThrow(TypeError);
    expect(() => wait([], { timeout: Number.NaN })).toThrow(TypeError);
  });
});
