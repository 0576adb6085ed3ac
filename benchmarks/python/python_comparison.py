"""Python ProxyStore's side of PythonComparisonBenchmarks (docs/benchmarks.md).

The three operations on 1,024 random bytes (Python serializes ``bytes`` without pickle):
``store.evict(store.put(data))``, ``store.get(key)`` and ``len(store.proxy(data, evict=True))``,
on ``Store(name, connector, cache_size=0, metrics=True, populate_target=False, register=True)``
(``populate_target=False`` so that resolving a proxy goes to the store, as it does in .NET),
with LocalConnector and a FileConnector in the temporary directory. Each repeat runs 4,096
operations on a new store, as the .NET side does per iteration (a store with metrics keeps
every key's metrics, in both implementations); two warm-up repeats, then the median of the
timed ones. Prints microseconds per operation, one line per case; ``--json PATH`` also writes
them to a file that scripts/bench-report.py reads.

Run it with ../shared/tools/python-proxystore (ProxyStore from its source tree):
``python-proxystore benchmarks/python/python_comparison.py``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid

from proxystore.connectors.file import FileConnector
from proxystore.connectors.local import LocalConnector
from proxystore.store import Store
from proxystore.store import unregister_store

OPERATIONS = 4096


def new_store(kind: str):
    if kind == 'Local':
        connector, directory = LocalConnector(), None
    else:
        directory = os.path.join(tempfile.gettempdir(), f'proxystore-pycompare-{uuid.uuid4().hex}')
        connector = FileConnector(directory, clear=True)
    store = Store(f'compare-{uuid.uuid4().hex}', connector, cache_size=0, metrics=True, populate_target=False, register=True)
    return store, directory


def repeat(kind: str, op: str, data: bytes) -> float:
    """One repeat: a new store, OPERATIONS operations timed; nanoseconds per operation."""
    store, directory = new_store(kind)
    try:
        stored = store.put(data)
        start = time.perf_counter_ns()
        if op == 'PutThenEvict':
            for _ in range(OPERATIONS):
                store.evict(store.put(data))
        elif op == 'Get':
            for _ in range(OPERATIONS):
                store.get(stored)
        else:
            for _ in range(OPERATIONS):
                len(store.proxy(data, evict=True))
        return (time.perf_counter_ns() - start) / OPERATIONS
    finally:
        unregister_store(store)
        store.close()
        if directory:
            shutil.rmtree(directory, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--repeats', type=int, default=15, help='timed repeats of 4,096 operations')
    parser.add_argument('--warmups', type=int, default=2, help='untimed repeats first')
    parser.add_argument('--kinds', nargs='+', default=['Local', 'File'])
    parser.add_argument('--json', help='also write the results to this file (for scripts/bench-report.py)')
    args = parser.parse_args()
    data = os.urandom(1024)
    results = []
    print(f'Python {sys.version.split()[0]}, {OPERATIONS} operations per repeat', flush=True)
    for kind in args.kinds:
        for op in ('PutThenEvict', 'Get', 'ProxyResolve'):
            for _ in range(args.warmups):
                repeat(kind, op, data)
            times = [repeat(kind, op, data) for _ in range(args.repeats)]
            print(f'{kind:<6} {op:<13} median {statistics.median(times) / 1000:9.2f} us  mean {statistics.mean(times) / 1000:9.2f} us', flush=True)
            results.append({'case': {'connector': kind, 'op': op}, 'median_ns': statistics.median(times), 'mean_ns': statistics.mean(times)})
    if args.json:
        document = {'script': 'python_comparison', 'measured': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                    'python': sys.version.split()[0], 'repeats': args.repeats, 'results': results}
        with open(args.json, 'w', encoding='utf-8') as file:
            json.dump(document, file, indent=1)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
