import { describe, expect, it } from 'vitest';
import { toParent } from './__fixtures__/support.js';
import { Context, ContextVar, copyContext, Greenlet, getCurrent, getMain } from './index.js';

// Behaviours of python-greenlet's test_contextvars.py: a greenlet-local context that follows each
// greenlet across switches. Each test makes its own variables; scenarios that set values in the
// main greenlet run inside `new Context().run(...)` so that main's own context stays untouched.

describe('a new greenlet', () => {
  it('starts with an empty context: a value set in main is not visible, the default is', () => {
    const user = new ContextVar<string>('user', { default: 'nobody' });
    const seen = new Context().run(() => {
      user.set('ada');
      const g = new Greenlet(function* () {
        return [user.get(), getCurrent().context.has(user), getCurrent().context.size];
      });
      return [user.get(), g.switch().value];
    });
    expect(seen).toEqual(['ada', ['nobody', false, 0]]);
  });

  it('keeps its values to itself: main does not see what it sets', () => {
    const user = new ContextVar<string>('user');
    const g = new Greenlet(function* () {
      user.set('grace');
      yield* toParent(user.get());
      return user.get();
    });
    expect(g.switch().value).toBe('grace');
    expect(user.get()).toBeUndefined();
    expect(g.switch().value).toBe('grace');
    expect(g.context.get(user)).toBe('grace'); // still readable once it is dead
  });
});

describe('values follow each greenlet across switches', () => {
  // Four greenlets interleave with main: each checks the value it starts with, sets the variable
  // to its own id, then twice counts the value it sees and switches back to main.
  const modes = [
    { mode: 'not propagated', initial: () => undefined, counts: [2, 2, 2, 2, 2] },
    { mode: 'copied', initial: () => 0, counts: [2, 2, 2, 2, 2] },
    { mode: 'shared', initial: (id: number) => id - 1, counts: [1, 1, 1, 1, 6] },
  ];

  it.each(modes)('context $mode', ({ mode, initial, counts: expected }) => {
    const id = new ContextVar<number>('id');
    const counts = [0, 0, 0, 0, 0];
    const count = () => {
      const value = id.get() as number;
      counts[value] = (counts[value] ?? 0) + 1;
    };
    const started: unknown[] = [];
    new Context().run(() => {
      id.set(0);
      const lets = [1, 2, 3, 4].map(
        (n) =>
          new Greenlet(function* () {
            started.push(id.get());
            id.set(n);
            for (let i = 0; i < 2; i++) {
              count();
              yield* getMain().switch();
            }
          }),
      );
      for (const g of lets) {
        if (mode === 'copied') g.context = copyContext();
        if (mode === 'shared') g.context = getCurrent().context;
      }
      for (let round = 0; round < 2; round++) {
        count();
        for (const g of lets) g.switch();
      }
      for (const g of lets) g.switch();
      expect(lets.map((g) => g.dead)).toEqual([true, true, true, true]);
      expect(id.get()).toBe(mode === 'shared' ? 4 : 0);
    });
    expect(started).toEqual([1, 2, 3, 4].map(initial));
    expect(counts).toEqual(expected);
  });
});

describe('greenlet.context', () => {
  it('shared: a value set in the greenlet is seen by main, and the other way round', () => {
    const flag = new ContextVar<string>('flag');
    new Context().run(() => {
      const g = new Greenlet(function* () {
        const before = flag.get();
        flag.set('from g');
        return before;
      });
      g.context = getCurrent().context;
      flag.set('from main');
      expect(g.switch().value).toBe('from main');
      expect(flag.get()).toBe('from g');
      expect(g.context).toBe(getCurrent().context);
    });
  });

  it('copied: a snapshot; later changes on either side are not seen by the other', () => {
    const flag = new ContextVar<string>('flag');
    new Context().run(() => {
      flag.set('before copy');
      const g = new Greenlet(function* () {
        const first = flag.get();
        flag.set('changed in g');
        return first;
      });
      g.context = copyContext();
      flag.set('changed in main');
      expect(g.switch().value).toBe('before copy');
      expect(flag.get()).toBe('changed in main');
      expect(g.context.get(flag)).toBe('changed in g');
    });
  });

  it('set before start is the context the body starts in', () => {
    const flag = new ContextVar<string>('flag');
    const g = new Greenlet(function* () {
      return flag.get();
    });
    g.context = new Context([[flag, 'preset']]);
    expect(g.switch().value).toBe('preset');
  });

  it('can be replaced while the greenlet runs and while it is suspended', () => {
    const id = new ContextVar<number>('id');
    const g = new Greenlet(function* () {
      const self = getCurrent();
      const seen: unknown[] = [id.get()];
      id.set(1);
      const first = self.context;
      self.context = new Context(); // replaced while running: starts over empty
      seen.push(id.get());
      id.set(2);
      const second = self.context;
      yield* toParent([first, second]);
      // main gave us `first` back while we were suspended
      seen.push(id.get());
      self.context = second;
      seen.push(id.get());
      return seen;
    });
    const [first, second] = g.switch().value as [Context, Context];
    expect(second).toBe(g.context);
    expect([first.get(id), second.get(id)]).toEqual([1, 2]);
    expect(second.run(() => id.get())).toBe(2);
    g.context = first;
    expect(g.switch().value).toEqual([undefined, undefined, 1, 2]);
    expect(g.context).toBe(second);
  });

  it('accepts only a Context', () => {
    const g = new Greenlet(function* () {});
    expect(() => {
      g.context = { get: () => 1 } as unknown as Context;
    }).toThrow(TypeError);
  });
});

describe('ContextVar', () => {
  it('get: the value if set, else the fallback argument, else the default', () => {
    const withDefault = new ContextVar<string>('withDefault', { default: 'default' });
    const bare = new ContextVar<string>('bare');
    new Context().run(() => {
      expect([withDefault.get(), withDefault.get('fallback')]).toEqual(['default', 'fallback']);
      expect([bare.get(), bare.get('fallback')]).toEqual([undefined, 'fallback']);
      withDefault.set('value');
      expect([withDefault.get(), withDefault.get('fallback')]).toEqual(['value', 'value']);
    });
    expect(withDefault.defaultValue).toBe('default');
    expect(String(withDefault)).toBe('ContextVar(withDefault)');
  });

  it('reset with a token restores the previous value, or unsets it', () => {
    const level = new ContextVar<number>('level', { default: -1 });
    new Context().run(() => {
      const first = level.set(1);
      const second = level.set(2);
      expect([second.variable, second.hadValue, second.oldValue]).toEqual([level, true, 1]);
      expect([first.hadValue, first.oldValue]).toEqual([false, undefined]);
      expect(second.context).toBe(getCurrent().context);
      level.reset(second);
      expect(level.get()).toBe(1);
      level.reset(first);
      expect([level.get(), getCurrent().context.has(level)]).toEqual([-1, false]);
    });
  });

  it('reset rejects a token used twice', () => {
    const level = new ContextVar<number>('level');
    new Context().run(() => {
      const token = level.set(1);
      level.reset(token);
      expect(() => level.reset(token)).toThrow(/already used/);
    });
  });

  it('reset rejects a token made in another context, which stays usable there', () => {
    const level = new ContextVar<number>('level');
    const ctx = new Context();
    const token = ctx.run(() => level.set(1));
    expect(() => level.reset(token)).toThrow(/different context/);
    const g = new Greenlet(function* () {
      level.reset(token);
    });
    g.context = ctx;
    g.switch();
    expect(ctx.has(level)).toBe(false);
  });

  it('reset rejects a token of another variable with a TypeError', () => {
    const a = new ContextVar<number>('a');
    const b = new ContextVar<number>('b');
    new Context().run(() => {
      const token = a.set(1);
      expect(() => b.reset(token as unknown as Parameters<typeof b.reset>[0])).toThrow(TypeError);
      expect(a.get()).toBe(1);
    });
  });
});

describe('Context', () => {
  it('run makes it the current context for the call, and restores the previous one', () => {
    const v = new ContextVar<string>('v');
    const ctx = new Context();
    const outer = getCurrent().context;
    const during = ctx.run(() => {
      v.set('inside');
      return getCurrent().context;
    });
    expect(during).toBe(ctx);
    expect(getCurrent().context).toBe(outer);
    expect([ctx.get(v), v.get()]).toEqual(['inside', undefined]);
    expect(() =>
      ctx.run(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(getCurrent().context).toBe(outer);
  });

  it('run inside a greenlet swaps that greenlet’s context only', () => {
    const v = new ContextVar<string>('v');
    const ctx = new Context();
    const g = new Greenlet(function* () {
      v.set('own');
      const inner = ctx.run(() => {
        v.set('in ctx');
        return v.get();
      });
      return [inner, v.get()];
    });
    expect(g.switch().value).toEqual(['in ctx', 'own']);
    expect([ctx.get(v), g.context.get(v)]).toEqual(['in ctx', 'own']);
  });

  it('get / has / size / entries / copy', () => {
    const a = new ContextVar<number>('a', { default: 0 });
    const b = new ContextVar<string>('b');
    const ctx = new Context([[a, 1]]);
    expect([ctx.get(a), ctx.get(b), ctx.has(a), ctx.has(b), ctx.size]).toEqual([
      1,
      undefined,
      true,
      false,
      1,
    ]);
    ctx.run(() => b.set('x'));
    expect([...ctx.entries()]).toEqual([
      [a, 1],
      [b, 'x'],
    ]);
    const copy = ctx.copy();
    copy.run(() => a.set(2));
    expect([ctx.get(a), copy.get(a), copy.get(b)]).toEqual([1, 2, 'x']);
    expect(new Context().get(a)).toBe(0);
  });
});
