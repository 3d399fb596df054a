import { AsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { asyncContext, sleep, spawn, until } from './index.js';

const requestId = new AsyncLocalStorage<string>();

afterEach(() => {
  asyncContext.mode = 'auto';
});

describe('greenlets follow the AsyncLocalStorage context they were spawned in', () => {
  it('keeps the store across timer, promise and sleep(0) resumes', async () => {
    const body = function* () {
      const seen = [requestId.getStore()];
      yield* sleep(5);
      seen.push(requestId.getStore());
      yield* until(Promise.resolve());
      seen.push(requestId.getStore());
      yield* sleep(0);
      seen.push(requestId.getStore());
      return seen;
    };
    const a = requestId.run('a', () => spawn(body));
    const b = requestId.run('b', () => spawn(body));
    expect(await a).toEqual(['a', 'a', 'a', 'a']);
    expect(await b).toEqual(['b', 'b', 'b', 'b']);
  });

  it('passes the context on to greenlets spawned inside', async () => {
    const parent = requestId.run('outer', () =>
      spawn(function* () {
        yield* sleep(1);
        return yield* spawn(function* () {
          yield* sleep(1);
          return requestId.getStore();
        });
      }),
    );
    expect(await parent).toBe('outer');
  });

  it('leaves greenlets spawned outside the store without it', async () => {
    const g = requestId.exit(() =>
      spawn(function* () {
        yield* sleep(1);
        return requestId.getStore();
      }),
    );
    expect(await g).toBeUndefined();
  });

  it("mode 'never' opts out: the greenlet runs in whatever context resumes it", async () => {
    asyncContext.mode = 'never';
    const g = requestId.run('x', () => spawn(function* () {}));
    expect(g.runner).toBeNull();
    await g;
  });
});
