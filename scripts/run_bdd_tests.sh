#!/usr/bin/env bash
# Runs the Cucumber features through `npm run bdd`.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/run_bdd_tests.sh [all | <feature> | smoke | @tag | <tag expression>] [cucumber options...]

  (nothing), all   every feature
  <feature>        one feature by file stem, e.g. message_api → features/message_api.feature
  smoke            scenarios tagged @smoke
  @tag             scenarios with that tag, e.g. @nginx; any Cucumber tag expression works,
                   e.g. "@nginx and not @slow"
Further arguments are passed to cucumber-js, e.g. --fail-fast.

Examples:
  scripts/run_bdd_tests.sh
  scripts/run_bdd_tests.sh nginx
  scripts/run_bdd_tests.sh @nginx --fail-fast
USAGE
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."

selection="${1:-all}"
case "$selection" in
  -h | --help) usage; exit 0 ;;
esac
(($# > 0)) && shift

args=()
case "$selection" in
  all) ;;
  smoke) args=(--tags @smoke) ;;
  @*) args=(--tags "$selection") ;;
  -*) args=("$selection") ;; # no selection, only cucumber options
  *)
    feature="features/${selection%.feature}.feature"
    if [[ ! -f "$feature" ]]; then
      echo "run_bdd_tests: no such feature: $feature" >&2
      echo "available: $(find features -maxdepth 1 -name '*.feature' -printf '%f\n' | sed 's/\.feature$//' | sort | tr '\n' ' ')" >&2
      exit 2
    fi
    args=("$feature")
    ;;
esac

exec npm run bdd -- "${args[@]}" "$@"
