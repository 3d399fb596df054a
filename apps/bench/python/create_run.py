"""Create, start and finish greenlets whose body returns 1: from main (with a module-level body
or a new lambda each time), and inside a greenlet."""

from greenlet import greenlet


def child():
    return 1


def create_from_main(count):
    total = 0
    for _ in range(count):
        total += greenlet(child).switch()
    return total


def create_inline(count):
    total = 0
    for _ in range(count):
        total += greenlet(lambda: 1).switch()
    return total


def spawner(count):
    total = 0
    for _ in range(count):
        total += greenlet(child).switch()
    return total


def create_inside(count):
    return greenlet(spawner).switch(count)
