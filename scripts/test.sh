#!/usr/bin/env bash
# Runs every test (dotnet test ProxyStore.sln) against a real Redis server.
#
# Unless PROXYSTORE_TEST_REDIS already names a server (host:port), it starts a private
# redis-server on a free loopback port (6390 and up), without persistence, exports
# PROXYSTORE_TEST_REDIS for the run and stops the server afterwards. It installs
# redis-server with apt-get when it is missing and this runs as root; otherwise it says
# how. Extra arguments go to dotnet test. Exits with dotnet test's status.
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
  fi
}

start_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "test.sh: installing redis-server" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null || return 1
    else
      echo "test.sh: redis-server is not installed. Install it (sudo apt-get install redis-server)," >&2
      echo "or point the tests at a server you run: PROXYSTORE_TEST_REDIS=host:port ./scripts/test.sh" >&2
      return 1
    fi
  fi

  redis_dir=$(mktemp -d)
  trap stop_redis EXIT
  local port
  for port in $(seq 6390 6489); do
    # Something already listens there: try the next port.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    rm -f "$redis_dir/redis.pid"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$redis_dir/redis.pid" --dir "$redis_dir" --logfile "$redis_dir/redis.log" || continue
    for _ in $(seq 1 50); do
      # Ready when the server on the port is the one just started.
      answer=$(redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')
      if [ -n "$answer" ] && [ -f "$redis_dir/redis.pid" ] && [ "$answer" = "$(cat "$redis_dir/redis.pid")" ]; then
        export PROXYSTORE_TEST_REDIS="127.0.0.1:$port"
        echo "test.sh: redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on $PROXYSTORE_TEST_REDIS" >&2
        return 0
      fi
      sleep 0.1
    done
    stop_redis
    redis_dir=$(mktemp -d)
  done
  echo "test.sh: could not start redis-server on a free port in 6390-6489" >&2
  return 1
}

if [ -z "${PROXYSTORE_TEST_REDIS:-}" ]; then
  start_redis || exit 1
fi

dotnet test ProxyStore.sln "$@"
