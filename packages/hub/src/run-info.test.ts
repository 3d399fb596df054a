import { afterEach, describe, expect, it } from 'vitest';
import { deferred } from './__fixtures__/support.js';
import {
  formatRunInfo,
  Greenlet,
  type GreenletInfo,
  getRunInfo,
  sleep,
  spawn,
  spawnSites,
  until,
} from './index.js';

const never = new Promise<never>(() => {});

function summary(infos: readonly GreenletInfo[]): unknown[] {
  return infos.map((i) => [i.name, i.state, i.waitingOn, summary(i.children)]);
}

async function killAll(infos: readonly GreenletInfo[]): Promise<void> {
  for (const info of infos) {
    await killAll(info.children);
    await info.greenlet.kill();
  }
}

afterEach(async () => {
  await killAll(getRunInfo().roots);
  spawnSites.capture = false;
});

describe('getRunInfo', () => {
  it('lists live greenlets as a tree by spawner, in start order', async () => {
    const { promise: released, resolve: release } = deferred();
    const server = spawn(function* server() {
      spawn(function* worker() {
        yield* until(released);
      });
      spawn(function* napper() {
        yield* sleep(10_000);
      });
      yield* until(released);
    });
    const late = new Greenlet(function* late() {}).startLater(10_000);
    expect(summary(getRunInfo().roots)).toEqual([
      ['server', 'unstarted', undefined, []],
      ['late', 'unstarted', undefined, []],
    ]);

    await sleep(0);
    const info = getRunInfo();
    expect(summary(info.roots)).toEqual([
      [
        'server',
        'waiting',
        'until(promise)',
        [
          ['worker', 'waiting', 'until(promise)', []],
          ['napper', 'waiting', 'sleep(10000)', []],
        ],
      ],
      ['late', 'unstarted', undefined, []],
    ]);
    expect(info).toMatchObject({ greenletCount: 4, readyCount: 0, timerCount: 2 });
    expect(info.roots[0]?.greenlet).toBe(server);

    release();
    await server.join();
    await late.kill();
    expect(summary(getRunInfo().roots)).toEqual([['napper', 'waiting', 'sleep(10000)', []]]);
  });

  it('shows the running greenlet and those ready to resume', async () => {
    spawn(function* yielder() {
      yield* sleep(0);
    });
    const observer = spawn(function* observer() {
      return getRunInfo();
    });
    const info = await observer;
    expect(summary(info.roots)).toEqual([
      ['yielder', 'ready', undefined, []],
      ['observer', 'running', undefined, []],
    ]);
    expect(info.readyCount).toBe(1);
  });

  it('makes a greenlet whose spawner finished a root', async () => {
    const parent = spawn(function* parent() {
      spawn(function* orphan() {
        yield* until(never);
      });
    });
    await parent.join();
    await sleep(0);
    expect(summary(getRunInfo().roots)).toEqual([['orphan', 'waiting', 'until(promise)', []]]);
  });

  it('drops greenlets that finish, fail or are killed, started or not', async () => {
    const unstarted = new Greenlet(function* unstarted() {});
    const scheduled = spawn(function* scheduled() {});
    const delayed = new Greenlet(function* delayed() {}).startLater(10_000);
    expect(getRunInfo().greenletCount).toBe(2);
    delayed.kill(); // the kill happens at once; not waiting lets `scheduled` stay unstarted
    unstarted.kill();
    expect(summary(getRunInfo().roots)).toEqual([['scheduled', 'unstarted', undefined, []]]);
    await scheduled;
    const failing = spawn(function* failing() {
      throw new Error('expected');
    });
    failing.link(() => {}); // handled: not reported
    await failing.join();
    expect(getRunInfo()).toMatchObject({ greenletCount: 0, roots: [], timerCount: 0 });
  });

  it('keeps the others, in creation order and with what they wait on, as waiting greenlets end in any order', async () => {
    function* napper(ms: number) {
      yield* sleep(ms);
    }
    const nappers = [1, 10_000, 2, 20_000, 30_000].map((ms) => spawn(napper, ms));
    await sleep(0);
    expect(getRunInfo().greenletCount).toBe(5);
    await (nappers[2] as Greenlet).join(); // the first and the third end
    await (nappers[3] as Greenlet).kill(); // one in the middle leaves
    const roots = () => getRunInfo().roots.map((info) => [info.id, info.waitingOn]);
    expect(roots()).toEqual([
      [nappers[1]?.id, 'sleep(10000)'],
      [nappers[4]?.id, 'sleep(30000)'],
    ]);
    await (nappers[1] as Greenlet).kill();
    expect(roots()).toEqual([[nappers[4]?.id, 'sleep(30000)']]);
  });
});

describe('formatRunInfo', () => {
  it('draws the tree with a header', async () => {
    spawnSites.capture = false; // the leak check turns it on; the sites are tested below
    const ids: Record<string, number> = {};
    const server = spawn(function* server() {
      ids.worker = spawn(function* worker() {
        ids.helper = spawn(function* helper() {
          yield* until(never);
        }).id;
        yield* until(never);
      }).id;
      ids.napper = spawn(function* napper() {
        yield* sleep(10_000);
      }).id;
      yield* until(never);
    });
    await sleep(0);
    expect(formatRunInfo()).toBe(
      [
        'hub: 4 live greenlets, 0 ready, 1 timer pending',
        `#${server.id} "server" (waiting on until(promise))`,
        `├─ #${ids.worker} "worker" (waiting on until(promise))`,
        `│  └─ #${ids.helper} "helper" (waiting on until(promise))`,
        `└─ #${ids.napper} "napper" (waiting on sleep(10000))`,
      ].join('\n'),
    );
  });

  it('shows spawn sites when they are captured', async () => {
    spawnSites.capture = true;
    const parent = spawn(function* parent() {
      spawn(function* child() {
        yield* until(never);
      });
      yield* until(never);
    });
    await sleep(0);
    const lines = formatRunInfo().split('\n');
    const childLine = lines.findIndex((line) => line.startsWith('└─ '));
    const parentSite = lines.slice(2, childLine);
    expect(lines[1]).toBe(`#${parent.id} "parent" (waiting on until(promise))`);
    expect(parentSite[0]).toMatch(/^│ {3}spawned at /);
    for (const line of parentSite.slice(1)) expect(line).toMatch(/^│ {11}at /);
    expect(parentSite.join('\n')).toContain('run-info.test.ts');
    expect(lines[childLine]).toMatch(/^└─ #\d+ "child" \(waiting on until\(promise\)\)$/);
    expect(lines[childLine + 1]).toMatch(/^ {7}spawned at /);
    // Formatted on first read, then kept.
    expect(parent.spawnSite).toContain('run-info.test.ts');
    expect(parent.spawnSite).toBe(parent.spawnSite);
  });

  it('formats a given snapshot, with nothing live', () => {
    expect(formatRunInfo({ greenletCount: 0, readyCount: 2, timerCount: 1, roots: [] })).toBe(
      'hub: 0 live greenlets, 2 ready, 1 timer pending',
    );
  });
});
