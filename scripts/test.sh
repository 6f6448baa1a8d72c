#!/usr/bin/env bash
# Runs netsyncd's whole test suite. Installs the Debian packages the tests
# need (real CalDAV servers, a real calendar client, the reference
# recurrence library) when they are missing, then runs formatting and vet
# checks, every test with the race detector, and each fuzz target briefly.
#
#   scripts/test.sh               # everything
#   FUZZTIME=1m scripts/test.sh   # longer fuzzing
#
# Tests start and stop their own servers on 127.0.0.1; nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(radicale xandikos vdirsyncer khal todoman python3-recurring-ical-events davical postgresql php-cli php-pgsql php-xml php-curl cyrus-imapd cyrus-caldav sasl2-bin sogo memcached thunderbird xvfb sqlite3 imagemagick systemd man-db go-md2man chromium fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> installing test dependencies: ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # Packages must not start services: the tests start their own servers
  # (policy-rc.d exit 101 tells invoke-rc.d "not now").
  policy=/usr/sbin/policy-rc.d
  own_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -z "$own_policy" ] || $sudo rm -f "$policy"
  # Should a package's cluster have started anyway, stop it: nothing is left running.
  if command -v pg_lsclusters >/dev/null; then
    pg_lsclusters --no-header 2>/dev/null | awk '$4 == "online" {print $1, $2}' | while read -r v c; do
      $sudo pg_ctlcluster "$v" "$c" stop || true
    done || true
  fi
fi

# Everything the tests need is installed now, so a server that will not
# start, or the shared corpus (../shared/corpus, or $NETSYNCD_CORPUS) when it
# is missing, fails the run instead of being skipped. CI=false lets such
# tests skip, for a partial run on a machine without them.
export CI="${CI:-true}"

echo "==> gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change: $unformatted" >&2
  exit 1
fi

# gopkg.in/yaml.v3 is archived; go.yaml.in/yaml/v3 is its maintained drop-in.
if git grep -n '"gopkg.in/yaml.v3"' -- '*.go' 2>/dev/null || grep -q 'gopkg.in/yaml.v3' go.mod; then
  echo "import go.yaml.in/yaml/v3, not the archived gopkg.in/yaml.v3" >&2
  exit 1
fi

echo "==> go vet"
go vet ./...

# netsyncd runs on Linux under systemd, and by hand or under launchd on a
# Mac (README, "On a Mac"); it must keep building for the BSDs. Only the
# host's tests run, but every target builds, vets, and compiles the tests
# of the pure core (values in, values out), which would run the same there.
echo "==> cross-build"
core=(./internal/event ./internal/classify ./internal/limits ./internal/plan ./internal/entry ./internal/ics ./internal/reconcile ./internal/pipeline ./internal/core ./internal/config ./internal/report ./internal/state ./internal/systemd)
crossdir=$(mktemp -d)
for target in linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 freebsd/amd64 freebsd/arm64; do
  echo "--- $target"
  export GOOS=${target%/*} GOARCH=${target#*/} CGO_ENABLED=0
  go build -o "$crossdir/netsyncd" ./cmd/netsyncd
  go vet ./...
  go test -c -o "$crossdir/" "${core[@]}"
  unset GOOS GOARCH CGO_ENABLED
done
rm -rf "$crossdir"

echo "==> go test -race"
export NETSYNCD_HOSTILE_FIGURES=/tmp/netsyncd-hostile.$$.txt
go test -race -count=1 -timeout 30m ./... 2>&1 | tee /tmp/netsyncd-test.$$.log
status=${PIPESTATUS[0]}
[ "$status" = 0 ] || exit "$status"
rm -f "$NETSYNCD_HOSTILE_FIGURES"
# The hostile inputs once more without the race detector, at full size (the
# 200 MB answer, the endless attachment): their time and peak RSS are the
# figures docs/reliability.md quotes.
echo "==> hostile inputs, full size"
go test -count=1 -timeout 10m ./internal/hostile
cat "$NETSYNCD_HOSTILE_FIGURES" 2>/dev/null && rm -f "$NETSYNCD_HOSTILE_FIGURES"  # hostile inputs: time and peak RSS of each case
go test -run '^(TestLabelled|TestCorpus)$' -v ./internal/classify | grep -Ev '^(=== RUN|--- PASS|PASS$|ok )'  # classification accuracy (labelled set, corpus per split) and misses

# The .deb: built, installed with dpkg -i, checked (man pages, version,
# systemd-analyze verify on the installed units) and removed again.
echo "==> package"
if [ "$(id -u)" = 0 ]; then
  scripts/package.sh --check
elif [ "$CI" = true ]; then
  echo "scripts/package.sh --check needs root (dpkg -i)" >&2
  exit 1
else
  scripts/package.sh
fi

echo "==> fuzz (${FUZZTIME:=15s} each)"
# scripts/fuzz.sh: every target, a failing input fails the run (it says
# how Go's own minimizing and deadline are bounded).
FUZZTIME="$FUZZTIME" scripts/fuzz.sh

passed=$(grep -c '^ok ' /tmp/netsyncd-test.$$.log || true)
rm -f /tmp/netsyncd-test.$$.log
echo "==> all tests passed ($passed packages)"
