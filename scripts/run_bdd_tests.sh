#!/usr/bin/env bash
# Runs the Cucumber features through `npm run bdd`.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/run_bdd_tests.sh [all | <feature> | smoke | @tag | <tag expression>] [cucumber options...]

  (nothing), all   every feature: npm test's selection, then the @system one (nginx)
  <feature>        one feature by file stem, e.g. message_api → features/message_api.feature
  smoke            scenarios tagged @smoke
  @tag             scenarios with that tag, e.g. @smoke; any Cucumber tag expression works,
                   e.g. "@agents and not @slow"; a tag of @system scenarios (e.g. @nginx) runs
                   within the system selection
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
script=bdd
case "$selection" in
  all)
    npm run bdd -- "$@"
    exec npm run bdd:system -- "$@"
    ;;
  smoke) args=(--tags @smoke) ;;
  @*)
    args=(--tags "$selection")
    # A tag that only @system features carry selects nothing in npm test's selection.
    if grep -lE "^@system\b.*${selection}\b" features/*.feature >/dev/null 2>&1; then script=bdd:system; fi
    ;;
  -*) args=("$selection") ;; # no selection, only cucumber options
  *)
    feature="features/${selection%.feature}.feature"
    if [[ ! -f "$feature" ]]; then
      echo "run_bdd_tests: no such feature: $feature" >&2
      echo "available: $(find features -maxdepth 1 -name '*.feature' -printf '%f\n' | sed 's/\.feature$//' | sort | tr '\n' ' ')" >&2
      exit 2
    fi
    args=("$feature")
    if head -n 1 "$feature" | grep -q '@system'; then script=bdd:system; fi
    ;;
esac

exec npm run "$script" -- "${args[@]}" "$@"
