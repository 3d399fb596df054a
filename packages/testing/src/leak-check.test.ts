import { getHub, sleep, spawn, spawnSites } from '@tendril/hub';
import { describe, expect, it } from 'vitest';
import { addLeakSource, green, startLeakCheck, TestFailure, useLeakCheck } from './index.js';

describe('leak check', () => {
  it('finds a greenlet spawned during the check, and its timer', async () => {
    const check = startLeakCheck();
    const leaker = spawn(function* leaker() {
      yield* sleep(10_000);
    });
    await sleep(0);
    const leaks = check.find();
    expect(leaks.map((leak) => leak.kind)).toEqual(['greenlet', 'timer']);
    expect(leaks[0]?.resource).toBe(leaker);
    expect(leaks[0]?.description).toContain('Greenlet "leaker" (waiting on sleep(10000))');
    expect(leaks[0]?.description).toMatch(/spawned at [\s\S]*leak-check\.test\.ts/);
    await expect(check.finish()).rejects.toThrow(/greenlet: Greenlet "leaker"/);
    expect(leaker.dead).toBe(true); // closed: the next test starts clean
    expect(getHub().timers.size).toBe(0);
  });

  it('a green test that leaks a greenlet fails, naming it', async () => {
    let leaked: ReturnType<typeof spawn> | undefined;
    const run = green(function* () {
      leaked = spawn(function* forgotten() {
        yield* sleep(10_000);
      });
      yield* sleep(0);
    });
    const failure = await run().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(TestFailure.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/the test left something behind/);
    expect((failure as Error).message).toContain('Greenlet "forgotten" (waiting on sleep(10000))');
    expect(leaked?.dead).toBe(true);
  });

  it('passes when what was spawned has finished or was there before', async () => {
    const before = spawn(function* before() {
      yield* sleep(10_000);
    });
    await sleep(0); // it runs and sets its timer before the check starts
    const check = startLeakCheck();
    const done = spawn(function* quick() {
      return 1;
    });
    expect(await done).toBe(1);
    expect(check.find()).toEqual([]);
    await check.finish();
    await before.kill();
  });

  it('reports hub timers left pending', async () => {
    const check = startLeakCheck();
    const timer = getHub().timers.add(10_000, () => {});
    try {
      await expect(check.finish()).rejects.toThrow('1 hub timer pending, 0 at the start');
    } finally {
      timer.cancel();
    }
  });

  it('records spawn sites while it runs, then restores the setting', async () => {
    expect(spawnSites.capture).toBe(false);
    const check = startLeakCheck();
    expect(spawnSites.capture).toBe(true);
    await check.finish();
    expect(spawnSites.capture).toBe(false);
  });

  it('watches the resources of added sources, and closes leaked ones', async () => {
    const open = new Set<{ id: string }>([{ id: 'old' }]);
    const remove = addLeakSource({
      kind: 'socket',
      live: () => open,
      describe: (socket) => `socket ${socket.id}`,
      close: (socket) => open.delete(socket),
    });
    try {
      const check = startLeakCheck();
      open.add({ id: 'new' });
      expect(check.find().map((leak) => leak.description)).toEqual(['socket new']);
      await expect(check.finish()).rejects.toThrow('socket: socket new');
      expect([...open].map((socket) => socket.id)).toEqual(['old']);
    } finally {
      remove();
    }
    open.add({ id: 'after removal' });
    expect(startLeakCheck().find()).toEqual([]);
  });

  describe('useLeakCheck', () => {
    useLeakCheck();
    it('checks each test of the block (this one cleans up)', async () => {
      const g = spawn(function* () {
        yield* sleep(10_000);
      });
      await sleep(0);
      await g.kill();
    });
  });
});
