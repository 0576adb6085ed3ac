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

. scripts/lib/private-redis.sh

install_redis() {
  command -v redis-server >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing redis-server" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "test.sh: redis-server is not installed. Install it (sudo apt-get install redis-server)," >&2
    echo "or point the tests at a server you run: PROXYSTORE_TEST_REDIS=host:port ./scripts/test.sh" >&2
    return 1
  fi
}

if [ -z "${PROXYSTORE_TEST_REDIS:-}" ]; then
  install_redis && start_private_redis test.sh 6390 6489 || exit 1
fi

dotnet test ProxyStore.sln "$@"
