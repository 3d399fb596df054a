import type { Greenlet } from './greenlet.js';

/*
 * The registry of hub greenlets that have waited and not yet ended, for run-info and the
 * block-forever report: an intrusive doubly-linked list threaded through two fields of each
 * greenlet, in the order they first waited. Entering and leaving are O(1) and allocate nothing
 * (measured: a Set costs several times more per spawn+join). A greenlet enters at its first
 * wait (or when `startLater` schedules it) and leaves when it settles, so one that runs to its
 * end without waiting never touches the list; the other live greenlets are queued in the hub
 * or running (see `getRunInfo`). One that is not in the list has `_prevLive === null`.
 */

/** @internal A link of the list: a hub greenlet, or the list's head. */
export interface LiveLink {
  _prevLive: LiveLink | null;
  _nextLive: LiveLink | null;
}

const head: LiveLink = { _prevLive: null, _nextLive: null };
head._prevLive = head;
head._nextLive = head;

/** @internal Add `g` at the end of the list, unless it is already in it. */
export function addLive(g: LiveLink): void {
  if (g._prevLive !== null) return;
  const last = head._prevLive as LiveLink;
  g._prevLive = last;
  g._nextLive = head;
  last._nextLive = g;
  head._prevLive = g;
}

/** @internal Remove `g` from the list, if it is in it. */
export function removeLive(g: LiveLink): void {
  const prev = g._prevLive;
  if (prev === null) return;
  const next = g._nextLive as LiveLink;
  prev._nextLive = next;
  next._prevLive = prev;
  g._prevLive = null;
  g._nextLive = null;
}

/** @internal The greenlets that have waited and not yet ended, in the order they first waited. */
export function waitedGreenlets(): Greenlet[] {
  const greenlets: Greenlet[] = [];
  for (let g = head._nextLive as LiveLink; g !== head; g = g._nextLive as LiveLink) {
    greenlets.push(g as Greenlet);
  }
  return greenlets;
}
