// A program for block-forever.test.ts, run in a child process: `tsx block-forever.ts <scenario>`.
import { setBlockedForeverHandler, sleep, spawn, spawnSites, until } from '@tendril/hub';

const scenarios: Record<string, () => void> = {
  /** A greenlet waits on a promise that never settles; another joins it. */
  blocked() {
    spawnSites.capture = true;
    const stuck = spawn(function* stuck() {
      yield* until(new Promise(() => {}));
    });
    spawn(function* joiner() {
      yield* stuck.join();
    });
  },
  /** Everything finishes: the process ends with nothing to report. */
  finished() {
    const napper = spawn(function* napper() {
      yield* sleep(5);
      return 'rested';
    });
    spawn(function* joiner() {
      process.stdout.write(`${yield* napper.get()}\n`);
    });
  },
  /** What the greenlet waits on is settled by a 'beforeExit' listener: not blocked after all. */
  wokenAtExit() {
    let wake = (): void => {};
    const late = new Promise<void>((resolve) => {
      wake = resolve;
    });
    spawn(function* sleeper() {
      yield* until(late);
      process.stdout.write('woken\n');
    });
    process.once('beforeExit', () => wake());
  },
  /** A replaced handler gets the greenlets and may set the exit code. */
  customHandler() {
    setBlockedForeverHandler((greenlets) => {
      process.stdout.write(`${greenlets.map((g) => `${g.name}: ${g.waitingOn}`).join('\n')}\n`);
      process.exitCode = 3;
    });
    spawn(function* forgotten() {
      yield* until(new Promise(() => {}));
    });
  },
};

const scenario = scenarios[process.argv[2] ?? ''];
if (scenario === undefined) throw new Error(`unknown scenario ${process.argv[2]}`);
scenario();
