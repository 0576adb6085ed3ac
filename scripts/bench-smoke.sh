#!/usr/bin/env bash
# Runs the benchmark suite's smoke mode: every benchmark once, in this process, on its smaller
# parameters; it checks that the suite builds and runs and measures nothing:
#   dotnet run -c Release --project benchmarks/ProxyStore.Benchmarks -- --smoke
# Unless PROXYSTORE_TEST_REDIS already names a server (host:port), it starts a private
# redis-server on a free loopback port (6490 and up, no persistence) for the Redis benchmarks
# and stops it afterwards; when redis-server is not installed the Redis benchmarks say they are
# skipped. Extra arguments go to the benchmark program. Exits with the smoke run's status.
set -uo pipefail
cd "$(dirname "$0")/.."

redis_dir=""
stop_redis() {
  if [ -n "$redis_dir" ]; then
    if [ -f "$redis_dir/redis.pid" ]; then
      pid=$(cat "$redis_dir/redis.pid")
      kill "$pid" 2>/dev/null
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$redis_dir"
    redis_dir=""
  fi
}
trap stop_redis EXIT

start_redis() {
  local port answer
  for port in $(seq 6490 6589); do
    # Something already listens there: try the next port.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    redis_dir=$(mktemp -d)
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$redis_dir/redis.pid" --dir "$redis_dir" --logfile "$redis_dir/redis.log" || { stop_redis; continue; }
    for _ in $(seq 1 50); do
      # Ready when the server on the port is the one just started.
      answer=$(redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')
      if [ -n "$answer" ] && [ -f "$redis_dir/redis.pid" ] && [ "$answer" = "$(cat "$redis_dir/redis.pid")" ]; then
        export PROXYSTORE_TEST_REDIS="127.0.0.1:$port"
        echo "bench-smoke.sh: redis-server on $PROXYSTORE_TEST_REDIS"
        return 0
      fi
      sleep 0.1
    done
    stop_redis
  done
  echo "bench-smoke.sh: could not start redis-server on a free port in 6490-6589"
  return 1
}

if [ -z "${PROXYSTORE_TEST_REDIS:-}" ]; then
  if command -v redis-server >/dev/null 2>&1; then
    start_redis || exit 1
  else
    echo "bench-smoke.sh: redis-server is not installed; the Redis benchmarks will be skipped"
  fi
fi

dotnet run -c Release --project benchmarks/ProxyStore.Benchmarks -- --smoke "$@"
