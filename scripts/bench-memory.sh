#!/usr/bin/env bash
# Memory at scale, fast: netsyncd's peak RSS and wall time for a first pass,
# a full pass with the entries there (state lost) and an idle pass, and the
# state directory's size, at each size of BENCH_SIZES (500 5000 20000
# 50000), against internal/davserver serving benchdata's calendar in
# memory (`benchgen -serve`): no Radicale cold cache, so a size takes
# seconds, not minutes. scripts/bench.sh growth measures against Radicale.
#
#   scripts/bench.sh memory
#   BENCH_BASELINE=/path/to/old/netsyncd scripts/bench.sh memory   # both, in one run
#
# With BENCH_BASELINE each size runs the baseline binary, then this tree's,
# against the same server: a comparison taken in the same run, minutes
# apart, as on a shared machine it must be. RSS from /usr/bin/time; the
# defaults of each binary apply (this tree sets a 32 MiB soft memory limit
# unless GOMEMLIMIT is set).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/netsyncd-mem.XXXXXX)
SRV_PID=""
cleanup() {
	[ -n "$SRV_PID" ] && { kill "$SRV_PID" 2>/dev/null || true; wait "$SRV_PID" 2>/dev/null || true; }
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "bench: $*" >&2; }

go build -o "$WORK/netsyncd" ./cmd/netsyncd
go build -o "$WORK/benchgen" ./internal/benchdata/benchgen
bins="$WORK/netsyncd"
[ -n "${BENCH_BASELINE:-}" ] && bins="$BENCH_BASELINE $bins"

# pass NAME BIN: one `netsyncd once`; prints "wall rss_mib created" (/usr/bin/time gives KiB).
pass() {
	local out=$WORK/$1
	/usr/bin/time -f "%e %M" -o "$out.time" env BENCH_CALDAV_PASSWORD=secret "$2" once --config "$WORK/config.yaml" --json >"$out.json" 2>"$out.err" ||
		{ log "$1 failed:"; tail -3 "$out.err" >&2; exit 1; }
	python3 - "$out.json" "$out.time" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
wall, rss = open(sys.argv[2]).read().split()[-2:]
print(f"{float(wall):.2f} {int(rss)/1024:.1f} {d['created']}")
PY
}

echo "| events | binary | first pass s | first pass RSS MiB | entries | full pass (state lost) s | its RSS MiB | idle pass s | its RSS MiB | change pass s | its RSS MiB | state dir KiB |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in ${BENCH_SIZES:-500 5000 20000 50000}; do
	: >"$WORK/url"
	"$WORK/benchgen" -events "$n" -serve 127.0.0.1:0 >"$WORK/url" &
	SRV_PID=$!
	for _ in $(seq 1200); do [ -s "$WORK/url" ] && break; sleep 0.1; done
	[ -s "$WORK/url" ] || { log "benchgen -serve did not start"; exit 1; }
	url=$(cat "$WORK/url")
	for bin in $bins; do
		rm -rf "$WORK/state"
		cat >"$WORK/config.yaml" <<EOT
timezone: America/New_York
caldav: {url: "$url", username: alice, password_env: BENCH_CALDAV_PASSWORD, sources: [Personal], target: Networking, timeout: 120s}
state_dir: $WORK/state
window: {past: 14d, future: 60d}
me: {emails: [jane@home.example]}
employer: {domains: [acme-corp.com], names: [Acme]}
EOT
		# The target from the other binary's run: drop it, as a first pass finds none.
		curl -s -o /dev/null -u alice:secret -X DELETE "${url%/}/alice/calendars/networking/" || true
		read -r fw fr created < <(pass first "$bin")
		rm -f "$WORK/state/sync.json"
		read -r rw rr _ < <(pass fullread "$bin")
		read -r iw ir _ < <(pass idle "$bin")
		python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["idle"] else 1)' "$WORK/idle.json" ||
			{ log "the idle pass was not idle"; exit 1; }
		# One event of the window changed (its SUMMARY), then a pass.
		href=$(curl -s -u alice:secret -X REPORT -H 'Depth: 1' -H 'Content-Type: application/xml' --data-binary \
			'<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="'"$(date -u -d tomorrow +%Y%m%dT000000Z)"'" end="'"$(date -u -d '3 days' +%Y%m%dT000000Z)"'"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>' \
			"${url%/}/alice/calendars/personal/" | grep -o '<[^>]*href>[^<]*' | sed 's/.*>//' | grep '\.ics$' | sed -n 1p || true)
		[ -n "$href" ] || { log "no event in the next days to change"; exit 1; }
		curl -s -u alice:secret "${url%/}$href" | sed "s/^SUMMARY:\([^\r]*\)/SUMMARY:\1 (moved)/" >"$WORK/changed.ics"
		curl -s -o /dev/null -u alice:secret -X PUT -H 'Content-Type: text/calendar' --data-binary "@$WORK/changed.ics" "${url%/}$href"
		read -r cw cr _ < <(pass change "$bin")
		python3 -c 'import json,sys; sys.exit(1 if json.load(open(sys.argv[1]))["idle"] else 0)' "$WORK/change.json" ||
			{ log "the pass after a change was idle"; exit 1; }
		kb=$(du -sk "$WORK/state" | cut -f1)
		name=this; [ "$bin" != "$WORK/netsyncd" ] && name=baseline
		echo "| $n | $name | $fw | $fr | $created | $rw | $rr | $iw | $ir | $cw | $cr | $kb |"
	done
	kill "$SRV_PID"; wait "$SRV_PID" 2>/dev/null || true; SRV_PID=""
done
