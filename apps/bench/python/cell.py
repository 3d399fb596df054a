"""One cell in a process of its own (see src/harness/protocol.ts).

Usage: python3 python/cell.py '<CellRequest JSON>'; prints one CellReply JSON line.
"""

import json
import sys

from create_run import create_from_main, create_inline, create_inside
from harness import measure
from ping_pong import ping_pong


def bind(request):
    ops = request["ops"]
    kind = request["kind"]
    if kind == "ping-pong":
        rounds = ops // 2
        return (lambda: ping_pong(request["depth"], rounds)), rounds
    if kind == "create-main":
        return (lambda: create_from_main(ops)), ops
    if kind == "create-inline":
        return (lambda: create_inline(ops)), ops
    if kind == "create-inside":
        return (lambda: create_inside(ops)), ops
    raise ValueError(f"unknown workload kind {kind}")


def main():
    request = json.loads(sys.argv[1])
    workload, expected = bind(request)
    print(json.dumps({"samples": measure(workload, expected, request)}))


if __name__ == "__main__":
    main()
