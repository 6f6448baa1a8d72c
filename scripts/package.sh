#!/usr/bin/env bash
# Builds the Debian package of netsyncd with nfpm (deploy/nfpm.yaml):
# the binary stamped with its version and commit, the system unit and its
# template, the user unit, the man pages netsyncd(1) and netsyncd.yaml(5)
# made from markdown (docs/man/, docs/configuration.md) with go-md2man, the
# example config and the README.
#
#   scripts/package.sh           # dist/netsyncd_VERSION_ARCH.deb
#   scripts/package.sh --check   # and, as root: dpkg -i it, check what it
#                                # installed, dpkg -r it and check it is gone
#
# VERSION (default 0.0.0~gitDATE.COMMIT) and GOARCH (default the host's)
# choose the package. scripts/test.sh runs --check.
set -euo pipefail
cd "$(dirname "$0")/.."

NFPM=github.com/goreleaser/nfpm/v2/cmd/nfpm@v2.45.2
MD2MAN=github.com/cpuguy83/go-md2man/v2@v2.0.6 # when Debian's go-md2man is missing

check=""
case "${1:-}" in
--check) check=1 ;;
"") ;;
*) echo "usage: scripts/package.sh [--check]" >&2; exit 2 ;;
esac

start=$SECONDS
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
short=${commit:0:12}
if [ -z "${VERSION:-}" ]; then
  VERSION="0.0.0~git$(git log -1 --format=%cd --date=format:%Y%m%d 2>/dev/null || date +%Y%m%d).$short"
fi
ARCH=${GOARCH:-$(go env GOARCH)}
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
export VERSION ARCH STAGE

echo "--- build netsyncd $VERSION ($short) for linux/$ARCH"
app=github.com/netsyncd/netsyncd/internal/app
CGO_ENABLED=0 GOOS=linux GOARCH=$ARCH go build -trimpath \
  -ldflags "-s -w -X $app.Version=$VERSION -X $app.Commit=$commit" -o "$STAGE/netsyncd" ./cmd/netsyncd

echo "--- man pages"
md2man() {
  if command -v go-md2man >/dev/null; then go-md2man "$@"; else go run "$MD2MAN" "$@"; fi
}
md2man -in docs/man/netsyncd.1.md -out "$STAGE/netsyncd.1"
# netsyncd.yaml(5) is the configuration reference itself, without its title.
awk 'FNR == NR { if (FNR > 1) body = body $0 "\n"; next }
     /^\{\{configuration\.md\}\}$/ { printf "%s", body; next } { print }' \
  docs/configuration.md docs/man/netsyncd.yaml.5.md > "$STAGE/netsyncd.yaml.5.md"
md2man -in "$STAGE/netsyncd.yaml.5.md" -out "$STAGE/netsyncd.yaml.5"
gzip -9n "$STAGE/netsyncd.1" "$STAGE/netsyncd.yaml.5"

echo "--- units (ExecStart=/usr/bin/netsyncd)"
for unit in netsyncd.service netsyncd@.service netsyncd-user.service; do
  sed -E 's|^ExecStart=[^ ]*/netsyncd( \|$)|ExecStart=/usr/bin/netsyncd\1|' "deploy/$unit" > "$STAGE/$unit"
  grep -q '^ExecStart=/usr/bin/netsyncd run' "$STAGE/$unit" || { echo "package: $unit: ExecStart not rewritten" >&2; exit 1; }
done

echo "--- nfpm"
mkdir -p dist
deb="dist/netsyncd_${VERSION}_${ARCH}.deb"
rm -f "$deb"
go run "$NFPM" package --config deploy/nfpm.yaml --packager deb --target "$deb"
echo "built $deb ($(du -k "$deb" | cut -f1) KiB) in $((SECONDS - start)) s"
[ -n "$check" ] || exit 0

# dpkg refuses at once while another dpkg or apt holds its lock: wait for it.
dpkg_retry() {
  local i out
  for i in $(seq 1 60); do
    if out=$(dpkg "$@" 2>&1); then echo "$out"; return 0; fi
    grep -q 'lock' <<<"$out" || { echo "$out" >&2; return 1; }
    sleep 5
  done
  echo "$out" >&2
  return 1
}
fail() { echo "package check: $*" >&2; exit 1; }

echo "--- dpkg -i"
dpkg_retry -i "$deb" >/dev/null
dpkg-query -W -f='${Status}' netsyncd | grep -q 'install ok installed' || fail "netsyncd is not installed after dpkg -i"

echo "--- netsyncd version"
v1=$(/usr/bin/netsyncd version)
v2=$(/usr/bin/netsyncd --version)
echo "$v1"
[ "$v1" = "$v2" ] || fail "netsyncd --version says \"$v2\", netsyncd version \"$v1\""
grep -qF "netsyncd $VERSION (commit $short" <<<"$v1" || fail "netsyncd version does not name $VERSION and commit $short"

echo "--- man"
page=$(man -l /usr/share/man/man1/netsyncd.1.gz 2>/dev/null) || fail "man -l netsyncd.1.gz failed"
grep -q 'keep the discipline' <<<"$page" || fail "man -l netsyncd.1.gz shows no NAME line"
page=$(MANWIDTH=200 man -l /usr/share/man/man5/netsyncd.yaml.5.gz 2>/dev/null) || fail "man -l netsyncd.yaml.5.gz failed"
grep -q 'caldav.password_command' <<<"$page" || fail "man -l netsyncd.yaml.5.gz lists no caldav.password_command"
[ "$(man -w netsyncd.yaml)" = /usr/share/man/man5/netsyncd.yaml.5.gz ] || fail "man netsyncd.yaml does not find the page"

echo "--- systemd-analyze verify (with the man pages of Documentation=)"
runtime=$(mktemp -d)
out=$(systemd-analyze verify /usr/lib/systemd/system/netsyncd.service /usr/lib/systemd/system/netsyncd@.service 2>&1) || fail "verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify on the system units: $out"
out=$(XDG_RUNTIME_DIR=$runtime systemd-analyze verify --user /usr/lib/systemd/user/netsyncd.service 2>&1) || fail "verify --user: $out"
[ -z "$out" ] || fail "systemd-analyze verify on the user unit: $out"
rm -rf "$runtime"

echo "--- dpkg -r"
files=$(dpkg-query -L netsyncd | while read -r f; do [ -f "$f" ] && echo "$f"; done)
dpkg_retry -r netsyncd >/dev/null
status=$(dpkg-query -W -f='${Status}' netsyncd 2>/dev/null || true)
case "$status" in "" | *not-installed) ;; *) fail "after dpkg -r, netsyncd is \"$status\"" ;; esac
for f in $files; do [ ! -e "$f" ] || fail "dpkg -r left $f"; done
echo "package installed, checked and removed in $((SECONDS - start)) s"
