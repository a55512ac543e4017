#!/usr/bin/env bash
# Starts the API on this machine: `npm start` (builds dist/, then node dist/composition/main.js), MCP servers in-process, offline
# engine unless OPENAI_API_KEY or LLM_PROVIDER says otherwise. Settings come from the environment
# and .env (see src/config/config.ts); extra arguments are passed to the script.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/start_server.sh [--mcp] [-h|--help]

Starts the Semker API with `npm start` on $HOST:$PORT (default 127.0.0.1:8000, loopback only).
  --mcp   start the standalone MCP host instead (`npm run mcp`, on $MCP_HOST:$MCP_PORT, default 127.0.0.1:8001)

Examples:
  scripts/start_server.sh
  PORT=8080 LOG_FORMAT=pretty scripts/start_server.sh
USAGE
}

script=start
case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  --mcp) script=mcp; shift ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac
(($# == 0)) || { usage >&2; exit 2; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ "$script" == start ]]; then exec npm start; else exec npm run mcp; fi
