import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Greenlet as CoreGreenlet } from '@tendril/greenlet';
import { type Greenlet, sleep, spawn } from '@tendril/hub';
import { expectOneError } from '@tendril/testing';
import { describe, expect, it } from 'vitest';
import { Local, local } from './index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collect garbage outside the current job (WeakRefs read in a job stay alive until it ends). */
async function collect(): Promise<void> {
  await new Promise(setImmediate);
  gc();
}

describe('local() (test__local, gevent.local docs)', () => {
  it('each greenlet sees its own fields; plain code is the main greenlet', async () => {
    const mydata = local<{ number: number }>();
    mydata.number = 42;
    expect([mydata.number, { ...mydata }]).toEqual([42, { number: 42 }]);
    const log: unknown[] = [];
    await spawn(function* f() {
      log.push(Object.entries(mydata));
      mydata.number = 11;
      log.push(mydata.number);
    });
    expect(log).toEqual([[], 11]);
    expect(mydata.number).toBe(42);
  });

  it('init makes each greenlet its object once, on first use (a subclass __init__)', async () => {
    let inits = 0;
    const mydata = local(() => {
      inits++;
      return { number: 2, color: 'red' as string | undefined, initialized: true };
    });
    expect(inits).toBe(0); // lazy
    expect([mydata.number, mydata.color, inits]).toEqual([2, 'red', 1]);
    delete mydata.color;
    mydata.number = 3;
    const seen = await spawn(function* () {
      const fields = { ...mydata };
      mydata.number = 11;
      return fields;
    });
    expect(seen).toEqual({ number: 2, color: 'red', initialized: true });
    expect([mydata.number, mydata.color, 'color' in mydata, inits]).toEqual([
      3,
      undefined,
      false,
      2,
    ]);
  });

  it('methods and getters run on the current greenlet object', async () => {
    class Counter {
      count = 0;
      bump() {
        return ++this.count;
      }
      get self() {
        return this;
      }
      get squared() {
        return this.count ** 2;
      }
      set squared(value: number) {
        this.count = Math.sqrt(value);
      }
    }
    const counter = local(() => new Counter());
    counter.bump();
    counter.bump();
    const other = await spawn(function* () {
      counter.bump();
      return [counter.count, counter.squared];
    });
    expect(other).toEqual([1, 1]);
    expect([counter.count, counter.squared, counter.self === counter]).toEqual([2, 4, true]);
    counter.squared = 9;
    expect(counter.count).toBe(3);
    expect(counter instanceof Counter).toBe(true);
  });

  it('a field set in another greenlet is not defined here (attribute error)', async () => {
    const a = local<{ fizzBuzz: number }>();
    expect('fizzBuzz' in a).toBe(false);
    await spawn(function* () {
      a.fizzBuzz = 1;
    });
    expect([a.fizzBuzz, 'fizzBuzz' in a, Object.keys(a)]).toEqual([undefined, false, []]);
  });

  it('a spread copy is a plain object, independent of the local (copy)', () => {
    const a = local(() => ({ path: '', obj: { echo: '' } }));
    a.path = '123';
    a.obj.echo = 'test';
    const b = { ...a };
    expect([b.path, b.obj]).toEqual([a.path, a.obj]);
    b.path = '321';
    expect(a.path).toBe('123');
    a.obj.echo = 'works';
    expect(b.obj).toBe(a.obj); // shallow
  });

  it('two locals are independent (objects)', () => {
    const a = local(() => ({ path: '' }));
    const b = local(() => ({ path: '' }));
    a.path = '123';
    b.path = '123';
    b.path = '321';
    expect([a.path, b.path]).toEqual(['123', '321']);
  });

  it('keeps each greenlet value across switches', async () => {
    const id = local<{ name: string }>();
    const worker = function* (name: string) {
      id.name = name;
      yield* sleep(0);
      yield* sleep(1);
      return id.name;
    };
    const gs = ['a', 'b', 'c'].map((name) => spawn(worker, name));
    expect(await Promise.all(gs)).toEqual(['a', 'b', 'c']);
  });

  it('works in greenlets the hub did not spawn', () => {
    const tag = local(() => ({ where: 'fresh' }));
    tag.where = 'main';
    const g = new CoreGreenlet(function* () {
      const before = tag.where;
      tag.where = 'core';
      return `${before} ${tag.where}`;
    });
    expect(g.switch().value).toBe('fresh core');
    expect(tag.where).toBe('main');
  });
});

describe('Local', () => {
  it('get/set/has/delete per greenlet; init again after delete', async () => {
    let made = 0;
    const hits = new Local(() => {
      made++;
      return 0;
    });
    expect([hits.has(), hits.get(), hits.has(), made]).toEqual([false, 0, true, 1]);
    hits.set(5);
    const there = await spawn(function* () {
      const first = hits.get();
      hits.set(first + 10);
      return [first, hits.get()];
    });
    expect([there, hits.get()]).toEqual([[0, 10], 5]);
    expect([hits.delete(), hits.delete(), hits.has()]).toEqual([true, false, false]);
    expect([hits.get(), made]).toEqual([0, 3]);
  });

  it('without init a greenlet starts with undefined; init is required unless T admits it', () => {
    const name = new Local<string | undefined>();
    expect([name.get(), name.has()]).toEqual([undefined, false]);
    name.set('ada');
    expect(name.get()).toBe('ada');
    // @ts-expect-error: a Local<number> needs an init to make its first value
    expect(new Local<number>().get()).toBeUndefined();
    expect(() => new Local<number>(42 as unknown as () => number)).toThrow(TypeError);
  });

  it('drops a greenlet values when it dies, though the greenlet is still referenced', async () => {
    const sentinel = new Local(() => ({ big: new Array(1000).fill(0) }));
    const refs: WeakRef<object>[] = [];
    const gs = Array.from({ length: 5 }, () =>
      spawn(function* () {
        refs.push(new WeakRef(sentinel.get()));
      }),
    );
    for (const g of gs) await g.join();
    await collect();
    expect(gs.every((g) => g.dead)).toBe(true); // still referenced here
    expect(refs.map((r) => r.deref())).toEqual(Array(5).fill(undefined));
  });

  it('drops the values of a Local no longer used, while its greenlet runs on', async () => {
    const refs: WeakRef<object>[] = [];
    const useMany = () => {
      for (let i = 0; i < 100; i++) refs.push(new WeakRef(new Local(() => ({ i })).get()));
    };
    const g = spawn(function* () {
      useMany();
      yield* sleep(10_000);
    });
    await sleep(0);
    await collect();
    expect(refs.filter((r) => r.deref() !== undefined)).toEqual([]);
    expect(g.dead).toBe(false);
    await g.kill();
  });

  it('does not take charge of the error of a greenlet that used it', async () => {
    const state = new Local(() => 'state');
    const boom = new Error('boom');
    let g!: Greenlet;
    const reported = await expectOneError(Error, function* () {
      g = spawn(function* () {
        state.get();
        yield* sleep(0);
        throw boom;
      });
      yield* sleep(1);
    });
    expect([g.exception, reported]).toEqual([boom, boom]);
  });
});
