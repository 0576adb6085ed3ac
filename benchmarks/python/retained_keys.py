"""Python ProxyStore's side of RetainedKeysBenchmarks (docs/benchmarks.md, issue 19).

N puts into one store that keeps every object, then N gets, N exists and N evicts of those
keys; 16 B and 1 KiB ``bytes`` payloads; metrics on and off; LocalConnector and
FileConnector; no cache (``cache_size=0``), so every get reaches the connector, as in .NET.
Prints one line per phase: the mean time per operation and the garbage collections the
phase ran.

Python ProxyStore is not installed here; point ``--proxystore`` at a source checkout (for
example ``git archive`` of its repository). Two gaps of a source tree are patched in this
process only: its ``tomli_w`` import (only used to write TOML configs) and its own version
lookup (a source tree has no installed metadata).
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import os
import shutil
import sys
import tempfile
import time
import types


def load_proxystore(path: str):
    sys.modules.setdefault('tomli_w', types.ModuleType('tomli_w'))
    real_version = importlib.metadata.version
    importlib.metadata.version = lambda name: '0.0.0' if name == 'proxystore' else real_version(name)
    sys.path.insert(0, path)
    from proxystore.connectors.file import FileConnector
    from proxystore.connectors.local import LocalConnector
    from proxystore.store import Store

    return Store, LocalConnector, FileConnector


def gc_collections() -> int:
    return sum(s['collections'] for s in gc.get_stats())


def phase(name: str, n: int, action) -> None:
    collections = gc_collections()
    start = time.perf_counter_ns()
    action()
    elapsed = time.perf_counter_ns() - start
    print(f'{name:<8} {elapsed / n / 1000:10.3f} us/op  gc={gc_collections() - collections}', flush=True)


def run(Store, connector, n: int, size: int, metrics: bool, label: str) -> None:
    data = os.urandom(size)
    store = Store(f'retained-{label}', connector, cache_size=0, metrics=metrics, register=False)
    keys = []
    print(f'# {label} n={n} size={size} metrics={metrics}', flush=True)
    phase('put', n, lambda: keys.extend(store.put(data) for _ in range(n)))
    phase('get', n, lambda: [store.get(k) for k in keys])
    phase('exists', n, lambda: [store.exists(k) for k in keys])
    phase('evict', n, lambda: [store.evict(k) for k in keys])
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--proxystore', required=True, help='a source checkout of Python ProxyStore')
    parser.add_argument('--n', type=int, nargs='+', default=[10_000, 100_000])
    parser.add_argument('--size', type=int, nargs='+', default=[16, 1024])
    parser.add_argument('--connector', nargs='+', default=['local', 'file'])
    parser.add_argument('--metrics', nargs='+', default=['on', 'off'])
    args = parser.parse_args()
    Store, LocalConnector, FileConnector = load_proxystore(args.proxystore)
    for kind in args.connector:
        for n in args.n:
            for size in args.size:
                for metrics in args.metrics:
                    directory = tempfile.mkdtemp(prefix='ps-retained-')
                    try:
                        connector = LocalConnector() if kind == 'local' else FileConnector(directory)
                        run(Store, connector, n, size, metrics == 'on', f'{kind}')
                    finally:
                        shutil.rmtree(directory, ignore_errors=True)


if __name__ == '__main__':
    main()
