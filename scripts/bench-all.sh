#!/usr/bin/env bash
# Produces every number of docs/benchmarks.md's generated tables and charts, then writes them:
#   ./scripts/bench-all.sh            the BenchmarkDotNet default job (hours on 2 cores)
#   ./scripts/bench-all.sh --quick    BenchmarkDotNet's short job (3 iterations: noisier)
# Results go to artifacts/bench/<UTC time>/ and artifacts/bench/latest points at them: machine.json
# (CPU, cores, memory, load average before and after, OS, .NET, Redis, Python, git commit),
# dotnet/results/*-report-full-compressed.json (--exporters json), python/*.json, and the logs.
# Unless PROXYSTORE_TEST_REDIS names a server it starts a private redis-server (6590 and up).
# Python ProxyStore's side runs through PYTHON_PROXYSTORE (default ../shared/tools/python-proxystore,
# which puts Python ProxyStore and numpy on the path) with PROXYSTORE_PY_SRC (a source tree of
# it, for stream_throughput.py; default ../shared/third_party/proxystore-python); without them
# it is skipped and the report keeps the recorded Python numbers, saying so. Run it on a quiet
# machine: the report is only as good as the load average in machine.json.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

job=(--job default)
if [ "${1:-}" = "--quick" ]; then job=(--job short); fi
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$root/artifacts/bench/$stamp"
mkdir -p "$out/dotnet" "$out/python" "$out/logs"
ln -sfn "$stamp" "$root/artifacts/bench/latest"

. scripts/lib/private-redis.sh
redis_unless_named bench-all.sh 6590 6689 "the Redis rows will keep their recorded numbers" || exit 1

machine() {
  python3 - "$out/machine.json" "$1" "${job[*]}" <<'PY'
import json, os, platform, subprocess, sys
path, phase, job = sys.argv[1:4]
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:
        return ''
m = json.load(open(path)) if os.path.exists(path) else {}
load = ' '.join(open('/proc/loadavg').read().split()[:3])
if phase == 'start':
    cpu = sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor()
    mem = sh("free -h | awk '/^Mem:/ {print $2}'")
    os_name = sh(". /etc/os-release && echo $PRETTY_NAME") + ', Linux ' + platform.release()
    m.update({'started (UTC)': sh('date -u +"%Y-%m-%d %H:%M"'), 'CPU': cpu, 'cores': os.cpu_count(), 'memory': mem, 'OS': os_name,
              '.NET SDK': sh('dotnet --version'), '.NET runtimes': sh("dotnet --list-runtimes | awk '/NETCore.App/ {print $2}' | paste -sd ' '"),
              'Redis': sh("redis-server --version | sed 's/.*v=\\([^ ]*\\).*/\\1/'"), 'Python': platform.python_version(),
              'git commit': sh('git rev-parse --short HEAD') + (' (with uncommitted changes)' if sh('git status --porcelain') else ''),
              'BenchmarkDotNet job': job, 'load average at start (1, 5, 15 min)': load})
else:
    m.update({'finished (UTC)': sh('date -u +"%Y-%m-%d %H:%M"'), 'load average at the end (1, 5, 15 min)': load})
json.dump(m, open(path, 'w'), indent=1)
PY
}
machine start
status=0

# One BenchmarkDotNet run per area, with the job given explicitly; each writes its JSON results.
bench() {
  local name=$1; shift
  echo "bench-all.sh: $name"
  dotnet run -c Release --project benchmarks/ProxyStore.Benchmarks -- "${job[@]}" --exporters json \
    --artifacts "$out/dotnet" --filter "$@" > "$out/logs/$name.log" 2>&1 || { echo "bench-all.sh: $name failed (see $out/logs/$name.log)"; status=1; }
}
bench proxy-calls '*ProxyCallBenchmarks*'
bench cache-hit '*StoreOperationBenchmarks.GetCacheHit*'
bench python-1kib '*PythonComparisonBenchmarks*'
bench files '*FileFloorBenchmarks*'
bench redis '*RedisBenchmarks*'
bench numeric-arrays '*NumericArray*' '*ArrayCopyFloor*'
bench payload '*StorePayloadBenchmarks*'
PROXYSTORE_STREAM_SIZES=10485760,104857600 bench streams '*StreamThroughput*'
bench lifecycle '*ProxyLifecycleBenchmarks*' '*GeneratorBenchmarks*'
bench peer '*PeerBenchmarks*'

echo "bench-all.sh: orleans"
(cd benchmarks/ProxyStore.Orleans.Benchmarks && PROXYSTORE_ORLEANS_SIZES=10485760,104857600 \
  dotnet run -c Release -- "${job[@]}" --exporters json --artifacts "$out/dotnet" --filter '*Chain*' '*StoreFloor*' \
  > "$out/logs/orleans.log" 2>&1) || { echo "bench-all.sh: orleans failed (see $out/logs/orleans.log)"; status=1; }

py=${PYTHON_PROXYSTORE:-$root/../shared/tools/python-proxystore}
src=${PROXYSTORE_PY_SRC:-$root/../shared/third_party/proxystore-python}
if [ -x "$py" ]; then
  echo "bench-all.sh: Python ProxyStore"
  "$py" benchmarks/python/python_comparison.py --json "$out/python/python_comparison.json" > "$out/logs/python_comparison.log" 2>&1 || status=1
  "$py" benchmarks/python/numeric_arrays.py --json "$out/python/numeric_arrays.json" > "$out/logs/numeric_arrays.log" 2>&1 || status=1
  if [ -n "${PROXYSTORE_TEST_REDIS:-}" ] && [ -d "$src" ]; then
    "$py" benchmarks/python/stream_throughput.py --proxystore "$src" --redis "$PROXYSTORE_TEST_REDIS" --sizes 10MB,100MB \
      --data shared-memory,redis --invocations 10 --json "$out/python/stream_throughput.json" > "$out/logs/stream_throughput.log" 2>&1 || status=1
  fi
else
  echo "bench-all.sh: $py not found; the Python side is skipped"
fi

machine end
python3 scripts/bench-report.py --results "$out" || status=1
exit $status
