import type { Greenlet } from '@tendril/hub';

/**
 * @internal Resolve once `g` has finished, or after `ms` milliseconds of *real* time. Test
 * helpers bound their own waits this way: a hub timer would run on the virtual clock.
 *
 * @returns Whether it finished in time.
 */
export function whenDead(g: Greenlet, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onDeath = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      g.unlink(onDeath);
      resolve(false);
    }, ms);
    g.link(onDeath);
  });
}
