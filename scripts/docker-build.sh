#!/usr/bin/env bash
# Builds the Semker image (API and MCP host) from ./Dockerfile.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/docker-build.sh [tag] [-- docker build options...]

Builds ./Dockerfile as semker:<tag> (default: latest), the image docker-compose.yml runs.
Set NODE_IMAGE to build on another Node 24 base, e.g. NODE_IMAGE=node:24.11-bookworm-slim.

Examples:
  scripts/docker-build.sh
  scripts/docker-build.sh 1.0.0 -- --no-cache
USAGE
}

tag=latest
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  --) ;;
  "") ;;
  -*) usage >&2; exit 2 ;;
  *) tag="$1"; shift ;;
esac
[[ "${1:-}" == -- ]] && shift

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build_args=()
[[ -n "${NODE_IMAGE:-}" ]] && build_args=(--build-arg "NODE_IMAGE=$NODE_IMAGE")
exec docker build "${build_args[@]}" -t "semker:$tag" "$@" .
