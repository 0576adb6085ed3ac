# Sourced by scripts/test.sh and scripts/bench-smoke.sh: starts a private redis-server on a
# free loopback port, without persistence, and stops it again.
#
#   start_private_redis NAME FIRST_PORT LAST_PORT
#     starts the server on the first free port of FIRST_PORT..LAST_PORT, waits until it
#     answers, exports PROXYSTORE_TEST_REDIS=127.0.0.1:PORT and arranges for
#     stop_private_redis to run on exit. NAME prefixes its messages. Returns 1 when no
#     server could be started.
#   stop_private_redis
#     stops the server and removes its directory; safe to call twice.
#   redis_unless_named NAME FIRST_PORT LAST_PORT WITHOUT
#     unless PROXYSTORE_TEST_REDIS already names a server, starts one as start_private_redis
#     does; when redis-server is not installed it says "NAME: redis-server is not installed;
#     WITHOUT" and returns 0. Returns 1 when a server could not be started.

private_redis_dir=""

stop_private_redis() {
  if [ -n "$private_redis_dir" ]; then
    if [ -f "$private_redis_dir/redis.pid" ]; then
      local pid
      pid=$(cat "$private_redis_dir/redis.pid")
      kill "$pid" 2>/dev/null
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$private_redis_dir"
    private_redis_dir=""
  fi
}

start_private_redis() {
  local name=$1 first=$2 last=$3 port answer
  trap stop_private_redis EXIT
  for port in $(seq "$first" "$last"); do
    # Something already listens there: try the next port.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    private_redis_dir=$(mktemp -d)
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$private_redis_dir/redis.pid" --dir "$private_redis_dir" --logfile "$private_redis_dir/redis.log" \
      || { stop_private_redis; continue; }
    for _ in $(seq 1 50); do
      # Ready when the server on the port is the one just started, not one that won a race for it.
      answer=$(redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')
      if [ -n "$answer" ] && [ -f "$private_redis_dir/redis.pid" ] && [ "$answer" = "$(cat "$private_redis_dir/redis.pid")" ]; then
        export PROXYSTORE_TEST_REDIS="127.0.0.1:$port"
        echo "$name: redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on $PROXYSTORE_TEST_REDIS" >&2
        return 0
      fi
      sleep 0.1
    done
    stop_private_redis
  done
  echo "$name: could not start redis-server on a free port in $first-$last" >&2
  return 1
}

redis_unless_named() {
  local name=$1 first=$2 last=$3 without=$4
  [ -n "${PROXYSTORE_TEST_REDIS:-}" ] && return 0
  if command -v redis-server >/dev/null 2>&1; then
    start_private_redis "$name" "$first" "$last"
  else
    echo "$name: redis-server is not installed; $without"
  fi
}
