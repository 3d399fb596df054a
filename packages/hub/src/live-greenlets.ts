import type { Greenlet } from './greenlet.js';

/*
 * The registry of hub greenlets that have waited and not yet ended, for run-info and the
 * block-forever report: an array, each greenlet holding its index (`_liveIndex`, -1 when not in
 * it). Entering appends; leaving moves the last entry into the gap, so both are O(1) and
 * allocate nothing (measured: a Set costs several times more per spawn+join; a linked list
 * through two fields of each greenlet cost it 8 more bytes and two stores into older objects).
 * A greenlet enters at its first wait (or when `startLater` schedules it) and leaves when it
 * settles, so one that runs to its end without waiting never touches the registry; the other
 * live greenlets are queued in the hub or running (see `getRunInfo`).
 */

const live: Greenlet[] = [];

/** @internal Add `g` to the registry, unless it is already in it. */
export function addLive(g: Greenlet): void {
  if (g._liveIndex >= 0) return;
  g._liveIndex = live.length;
  live.push(g);
}

/** @internal Remove `g` from the registry, if it is in it. */
export function removeLive(g: Greenlet): void {
  const i = g._liveIndex;
  if (i < 0) return;
  g._liveIndex = -1;
  const last = live.pop() as Greenlet;
  if (last !== g) {
    live[i] = last;
    last._liveIndex = i;
  }
}

/** @internal The greenlets that have waited and not yet ended, in creation order. */
export function waitedGreenlets(): Greenlet[] {
  return live.slice().sort((a, b) => a.id - b.id);
}
