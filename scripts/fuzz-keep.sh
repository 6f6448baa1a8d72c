#!/usr/bin/env bash
# Keep the fuzzers' corpus in the repository: copy the inputs `go test -fuzz`
# found interesting (kept by Go in $GOCACHE/fuzz, lost with the cache) into
# each package's testdata/fuzz/<Target>/, where every `go test` runs them as
# seeds. Run it after a long fuzzing session, then commit testdata/fuzz.
#
#   FUZZTIME=10m scripts/test.sh && scripts/fuzz-keep.sh
set -euo pipefail
cd "$(dirname "$0")/.."

cache="$(go env GOCACHE)/fuzz"
added=0
pkgs=()
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    src="$cache/$pkg/$target"
    pkgs+=("$pkg")
    [ -d "$src" ] || continue
    dst="$dir/testdata/fuzz/$target"
    mkdir -p "$dst"
    before=$(ls "$dst" | wc -l)
    cp -n "$src"/* "$dst"/ 2>/dev/null || true
    after=$(ls "$dst" | wc -l)
    echo "$target ($pkg): $((after - before)) new, $after kept"
    added=$((added + after - before))
  done
done
echo "==> $added new corpus entries; checking that every kept entry passes"
go test -count=1 -run '^Fuzz' $(printf '%s\n' "${pkgs[@]}" | sort -u)
