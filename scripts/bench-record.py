#!/usr/bin/env python3
"""Adds the BenchmarkDotNet results of a partial run (and the Python scripts' JSON under DIR/python,
if any) to docs/benchmarks/recorded.json as a session.

A partial run (some benchmarks, run on their own) is not the one run docs/benchmarks.md's
tables come from; recorded as a session of its own, with its date, commit and conditions,
scripts/bench-report.py shows its numbers marked as recorded then, not as the page's run.

  scripts/bench-record.py --results DIR --session NAME --note "HH:MM-HH:MM UTC, load ..., job ..."
"""

from __future__ import annotations

import argparse
import datetime
import glob
import importlib.util
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_python_raw(results_dir):
    """The Python scripts' results under DIR/python as they wrote them (script, result)."""
    found = []
    for path in sorted(glob.glob(os.path.join(results_dir, 'python', '*.json'))):
        with open(path, encoding='utf-8') as file:
            document = json.load(file)
        found += [(document['script'], result) for result in document.get('results', [])]
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--results', required=True, help='a directory holding BenchmarkDotNet json results')
    parser.add_argument('--session', required=True)
    parser.add_argument('--note', required=True, help='when, the load average, the job')
    parser.add_argument('--commit', help='the commit the benchmarks ran on (default: HEAD)')
    parser.add_argument('--recorded', default=os.path.join(ROOT, 'docs', 'benchmarks', 'recorded.json'))
    args = parser.parse_args()

    spec = importlib.util.spec_from_file_location('bench_report', os.path.join(ROOT, 'scripts', 'bench-report.py'))
    report = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(report)
    notes = []
    entries = report.read_dotnet(args.results, notes)
    python = read_python_raw(args.results)
    if not entries and not python:
        print(f'bench-record: no results under {args.results}', file=sys.stderr)
        return 1

    with open(args.recorded, encoding='utf-8') as file:
        document = json.load(file)
    if args.session in document['sessions']:
        print(f'bench-record: the session {args.session} is already recorded', file=sys.stderr)
        return 1

    commit = args.commit or subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    document['sessions'][args.session] = {'date': datetime.date.today().isoformat(), 'commit': commit, 'note': args.note}
    for e in entries:
        item = {'session': args.session, 'type': e.kind, 'method': e.name, 'params': e.params, 'ns': e.ns}
        if e.allocated is not None:
            item['allocated'] = e.allocated
        document['dotnet'].append(item)
    for script, result in python:
        item = {'session': args.session, 'script': script, 'case': result['case']}
        for field in ('median_ns', 'mb_per_s'):
            if result.get(field) is not None:
                item[field] = result[field]
        document['python'].append(item)
    with open(args.recorded, 'w', encoding='utf-8') as file:
        json.dump(document, file, indent=1, ensure_ascii=False)
        file.write('\n')
    print(f'bench-record: {len(entries)} .NET and {len(python)} Python results recorded as session {args.session} ({commit})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
