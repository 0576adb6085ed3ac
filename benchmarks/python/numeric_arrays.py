"""Python ProxyStore's side of NumericArrayBenchmarks (docs/benchmarks.md, issue 26).

float64 numpy arrays of 8 and 64 MiB, alone and inside an object (a dict with the matrix's
shape and its data, pickled by ProxyStore), put and get through a Store with metrics on and
no cache, on LocalConnector, FileConnector on disk (the temporary directory) and FileConnector
on /dev/shm, Python's nearest equivalent of a shared-memory connector. A put is timed alone
and its key evicted after it, untimed; a get reads a key put once. Prints the median and the
mean of the timed repeats, in milliseconds, one line per case; ``--json PATH`` also writes them
to a file that scripts/bench-report.py reads.

Run it with ../shared/tools/python-proxystore (ProxyStore from its source tree, Debian's
numpy): ``python-proxystore benchmarks/python/numeric_arrays.py``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import statistics
import sys
import tempfile
import time
import uuid

import numpy as np
from proxystore.connectors.file import FileConnector
from proxystore.connectors.local import LocalConnector
from proxystore.store import Store

MIB = 1024 * 1024


def connectors(kind: str):
    if kind == 'Local':
        return LocalConnector(), None
    root = '/dev/shm' if kind == 'SharedMemory' else tempfile.gettempdir()
    directory = f'{root}/proxystore-pybench-{uuid.uuid4().hex}'
    return FileConnector(directory, clear=True), directory


def timed(action, repeats: int) -> list[float]:
    action()  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        action()
        times.append((time.perf_counter_ns() - start) / 1e6)
    return times


def run(kind: str, mib: int, placement: str, repeats: int, results: list) -> None:
    rng = np.random.default_rng(26)
    data = rng.random(mib * 131_072)
    value = data if placement == 'Alone' else {'rows': mib * 128, 'cols': 1024, 'data': data}
    connector, directory = connectors(kind)
    store = Store(f'bench-{uuid.uuid4().hex}', connector, cache_size=0, metrics=True)
    try:
        stored = store.put(value)
        keys = []

        def put():
            keys.append(store.put(value))

        def get():
            got = store.get(stored)
            assert got is not None

        put_times = []
        for _ in range(repeats + 1):
            start = time.perf_counter_ns()
            put()
            put_times.append((time.perf_counter_ns() - start) / 1e6)
            store.evict(keys.pop())
        put_times = put_times[1:]
        get_times = timed(get, repeats)
        for op, times in (('Put', put_times), ('Get', get_times)):
            print(f'{kind:<12} {mib:>3} MiB {placement:<8} {op:<4} median {statistics.median(times):9.2f} ms  mean {statistics.mean(times):9.2f} ms', flush=True)
            case = {'connector': kind, 'mib': mib, 'placement': placement, 'op': op}
            results.append({'case': case, 'median_ns': statistics.median(times) * 1e6, 'mean_ns': statistics.mean(times) * 1e6})
    finally:
        store.close()
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--repeats', type=int, default=15)
    parser.add_argument('--sizes', type=int, nargs='+', default=[8, 64])
    parser.add_argument('--kinds', nargs='+', default=['Local', 'File', 'SharedMemory'])
    parser.add_argument('--json', help='also write the results to this file (for scripts/bench-report.py)')
    args = parser.parse_args()
    print(f'Python {sys.version.split()[0]}, numpy {np.__version__}', flush=True)
    results: list = []
    for mib in args.sizes:
        for kind in args.kinds:
            for placement in ('Alone', 'InObject'):
                run(kind, mib, placement, args.repeats, results)
    if args.json:
        write_json(args.json, 'numeric_arrays', {'python': sys.version.split()[0], 'numpy': np.__version__, 'repeats': args.repeats}, results)
    return 0


def write_json(path: str, script: str, about: dict, results: list) -> None:
    document = {'script': script, 'measured': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'), **about, 'results': results}
    with open(path, 'w', encoding='utf-8') as file:
        json.dump(document, file, indent=1)


if __name__ == '__main__':
    raise SystemExit(main())
