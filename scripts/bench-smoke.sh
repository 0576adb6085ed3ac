#!/usr/bin/env bash
# Runs the benchmark suite's smoke mode: every benchmark once, in this process, on its smaller
# parameters; it checks that the suite builds and runs and measures nothing:
#   dotnet run -c Release --project benchmarks/ProxyStore.Benchmarks -- --smoke
# Unless PROXYSTORE_TEST_REDIS already names a server (host:port), it starts a private
# redis-server on a free loopback port (6490 and up, no persistence) for the Redis benchmarks
# and stops it afterwards; when redis-server is not installed the Redis benchmarks say they are
# skipped. Extra arguments go to the main benchmark program. Then the Orleans benchmarks' smoke
# run. Exits non-zero when either fails.
set -uo pipefail
cd "$(dirname "$0")/.."

. scripts/lib/private-redis.sh

redis_unless_named bench-smoke.sh 6490 6589 "the Redis benchmarks will be skipped" || exit 1

dotnet run -c Release --project benchmarks/ProxyStore.Benchmarks -- --smoke "$@"
status=$?

# The Orleans benchmarks are a project of their own (Orleans' runtime needs a newer Roslyn than
# the suite's generator benchmarks); their smoke run is one small size on the File store.
dotnet run -c Release --project benchmarks/ProxyStore.Orleans.Benchmarks -- --smoke || status=1
exit $status
