#!/usr/bin/env bash
# Installs the system packages the test suite needs and npm cannot provide:
#   nginx    — the real reverse proxy that features/nginx.feature starts in front of the API
#              (and that scripts/check-deployment.sh runs `nginx -t` with).
#   chromium — the real browser features/console.feature drives (headless, through playwright-core).
# Idempotent: does nothing when every tool is already on PATH. Needs root (CI runs as root).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/ci-system-deps.sh [-h|--help]

Installs Debian's nginx and chromium with apt-get when `command -v` finds either missing.
Run as root (or through sudo) on a Debian/Ubuntu machine.
USAGE
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

# Debian installs nginx in /usr/sbin, which a non-login shell may not have on PATH.
export PATH="${PATH}:/usr/sbin:/sbin"

missing=()
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
# fonts-liberation is only recommended by chromium (and --no-install-recommends skips it): without a
# font the screenshots would show boxes for text.
command -v chromium >/dev/null 2>&1 || missing+=(chromium fonts-liberation)

if ((${#missing[@]} == 0)); then
  echo "ci-system-deps: nothing to install ($(nginx -v 2>&1); $(chromium --version 2>/dev/null))"
  exit 0
fi

sudo=()
if [[ "$(id -u)" != 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "ci-system-deps: need root to install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "ci-system-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The tests start their own nginx on free loopback ports; a system nginx the package may have
# started on :80 is not in their way, so it is left alone.
echo "ci-system-deps: $(nginx -v 2>&1); $(chromium --version 2>/dev/null)"
