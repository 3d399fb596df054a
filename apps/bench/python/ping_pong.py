"""Ping-pong between two greenlets, the switch `depth` nested Python calls below the body."""

from functools import partial

from greenlet import greenlet


def play(depth, other, rounds):
    if depth > 0:
        return play(depth - 1, other, rounds)
    for _ in range(rounds):
        other.switch()
    return rounds


def ping_pong(depth, rounds):
    """Switch 2 * rounds times; return the rounds the first greenlet completed."""
    a = greenlet()
    b = greenlet()
    # partial, not a lambda: a lambda would add a Python frame (one level of depth).
    a.run = partial(play, depth, b, rounds)
    b.run = partial(play, depth, a, rounds)
    return a.switch()
