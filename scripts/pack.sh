#!/usr/bin/env bash
# Packs every package (ProxyStore, ProxyStore.Redis, ProxyStore.Extensions.Hosting,
# ProxyStore.OpenTelemetry, ProxyStore.Orleans) into a local folder feed.
#
#   ./scripts/pack.sh [FEED] [VERSION]     # FEED defaults to ~/proxystore-feed
#   ./scripts/pack.sh --print-version      # the version a pack would use, and nothing else
#
# The version comes from git: 0.1.0-dev.<commits>.g<commit>, and, when the working tree has
# changes, .dirty.<UTC time> after it. A new commit or a changed tree is a new version, so a
# repack is never hidden by NuGet's cache of an earlier package.
set -euo pipefail
cd "$(dirname "$0")/.."

version_from_git() {
  if ! git rev-parse --git-dir >/dev/null 2>&1; then
    echo "0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
    return
  fi

  local height sha
  height=$(git rev-list --count HEAD)
  sha=$(git rev-parse --short=7 HEAD)
  if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    echo "0.1.0-dev.${height}.g${sha}.dirty.$(date -u +%Y%m%d%H%M%S)"
  else
    echo "0.1.0-dev.${height}.g${sha}"
  fi
}

if [ "${1:-}" = "--print-version" ]; then
  version_from_git
  exit 0
fi

feed=${1:-"$HOME/proxystore-feed"}
version=${2:-$(version_from_git)}
mkdir -p "$feed"
for project in ProxyStore.Runtime ProxyStore.Redis ProxyStore.Extensions.Hosting ProxyStore.OpenTelemetry ProxyStore.Orleans; do
  dotnet pack "src/$project" -c Release -o "$feed" -p:Version="$version" --nologo
done

echo "Packed ProxyStore $version into $feed; use it with:"
echo "  dotnet add package ProxyStore --source $feed --version $version"
