#!/usr/bin/env bash
# Publishes samples/AotWorker as a NativeAOT binary and runs it against a private Redis:
# fails when the publish fails or prints any warning (AOT, trim or other), or when the binary
# fails or skips a step. Installs clang (the native linker NativeAOT needs) when missing.
# Unless PROXYSTORE_TEST_REDIS already names a server, starts a private redis-server on a free
# loopback port (6590 and up) and stops it afterwards.
set -uo pipefail
cd "$(dirname "$0")/.."

. scripts/lib/private-redis.sh

if ! command -v clang >/dev/null 2>&1; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y clang zlib1g-dev || exit 1
fi

if [ -z "${PROXYSTORE_TEST_REDIS:-}" ]; then
  start_private_redis aot-smoke.sh 6590 6689 || exit 1
fi

out=$(mktemp -d)
log="$out/publish.log"
dotnet publish samples/AotWorker -c Release -o "$out/bin" 2>&1 | tee "$log"
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "aot-smoke.sh: the NativeAOT publish failed"; rm -rf "$out"; exit 1
fi

if grep -aE ' warning [A-Z]+[0-9]+' "$log" >/dev/null; then
  echo "aot-smoke.sh: the NativeAOT publish printed warnings:"; grep -aE ' warning [A-Z]+[0-9]+' "$log" | sort -u
  rm -rf "$out"; exit 1
fi

echo "aot-smoke.sh: binary $(du -k "$out/bin/AotWorker" | cut -f1) KiB"
run="$out/run.log"
"$out/bin/AotWorker" "$PROXYSTORE_TEST_REDIS" 2>&1 | tee "$run"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
  echo "aot-smoke.sh: AotWorker failed (exit $status)"; rm -rf "$out"; exit 1
fi

for expected in 'put and get: put mean 2' 'factory.call' 'redis round trip: redis mean 5'; do
  if ! grep -qF "$expected" "$run"; then
    echo "aot-smoke.sh: AotWorker did not print '$expected'"; rm -rf "$out"; exit 1
  fi
done
rm -rf "$out"
echo "aot-smoke.sh: AotWorker published without warnings and ran"
