#!/usr/bin/env bash
# Runs each fuzz target of the given packages (all by default) for
# FUZZTIME (15s unless set); scripts/test.sh runs it as its fuzz step.
# A failing input fails the script at once, written to the package's
# testdata/fuzz/<Target>/ (commit it with its fix, as a regression).
#
#   FUZZTIME=1m scripts/fuzz.sh                    # what CI runs
#   FUZZTIME=3m scripts/fuzz.sh ./internal/people  # one package, longer
#
# Two things of Go's own fuzzing (go1.26, internal/fuzz) are bounded here:
#
# - Minimizing. Each new interesting input is minimized, for up to
#   -fuzzminimizetime (60s by default), before fuzzing goes on, and the
#   minimizer's last step tries every pair of cut points: quadratic in the
#   input's size. A child of a 10 KB seed took the whole 60s, shown as
#   "execs: N (0/sec)" for a minute, and so could take all of a 1m run.
#   CI keeps no cache, so what it minimizes is thrown away; a failing
#   input is written whether or not its minimizing ended. So minimizing
#   gets FUZZMINIMIZETIME (2s).
# - "context deadline exceeded". At -fuzztime Go's coordinator compares
#   the error of the run's deadline context with that of its child, read
#   a moment before the child is cancelled: when it reads them in that
#   moment (about 1 in 150 deadlines in a loop of contexts built the same
#   way), the run fails with only that message and no failing input. Such
#   a run is tried once more; any other failure, and any run that wrote a
#   failing input, fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${FUZZTIME:=15s}" "${FUZZMINIMIZETIME:=2s}"

pkgs=("$@")
((${#pkgs[@]})) || mapfile -t pkgs < <(go list ./...)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for pkg in $(go list "${pkgs[@]}"); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    echo "--- $target ($pkg)"
    fuzz=(go test -run='^$' -fuzz="^${target}\$" -fuzztime="$FUZZTIME" -fuzzminimizetime="$FUZZMINIMIZETIME" "$pkg")
    if ! "${fuzz[@]}" 2>&1 | tee "$out"; then
      if grep -q 'context deadline exceeded' "$out" && ! grep -q 'Failing input written' "$out"; then
        echo "--- $target: Go's fuzzing ended on its deadline with no failing input; once more"
        "${fuzz[@]}"
      else
        echo "--- $target ($pkg) failed" >&2
        exit 1
      fi
    fi
  done
done
