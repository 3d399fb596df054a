import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type BlockedForeverHandler, setBlockedForeverHandler } from './index.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Run a scenario of __fixtures__/block-forever.ts in a new Node process, from sources. */
function runScenario(scenario: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [
      '--conditions=@tendril/source',
      '--import',
      'tsx',
      'src/__fixtures__/block-forever.ts',
      scenario,
    ],
    { cwd: packageDir, encoding: 'utf8', timeout: 30_000 },
  );
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each scenario starts a Node process that compiles TypeScript: allow for a busy machine.
describe('block forever', { timeout: 30_000 }, () => {
  it('reports greenlets left waiting when the process runs out of work', () => {
    const { status, stderr } = runScenario('blocked');
    expect(status).toBe(0);
    expect(stderr).toMatch(/^This operation would block forever: .* 2 greenlets still waiting/);
    const stuck = stderr.indexOf('Greenlet "stuck" (waiting on until(promise))');
    const joiner = stderr.indexOf('Greenlet "joiner" (waiting on join(stuck))');
    expect(stuck).toBeGreaterThan(0);
    expect(joiner).toBeGreaterThan(stuck);
    expect(stderr.slice(stuck, joiner)).toMatch(/spawned at .*block-forever\.ts:\d+/s);
  });

  it('reports nothing when every greenlet finishes', () => {
    expect(runScenario('finished')).toEqual({ status: 0, stdout: 'rested\n', stderr: '' });
  });

  it('reports nothing when a later beforeExit listener wakes the greenlet', () => {
    expect(runScenario('wokenAtExit')).toEqual({ status: 0, stdout: 'woken\n', stderr: '' });
  });

  it('hands the greenlets to a replaced handler, which may set the exit code', () => {
    expect(runScenario('customHandler')).toEqual({
      status: 3,
      stdout: 'forgotten: until(promise)\n',
      stderr: '',
    });
  });

  it('setBlockedForeverHandler returns the previous handler; null restores the default', () => {
    const mine: BlockedForeverHandler = () => {};
    const original = setBlockedForeverHandler(mine);
    expect(setBlockedForeverHandler(null)).toBe(mine);
    expect(setBlockedForeverHandler(null)).toBe(original);
  });
});
