import type { Greenlet } from './greenlet.js';
import type { WaitSubject } from './wait.js';

/*
 * The registry of hub greenlets that have waited and not yet ended, with what each waits on,
 * for run-info and the block-forever report: arrays, each greenlet holding its index
 * (`_liveIndex`, -1 when not in it). Entering appends; leaving moves the last entry into the
 * gap, so both are O(1) and allocate nothing (measured: a Set costs several times more per
 * spawn+join; a linked list through two fields of each greenlet cost it 8 more bytes and two
 * stores into older objects).
 * A greenlet enters at its first wait (or when `startLater` schedules it) and leaves when it
 * settles, so one that runs to its end without waiting never touches the registry; the other
 * live greenlets are queued in the hub or running (see `getRunInfo`).
 */

const live: Greenlet[] = [];
/**
 * What each greenlet of `live` waits on (same index), while it waits: kept here rather than in
 * a field, so that greenlets that never wait (most of a spawn-heavy program) are 8 bytes smaller.
 */
const subjects: (string | WaitSubject | undefined)[] = [];

/**
 * @internal Add `g` to the registry, unless it is already in it, and record what it waits on
 * (`undefined`: nothing yet, e.g. a greenlet scheduled to start later).
 */
export function addLive(g: Greenlet, waitingOn: string | WaitSubject | undefined): void {
  const i = g._liveIndex;
  if (i >= 0) {
    subjects[i] = waitingOn;
    return;
  }
  g._liveIndex = live.length;
  live.push(g);
  subjects.push(waitingOn);
}

/** @internal `g`, which is in the registry, waits on nothing now (its wake-up came). */
export function clearWaitingOn(g: Greenlet): void {
  subjects[g._liveIndex] = undefined;
}

/** @internal What `g` waits on, or `undefined`. */
export function waitingOnOf(g: Greenlet): string | WaitSubject | undefined {
  const i = g._liveIndex;
  return i < 0 ? undefined : subjects[i];
}

/** @internal Remove `g` from the registry, if it is in it. */
export function removeLive(g: Greenlet): void {
  const i = g._liveIndex;
  if (i < 0) return;
  g._liveIndex = -1;
  const last = live.pop() as Greenlet;
  const lastWaitingOn = subjects.pop();
  if (last !== g) {
    live[i] = last;
    subjects[i] = lastWaitingOn;
    last._liveIndex = i;
  }
}

/** @internal The greenlets that have waited and not yet ended, in creation order. */
export function waitedGreenlets(): Greenlet[] {
  return live.slice().sort((a, b) => a.id - b.id);
}
