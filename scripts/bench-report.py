#!/usr/bin/env python3
"""Writes docs/benchmarks.md's tables and docs/benchmarks/*.svg from benchmark results.

Reads, from a results directory (scripts/bench-all.sh writes artifacts/bench/latest):
  dotnet/results/*-report-full-compressed.json (or *-report-full.json, or *-report.csv):
      BenchmarkDotNet's results (the .NET side; run with --exporters json);
  python/*.json: what benchmarks/python/*.py --json wrote (Python ProxyStore's side);
  machine.json: the machine and conditions bench-all.sh recorded.
Where a benchmark is missing from the results it takes the number recorded in
docs/benchmarks/recorded.json and says so above the table, with the date and commit it was
recorded on; a table with neither is replaced by a line saying so. Each table of
docs/benchmarks.md sits between <!-- bench-report:begin NAME --> and <!-- bench-report:end NAME -->
and is replaced whole. Python 3 standard library only; the charts are hand-written SVG.

  scripts/bench-report.py [--results DIR] [--doc docs/benchmarks.md] [--charts docs/benchmarks]
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import math
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIB = 1024 * 1024
KIB = 1024


# ---------------------------------------------------------------------------------------------
# Results: one list of entries, the run's own first, the recorded ones after.

class Entry:
    def __init__(self, side, kind, name, params, ns=None, mb_per_s=None, session='run', allocated=None):
        self.side, self.kind, self.name = side, kind, name
        self.params = {k.lower(): str(v).lower() for k, v in params.items()}
        self.ns, self.mb_per_s, self.session, self.allocated = ns, mb_per_s, session, allocated


def parse_params(text):
    params = {}
    for part in filter(None, (text or '').split('&')):
        key, _, value = part.partition('=')
        params[key] = value
    return params


UNITS = {'ns': 1.0, 'μs': 1e3, 'us': 1e3, 'µs': 1e3, 'ms': 1e6, 's': 1e9}


def parse_time(text):
    match = re.match(r'^\s*([\d.,]+)\s*(ns|μs|µs|us|ms|s)\s*$', text or '')
    return float(match.group(1).replace(',', '')) * UNITS[match.group(2)] if match else None


def read_dotnet(results_dir, notes):
    entries, seen = [], set()
    files = sorted(glob.glob(os.path.join(results_dir, '**', '*-report-full*.json'), recursive=True))
    for path in files:
        with open(path, encoding='utf-8') as file:
            document = json.load(file)
        for benchmark in document.get('Benchmarks', []):
            statistics = benchmark.get('Statistics') or {}
            if 'Mean' not in statistics:
                continue
            memory = benchmark.get('Memory') or {}
            entries.append(Entry('dotnet', benchmark['Type'], benchmark['Method'], parse_params(benchmark.get('Parameters')), ns=statistics['Mean'],
                                 allocated=memory.get('BytesAllocatedPerOperation')))
        seen.add(os.path.basename(path).split('-report')[0])
    for path in sorted(glob.glob(os.path.join(results_dir, '**', '*-report.csv'), recursive=True)):
        kind = os.path.basename(path).split('-report')[0]
        if kind in seen:
            continue
        with open(path, encoding='utf-8', newline='') as file:
            rows = list(csv.DictReader(file))
        for row in rows:
            ns = parse_time(row.get('Mean'))
            if ns is None:
                continue
            known = {'Method', 'Job', 'Mean', 'Error', 'StdDev', 'Median', 'Allocated', 'Ratio', 'RatioSD', 'Gen0', 'Gen1', 'Gen2', 'Alloc Ratio'}
            params = {k: v for k, v in row.items() if k not in known and k[:1].isupper() and k in ('Connector', 'Size', 'Metrics', 'MiB', 'Placement', 'Store', 'ItemBytes', 'Broker', 'Data', 'Interfaces')}
            entries.append(Entry('dotnet', kind, row['Method'], params, ns=ns))
    if not entries:
        notes.append(f'no BenchmarkDotNet results under {results_dir}')
    return entries


def read_python(results_dir, notes):
    entries = []
    for path in sorted(glob.glob(os.path.join(results_dir, 'python', '*.json'))):
        with open(path, encoding='utf-8') as file:
            document = json.load(file)
        for result in document.get('results', []):
            entries.append(Entry('python', document['script'], '', result['case'], ns=result.get('median_ns'), mb_per_s=result.get('mb_per_s')))
    if not entries:
        notes.append(f'no Python results under {os.path.join(results_dir, "python")}')
    return entries


def read_recorded(path):
    if not os.path.exists(path):
        return [], {}, ''
    with open(path, encoding='utf-8') as file:
        document = json.load(file)
    entries = [Entry('dotnet', e['type'], e['method'], e['params'], ns=e.get('ns'), mb_per_s=e.get('mb_per_s'), session=e['session'], allocated=e.get('allocated')) for e in document['dotnet']]
    entries += [Entry('python', e['script'], '', e['case'], ns=e.get('median_ns'), mb_per_s=e.get('mb_per_s'), session=e['session']) for e in document['python']]
    # The most recent session first (session names start with their date), so a lookup finds the latest number.
    entries.sort(key=lambda e: e.session, reverse=True)
    return entries, document['sessions'], document.get('machine', '')


class Results:
    def __init__(self, fresh, recorded, sessions, run_commit=None):
        self.fresh, self.recorded, self.sessions, self.run_commit = fresh, recorded, sessions, run_commit

    def measured_after(self, entry, commit):
        """Whether entry was measured on a tree that holds commit (unknown counts as not)."""
        measured = self.run_commit if entry.session == 'run' else self.sessions.get(entry.session, {}).get('commit')
        if not measured:
            return False
        try:
            return subprocess.run(['git', 'merge-base', '--is-ancestor', commit, measured], cwd=ROOT, capture_output=True).returncode == 0
        except OSError:
            return False

    def find(self, side, kind, name='', session=None, **params):
        """The first entry that matches, the run's own before the recorded (newest session first); of one session when given."""
        wanted = {k.lower(): str(v).lower() for k, v in params.items()}
        for pool in (self.fresh, self.recorded):
            for entry in pool:
                if (session is None or entry.session == session) and entry.side == side and entry.kind == kind and entry.name == name \
                        and all(entry.params.get(k) == v for k, v in wanted.items()):
                    return entry
        return None

    def net(self, kind, name, **params):
        return self.find('dotnet', kind, name, **params)

    def of_session(self, session, kind, name, **params):
        """A .NET entry of one session: for rows that show what changed since the page's run."""
        return self.find('dotnet', kind, name, session=session, **params)

    def py(self, script, **case):
        return self.find('python', script, '', **case)

    def py_of_session(self, session, script, **case):
        return self.find('python', script, '', session=session, **case)


# ---------------------------------------------------------------------------------------------
# Formatting.

def fmt_time(ns):
    for unit, scale in (('s', 1e9), ('ms', 1e6), ('µs', 1e3)):
        if ns >= scale:
            return f'{number(ns / scale)} {unit}'
    return f'{number(ns)} ns'


def number(value):
    if value >= 100:
        return f'{value:,.0f}'
    if value >= 10:
        return f'{value:.1f}'
    return f'{value:.2f}'


def fmt_ratio(value):
    return f'{value:,.0f}x' if value >= 100 else f'{value:.1f}x' if value >= 10 else f'{value:.2f}x'


class Table:
    """Rows of operation | ours | anchor | floor | target | met?; cells remember their session."""

    def __init__(self, results, anchor, floor):
        self.results, self.anchor, self.floor = results, anchor, floor
        self.rows, self.sessions = [], []

    def mark(self, *entries):
        marks = []
        for entry in entries:
            if entry is not None:
                if entry.session not in self.sessions:
                    self.sessions.append(entry.session)
                marks.append(entry.session)
        return marks

    def row(self, operation, ours, anchor=None, floor=None, target='', met=None, show=fmt_time, value=lambda e: e.ns):
        """met: a function of (ours, anchor, floor) values returning (bool, why), or None."""
        if ours is None:
            return
        sessions = self.mark(ours, anchor, floor)
        values = [value(e) if e is not None else None for e in (ours, anchor, floor)]
        verdict = ''
        if met is not None:
            try:
                ok, why = met(*values)
                verdict = f'met ({why})' if ok else f'**not met** ({why})'
            except TypeError:  # a value the verdict needs is missing
                verdict = ''
        cells = [show(v) if v is not None else '' for v in values]
        self.rows.append((operation, cells, target, verdict, sessions))

    def markdown(self):
        if not self.rows:
            return None
        multi = len(self.sessions) > 1
        head = [f'| operation | ours | {self.anchor} | {self.floor} | target | met? |', '|---|---:|---:|---:|---|---|']
        for operation, cells, target, verdict, sessions in self.rows:
            tag = ''
            if multi:
                tag = ' ' + ''.join(f'[{self.sessions.index(s) + 1}]' for s in dict.fromkeys(sessions))
            head.append(f'| {operation}{tag} | ' + ' | '.join(cells) + f' | {target} | {verdict} |')
        return '\n'.join(head)

    def provenance(self):
        lines = []
        for index, session in enumerate(self.sessions):
            tag = f'[{index + 1}] ' if len(self.sessions) > 1 else ''
            if session == 'run':
                lines.append(f'{tag}Measured in the run described under "Machine and conditions".')
            else:
                info = self.results.sessions.get(session, {})
                lines.append(f'{tag}**Recorded on {info.get("date", "?")}** (numbers added in commit `{info.get("commit", "?")}`; {info.get("note", "")}), **not re-measured**.')
        return '\n'.join(f'{line}  ' if i < len(lines) - 1 else line for i, line in enumerate(lines))


def at_most(limit, what='floor'):
    return lambda ours, anchor, floor: (ours / floor <= limit, f'{fmt_ratio(ours / floor)} the {what}')


def faster_than_anchor(factor, what='Python'):
    return lambda ours, anchor, *rest: (anchor / ours >= factor, f'{fmt_ratio(anchor / ours)} faster than {what}' if anchor >= ours else f'{fmt_ratio(ours / anchor)} slower than {what}')


# ---------------------------------------------------------------------------------------------
# The tables, one per area.

def proxy_calls(r):
    t = Table(r, 'anchor: Castle proxy', 'floor: direct call')
    k = 'ProxyCallBenchmarks'
    direct, generated = r.net(k, 'Direct'), r.net(k, 'GeneratedResolved')
    t.row('call through a resolved generated proxy', generated, None, direct, '<= 1.25x the direct call', at_most(1.25, 'direct call'))
    t.row('the same, with ~13 ns of work in the method', r.net(k, 'GeneratedResolvedWork'), None, r.net(k, 'DirectWork'), '<= 1.25x', at_most(1.25, 'direct call'))
    castle = r.net(k, 'CastleResolved')
    t.row('resolved call, generated against Castle (one run)', alongside(r, castle, k, 'GeneratedResolved'), castle, None, '>= 10x faster than Castle', faster_than_anchor(10, 'Castle'))
    castle = r.net(k, 'CastleFirstUse')
    t.row('first use: proxy from a key, resolve from the cache, call (one run)', alongside(r, castle, k, 'GeneratedFirstUse'), castle, None, '', None)
    return t


def alongside(r, other, kind, name, **params):
    """The entry of the run that measured other, so that a ratio is taken within one run."""
    return None if other is None else r.of_session(other.session, kind, name, **params)


def cache_hit(r):
    t = Table(r, 'anchor', 'floor: metrics off')
    k = 'StoreOperationBenchmarks'
    for connector in ('Local', 'File'):
        t.row(f'{connector}: cache hit, metrics on (`ReadOnlyMemory<byte>`, the cache path)', r.net(k, 'GetCacheHitShared', Connector=connector, Metrics=True), None,
              r.net(k, 'GetCacheHitShared', Connector=connector, Metrics=False), '<= 150 ns; <= 1.5x metrics off',
              lambda o, a, f: (o <= 150 and o / f <= 1.5, f'{fmt_time(o)}, {fmt_ratio(o / f)} metrics off'))
        t.row(f'{connector}: cache hit, metrics on (`byte[]`, copied for the caller)', r.net(k, 'GetCacheHit', Connector=connector, Metrics=True), None,
              r.net(k, 'GetCacheHit', Connector=connector, Metrics=False), '<= 150 ns; <= 1.5x metrics off',
              lambda o, a, f: (o <= 150 and o / f <= 1.5, f'{fmt_time(o)}, {fmt_ratio(o / f)} metrics off'))
    return t


def python_1kib(r):
    t = Table(r, 'anchor: Python ProxyStore', 'floor')
    names = {'PutThenEvict': 'put then evict', 'Get': 'get (no cache)', 'ProxyResolve': 'proxy + resolve (evict)'}
    for connector, factor in (('Local', 30), ('File', 5)):
        for op, label in names.items():
            t.row(f'{connector}: {label}, 1 KiB', r.net('PythonComparisonBenchmarks', op, Connector=connector), r.py('python_comparison', connector=connector, op=op), None,
                  f'>= {factor}x faster than Python', faster_than_anchor(factor))
    return t


def files(r):
    t = Table(r, 'anchor', 'floor: the raw system calls')
    k = 'FileFloorBenchmarks'
    for size, label in ((KIB, '1 KiB'), (MIB, '1 MiB')):
        for store, raw, what in (('StorePutThenEvict', 'RawPutThenDelete', 'put + evict'), ('StoreGet', 'RawRead', 'get'), ('StoreProxyResolve', 'RawPutReadDelete', 'proxy + resolve')):
            t.row(f'FileConnector {what}, {label}', r.net(k, store, Size=size), None, r.net(k, raw, Size=size), '<= 1.3x the raw calls', at_most(1.3, 'raw calls'))
    return t


def redis(r):
    t = Table(r, 'anchor: the connector alone', 'floor: raw `StringGet`')
    for metrics in (False, True):
        t.row(f'`Store.Get`, 1 KiB, metrics {"on" if metrics else "off"}', r.net('RedisBenchmarks', 'StoreGet', Metrics=metrics), r.net('RedisBenchmarks', 'ConnectorGet', Metrics=metrics),
              r.net('RedisBenchmarks', 'RawStringGet', Metrics=metrics), '<= 1.10x raw', at_most(1.10, 'raw get'))
    return t


PLACEMENTS = (('Put', 'Alone', 'put, array'), ('Get', 'Alone', 'get, array'), ('Put', 'InObject', 'put, object'), ('Get', 'InObject', 'get, object (`double[]` member)'),
              ('Get', 'InObjectReadOnly', 'get, object (`ReadOnlyMemory<double>` member)'))


def numeric(r):
    t = Table(r, 'anchor: Python ProxyStore + numpy', 'floor: copy into a new array')
    for mib in (8, 64):
        floor = r.net('ArrayCopyFloorBenchmarks', 'CopyIntoNewArray', MiB=mib)
        for connector in ('Local', 'File', 'SharedMemory'):
            for op, placement, label in PLACEMENTS:
                python = r.py('numeric_arrays', connector=connector, mib=mib, placement='InObject' if placement == 'InObjectReadOnly' else placement, op=op)
                target = '>= 3x faster than Python' if op == 'Put' else 'faster than Python'
                t.row(f'{connector} {label}, {mib} MiB', r.net('NumericArrayBenchmarks', op, MiB=mib, Connector=connector, Placement=placement), python, floor, target,
                      faster_than_anchor(3 if op == 'Put' else 1))
            view = r.net('NumericArrayViewBenchmarks', 'View', MiB=mib, Connector=connector)
            t.row(f'{connector} view of the array (`GetView<double>`), {mib} MiB', view, r.py('numeric_arrays', connector=connector, mib=mib, placement='Alone', op='Get'), floor, '', None)
            into = r.net('NumericArrayViewBenchmarks', 'GetInto', MiB=mib, Connector=connector)
            t.row(f'{connector} get into the caller\'s array (`GetInto<double>`), {mib} MiB', into, r.py('numeric_arrays', connector=connector, mib=mib, placement='Alone', op='Get'), floor, '', None)
    return t


def stream_rate(entry, size):
    if entry is None:
        return None
    if entry.mb_per_s is not None:
        return entry.mb_per_s
    items = 256 if size <= KIB else 16 if size <= MIB else 4 if size <= 10 * MIB else 2
    return items * size / MIB / (entry.ns / 1e9)


def streams(r):
    t = Table(r, 'anchor: Python ProxyStore', 'floor: raw Redis SET + GET')
    for size, label in ((10 * MIB, '10 MB'), (100 * MIB, '100 MB')):
        for data in ('shared-memory', 'redis'):
            for broker in ('pubsub', 'queue'):
                ours = r.net('StreamThroughputBenchmarks', 'SendAndReceive', ItemBytes=size, Broker=broker, Data=data)
                if ours is None:
                    continue
                ours = Entry('dotnet', '', '', {}, mb_per_s=stream_rate(ours, size), session=ours.session)
                python = r.py('stream_throughput', size=size, broker=broker, data=data)
                # The floor is the Orleans run's raw StackExchange.Redis SET + GET + DEL of one item.
                raw = r.net('OrleansCallBenchmarks', 'StoreFloor', Size=size, Store='Redis') if data == 'redis' else None
                floor = Entry('dotnet', '', '', {}, mb_per_s=stream_rate(raw, size) if raw.mb_per_s else size / MIB / (raw.ns / 1e9), session=raw.session) if raw else None
                t.row(f'{label} items, {broker}, data through {data}', ours, python, floor, '>= 3x Python', lambda o, a, f: (o / a >= 3, f'{fmt_ratio(o / a)} Python'),
                      show=lambda v: f'{number(v)} MB/s', value=lambda e: e.mb_per_s)
                # The consumer reading into its own buffer: compared with Python measured in the same session where there is one.
                into = r.net('StreamThroughputBenchmarks', 'SendAndReceiveInto', ItemBytes=size, Broker=broker, Data=data)
                if into is not None:
                    python_then = r.py_of_session(into.session, 'stream_throughput', size=size, broker=broker, data=data) or python
                    # A session of its own also measured the new-array path again: shown, so both compare with the same Python run.
                    again = r.of_session(into.session, 'StreamThroughputBenchmarks', 'SendAndReceive', ItemBytes=size, Broker=broker, Data=data)
                    if again is not None and again.session == ours.session:
                        again = None   # the row above is that number already
                    for entry, how in ((again, 'a new array per item (`NextObjectAsync`)'), (into, 'read into the consumer\'s buffer (`NextObjectIntoAsync`)')):
                        if entry is not None:
                            t.row(f'{label} items, {broker}, data through {data}, {how}',
                                  Entry('dotnet', '', '', {}, mb_per_s=stream_rate(entry, size), session=entry.session), python_then, floor, '>= 3x Python',
                                  lambda o, a, f: (o / a >= 3, f'{fmt_ratio(o / a)} Python'), show=lambda v: f'{number(v)} MB/s', value=lambda e: e.mb_per_s)
    return t


IMMUTABLE_SESSION = '2026-12-07r'
IMMUTABLE_COMMIT = '681d160'   # the benchmark's grain parameters became [Immutable]


def orleans(r):
    t = Table(r, 'anchor: the chain by value', 'floor: the medium (write + read + delete)')
    for size, label in ((10 * MIB, '10 MiB'), (100 * MIB, '100 MiB')):
        for store in ('SharedMemory', 'File', 'Redis'):
            k = 'OrleansCallBenchmarks'
            main = r.net(k, 'ChainByProxy', Size=size, Store=store)
            immutable = main is not None and r.measured_after(main, IMMUTABLE_COMMIT)
            t.row(f'three-grain chain by proxy, {label}, {store}' + (', `[Immutable]` parameters' if immutable else ''), main, r.net(k, 'ChainByValue', Size=size, Store=store),
                  r.net(k, 'StoreFloor', Size=size, Store=store), '>= 5x faster than by value', faster_than_anchor(5, 'by value'))
            # Session 2026-12-07r: the same chain with [Immutable] array parameters (no copy of the argument in the caller), beside rows measured before.
            if store != 'Redis' and main is not None and not immutable:
                t.row(f'three-grain chain by proxy, {label}, {store}, `[Immutable]` parameters', r.of_session(IMMUTABLE_SESSION, k, 'ChainByProxy', Size=size, Store=store),
                      r.of_session(IMMUTABLE_SESSION, k, 'ChainByValue', Size=size, Store=store), r.of_session(IMMUTABLE_SESSION, k, 'StoreFloor', Size=size, Store=store),
                      '>= 5x faster than by value', faster_than_anchor(5, 'by value'))
        # Issue 31: a peer store per silo, the second silo a process of its own; the floor is a raw loopback transfer.
        t.row(f'three-grain chain by proxy, {label}, Peer (two silo processes)', r.net(k, 'ChainByProxy', Size=size, Store='Peer'), r.net(k, 'ChainByValue', Size=size, Store='Peer'),
              r.net(k, 'StoreFloor', Size=size, Store='Peer'), '>= 3x faster than by value', faster_than_anchor(3, 'by value'))
    return t


def peer(r):
    t = Table(r, 'anchor: raw TCP into a new array', 'floor: raw loopback TCP into a preallocated array')
    k = 'PeerBenchmarks'
    for mib in (10, 100, 200):
        ours, anchor, floor = r.net(k, 'StoreGetPull', MiB=mib), r.net(k, 'RawTcpPullNewArray', MiB=mib), r.net(k, 'RawTcpPull', MiB=mib)
        # A get returns a new array: its like is raw TCP into a new array (the anchor).
        t.row(f'pull of a {mib} MiB `double[]` through `Store.Get` from its owner (loopback){allocated_text(ours, mib * MIB)}', ours, anchor, floor,
              '<= 1.5x raw TCP into a new array', lambda o, a, f: (o / a <= 1.5, f'{fmt_ratio(o / a)} raw TCP into a new array'),
              show=lambda ns, s=mib * MIB: f'{fmt_time(ns)} ({throughput_text(s, ns)})')
        into = r.net(k, 'StoreGetIntoPull', MiB=mib)
        t.row(f'pull of a {mib} MiB `double[]` into the caller\'s array (`Store.GetInto`){allocated_text(into, mib * MIB)}', into, anchor, floor,
              '<= 1.5x raw TCP', at_most(1.5, 'raw TCP'), show=lambda ns, s=mib * MIB: f'{fmt_time(ns)} ({throughput_text(s, ns)})')
    return t


def allocated_text(entry, size):
    if entry is None or entry.allocated is None:
        return ''
    return f'; allocates {entry.allocated / size:.2f}x the value per pull'


def lifecycle(r):
    t = Table(r, 'anchor', 'floor')
    for metrics in (True, False):
        t.row(f'generated `[Proxiable]` proxy of 1 KiB made and resolved in memory, metrics {"on" if metrics else "off"}',
              r.net('ProxyLifecycleBenchmarks', 'GeneratedCreateResolve', Metrics=metrics), None, None, '<= 3 µs',
              lambda o, a, f: (o <= 3000, fmt_time(o)))
    for name, label in (('Cold', 'generator, 1,000 `[Proxiable]` interfaces, cold'), ('AfterUnrelatedEdit', 'generator, the same after an unrelated edit')):
        t.row(label, r.net('GeneratorBenchmarks', name, Interfaces=1000), None, None, '< 2 s', lambda o, a, f: (o < 2e9, fmt_time(o)))
    return t


def payload(r):
    t = Table(r, 'anchor', 'floor')
    for connector in ('Local', 'File', 'SharedMemory', 'Redis'):
        for size, label in ((KIB, '1 KiB'), (64 * KIB, '64 KiB'), (MIB, '1 MiB'), (10 * MIB, '10 MiB')):
            for op, what in (('PutThenEvict', 'put + evict'), ('GetMiss', 'get (no cache)')):
                entry = r.net('StorePayloadBenchmarks', op, Connector=connector, Size=size, Metrics=True)
                if entry is not None and entry.session == 'run':
                    t.row(f'{connector} {what}, {label} (metrics on)', entry, None, None, '', None,
                          show=lambda v: v, value=lambda e, s=size: f'{fmt_time(e.ns)} ({throughput_text(s, e.ns)})')
    return t


def throughput_text(size, ns):
    mbs = size / MIB / (ns / 1e9)
    return f'{mbs / 1024:.2f} GB/s' if mbs >= 1024 else f'{number(mbs)} MB/s'


TABLES = {'proxy-calls': proxy_calls, 'cache-hit': cache_hit, 'python-1kib': python_1kib, 'files': files, 'redis': redis,
          'numeric-arrays': numeric, 'streams': streams, 'orleans': orleans, 'peer': peer, 'lifecycle': lifecycle, 'payload': payload}


# ---------------------------------------------------------------------------------------------
# Charts: hand-written SVG.

COLORS = {'Local': '#1f77b4', 'File': '#d62728', 'SharedMemory': '#2ca02c', 'Redis': '#9467bd', '.NET': '#1f77b4', 'Python': '#ff7f0e'}


def esc(text):
    return str(text).replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def log_ticks(low, high):
    return [10 ** e for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)]


def size_label(size):
    for unit, scale in (('GiB', 1 << 30), ('MiB', MIB), ('KiB', KIB)):
        if size >= scale:
            return f'{size / scale:g} {unit}'
    return f'{size} B'


def rate_label(mbs):
    return f'{mbs:,.0f} MB/s' if mbs >= 10 else f'{mbs:.2g} MB/s'


def line_chart(title, subtitle, series, path):
    """series: {label: (color, dashed, [(size_bytes, MB/s)])}; log x (size) and log y (MB/s)."""
    points = [p for _, _, ps in series.values() for p in ps]
    if not points:
        return False
    width, height, left, right, top, bottom = 720, 440, 80, 190, 56, 56
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x_lo, x_hi = min(xs) / 2, max(xs) * 2
    y_ticks = log_ticks(min(ys), max(ys))
    y_lo, y_hi = y_ticks[0], y_ticks[-1]

    def px(x):
        return left + (math.log(x) - math.log(x_lo)) / (math.log(x_hi) - math.log(x_lo)) * (width - left - right)

    def py(y):
        return height - bottom - (math.log(y) - math.log(y_lo)) / (math.log(y_hi) - math.log(y_lo)) * (height - top - bottom)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="15" font-weight="bold">{esc(title)}</text>',
           f'<text x="{left}" y="40" fill="#555">{esc(subtitle)}</text>']
    for tick in y_ticks:
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{py(tick):.1f}" y2="{py(tick):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{py(tick) + 4:.1f}" text-anchor="end">{esc(rate_label(tick))}</text>')
    for size in sorted(set(xs)):
        out.append(f'<line x1="{px(size):.1f}" x2="{px(size):.1f}" y1="{top}" y2="{height - bottom}" stroke="#eee"/>')
        out.append(f'<text x="{px(size):.1f}" y="{height - bottom + 16}" text-anchor="middle">{esc(size_label(size))}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{width - left - right}" height="{height - top - bottom}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 14}" text-anchor="middle">value size (log scale)</text>')
    out.append(f'<text transform="translate(16 {(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">throughput (log scale)</text>')
    for index, (label, (color, dashed, ps)) in enumerate(series.items()):
        ps = sorted(ps)
        dash = ' stroke-dasharray="6 4"' if dashed else ''
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2"{dash} points="' + ' '.join(f'{px(x):.1f},{py(y):.1f}' for x, y in ps) + '"/>')
        for x, y in ps:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" fill="{color}"><title>{esc(label)}: {esc(size_label(x))}, {esc(rate_label(round(y, 1)))}</title></circle>')
        ly = top + 10 + index * 20
        out.append(f'<line x1="{width - right + 14}" x2="{width - right + 40}" y1="{ly}" y2="{ly}" stroke="{color}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{width - right + 46}" y="{ly + 4}">{esc(label)}</text>')
    out.append('</svg>')
    write(path, '\n'.join(out) + '\n')
    return True


def bar_chart(title, subtitle, groups, path):
    """groups: [(label, {'.NET': ns, 'Python': ns})]; horizontal bars, log x (time)."""
    values = [v for _, bars in groups for v in bars.values() if v]
    if not values:
        return False
    names = ['.NET', 'Python']
    width, left, right, top, row = 760, 250, 30, 70, 16
    height = top + len(groups) * (row * len(names) + 10) + 50
    ticks = log_ticks(min(values), max(values))
    lo, hi = ticks[0], ticks[-1]

    def px(v):
        return left + (math.log(v) - math.log(lo)) / (math.log(hi) - math.log(lo)) * (width - left - right)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="22" font-size="15" font-weight="bold">{esc(title)}</text>',
           f'<text x="10" y="40" fill="#555">{esc(subtitle)}</text>']
    for index, name in enumerate(names):
        out.append(f'<rect x="{left + index * 90}" y="50" width="14" height="10" fill="{COLORS[name]}"/><text x="{left + index * 90 + 18}" y="59">{esc(name)}</text>')
    bottom = height - 40
    for tick in ticks:
        out.append(f'<line x1="{px(tick):.1f}" x2="{px(tick):.1f}" y1="{top}" y2="{bottom}" stroke="#ddd"/>')
        out.append(f'<text x="{px(tick):.1f}" y="{bottom + 16}" text-anchor="middle">{esc(fmt_time(tick))}</text>')
    y = top
    for label, bars in groups:
        out.append(f'<text x="{left - 8}" y="{y + row + 2}" text-anchor="end">{esc(label)}</text>')
        for name in names:
            value = bars.get(name)
            if value:
                out.append(f'<rect x="{left}" y="{y}" width="{max(px(value) - left, 1):.1f}" height="{row - 3}" fill="{COLORS[name]}"><title>{esc(name)}: {esc(fmt_time(value))}</title></rect>')
                out.append(f'<text x="{px(value) + 4:.1f}" y="{y + row - 5}" font-size="10">{esc(fmt_time(value))}</text>')
            y += row
        y += 10
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" stroke="#333"/>')
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 8}" text-anchor="middle">time per operation (log scale; shorter is faster)</text>')
    out.append('</svg>')
    write(path, '\n'.join(out) + '\n')
    return True


def sessions_text(r, entries):
    sessions = list(dict.fromkeys(e.session for e in entries if e is not None))
    parts = []
    for s in sessions:
        if s == 'run':
            parts.append('measured in the run on this page')
        else:
            info = r.sessions.get(s, {})
            parts.append(f'recorded {info.get("date", "?")} ({info.get("commit", "?")}), not re-measured')
    return '; '.join(parts)


def charts(r, directory, notes):
    written = []
    for op, what in (('PutThenEvict', 'put (with its evict)'), ('GetMiss', 'get (no cache)')):
        series, used = {}, []
        for connector in ('Local', 'File', 'SharedMemory', 'Redis'):
            ps = []
            for e in r.fresh:
                if e.kind == 'StorePayloadBenchmarks' and e.name == op and e.params.get('connector') == connector.lower() and e.params.get('metrics') == 'true':
                    size = int(e.params['size'])
                    ps.append((size, size / MIB / (e.ns / 1e9)))
                    used.append(e)
            if ps:
                series[connector] = (COLORS[connector], False, ps)
        name = f'throughput-{"put" if op == "PutThenEvict" else "get"}.svg'
        if series:
            line_chart(f'Store {what}: throughput against value size', f'byte[] payloads, metrics on, StorePayloadBenchmarks; {sessions_text(r, used)}', series, os.path.join(directory, name))
            written.append(name)
        else:
            # No StorePayloadBenchmarks run yet: the numeric-array shapes, where they exist.
            used = []
            for connector in ('Local', 'File', 'SharedMemory'):
                ps = []
                for mib in (8, 64):
                    e = r.net('NumericArrayBenchmarks', 'Put' if op == 'PutThenEvict' else 'Get', MiB=mib, Connector=connector, Placement='Alone')
                    if e is not None:
                        ps.append((mib * MIB, mib / (e.ns / 1e9)))
                        used.append(e)
                if ps:
                    series[connector] = (COLORS[connector], False, ps)
            if series:
                line_chart(f'Store {what}: throughput against value size', f'double[] alone, metrics on, NumericArrayBenchmarks (no StorePayloadBenchmarks results); {sessions_text(r, used)}',
                           series, os.path.join(directory, name))
                written.append(name)
            else:
                notes.append(f'chart {name}: no results, not written')
    for mib in (8, 64):
        groups, used = [], []
        for connector in ('Local', 'File', 'SharedMemory'):
            for op, placement, label in PLACEMENTS[:4]:
                ours = r.net('NumericArrayBenchmarks', op, MiB=mib, Connector=connector, Placement=placement)
                python = r.py('numeric_arrays', connector=connector, mib=mib, placement=placement, op=op)
                used += [ours, python]
                if ours or python:
                    groups.append((f'{connector} {label.split(" (")[0]}', {'.NET': ours.ns if ours else None, 'Python': python.ns if python else None}))
        name = f'numeric-vs-python-{mib}mib.svg'
        if bar_chart(f'float64 arrays of {mib} MiB: ProxyStore for .NET against Python ProxyStore', sessions_text(r, used), groups, os.path.join(directory, name)):
            written.append(name)
        else:
            notes.append(f'chart {name}: no results, not written')
    return written


# ---------------------------------------------------------------------------------------------
# The page.

def write(path, text):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as file:
        file.write(text)


def machine_block(results_dir, machine_recorded):
    path = os.path.join(results_dir, 'machine.json')
    if not os.path.exists(path):
        return ('No run of `scripts/bench-all.sh` has been reported on this page yet: every table below says when its '
                f'numbers were recorded. The recorded sessions ran on {machine_recorded}.')
    with open(path, encoding='utf-8') as file:
        m = json.load(file)
    lines = [f'- {key}: {value}' for key, value in m.items()]
    return 'The run that produced the numbers marked "measured in the run":\n\n' + '\n'.join(lines)


def replace_block(doc, name, body, notes):
    pattern = re.compile(rf'(<!-- bench-report:begin {re.escape(name)} -->\n).*?(<!-- bench-report:end {re.escape(name)} -->)', re.S)
    if not pattern.search(doc):
        notes.append(f'{name}: no markers in the page, left out')
        return doc
    return pattern.sub(lambda m: m.group(1) + body.rstrip('\n') + '\n' + m.group(2), doc)


def run_commit(results_dir):
    path = os.path.join(results_dir, 'machine.json')
    if not os.path.exists(path):
        return None
    with open(path, encoding='utf-8') as file:
        return json.load(file).get('git commit')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--results', default=os.path.join(ROOT, 'artifacts', 'bench', 'latest'))
    parser.add_argument('--recorded', default=os.path.join(ROOT, 'docs', 'benchmarks', 'recorded.json'))
    parser.add_argument('--doc', default=os.path.join(ROOT, 'docs', 'benchmarks.md'))
    parser.add_argument('--charts', default=os.path.join(ROOT, 'docs', 'benchmarks'))
    args = parser.parse_args()
    notes = []
    fresh = read_dotnet(os.path.join(args.results, 'dotnet'), notes) + read_python(args.results, notes)
    recorded, sessions, machine = read_recorded(args.recorded)
    r = Results(fresh, recorded, sessions, run_commit(args.results))
    with open(args.doc, encoding='utf-8') as file:
        doc = file.read()
    doc = replace_block(doc, 'machine', machine_block(args.results, machine), notes)
    for name, build in TABLES.items():
        table = build(r)
        text = table.markdown()
        if text is None:
            notes.append(f'{name}: no results, table skipped')
            body = f'_No results for this table: run `scripts/bench-all.sh` (see Commands)._'
        else:
            body = table.provenance() + '\n\n' + text
        doc = replace_block(doc, name, body, notes)
    written = charts(r, args.charts, notes)
    write(args.doc, doc)
    print(f'bench-report: {len(fresh)} results from {args.results}, {len(recorded)} recorded; wrote {args.doc} and {", ".join(written) or "no chart"}')
    for note in notes:
        print(f'bench-report: {note}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
