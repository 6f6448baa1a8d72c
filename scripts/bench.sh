#!/usr/bin/env bash
# netsyncd at scale, against Radicale on loopback, with floors measured in
# the same run (docs/performance.md has the results and how to read them).
#
#   scripts/bench.sh                      # 5,000 events
#   BENCH_EVENTS=500 scripts/bench.sh     # another size
#   scripts/bench.sh growth               # 500, 5,000, 50,000 (BENCH_SIZES to change)
#   scripts/bench.sh latency              # through a proxy adding BENCH_DELAY (80ms) per answer
#   scripts/bench.sh memory               # RSS at 500-50,000 events, fast (scripts/bench-memory.sh)
#   scripts/bench.sh floor                # a full pass against its reads' floor (scripts/bench-floor.sh);
#   BENCH_SERVER=xandikos scripts/bench.sh floor   # radicale (default), xandikos or davical
#
# It generates a calendar (internal/benchdata: two years, one object in 25 a
# recurring series, one in 10 networking), writes it straight into a fresh
# Radicale's storage, starts Radicale on 127.0.0.1, and measures:
#   floor     one calendar-query REPORT of the pass's window, with curl
#   full      `netsyncd once` with a fresh state directory and no target
#             calendar: reads, plans and writes every entry
#   full-read the same with the entries already written: reads and plans
#   idle      `netsyncd once` when nothing changed (one PROPFIND)
#   idle-floor that PROPFIND with curl
#   change    `netsyncd once` after one networking event was moved by a PUT
#   vdirsyncer first `vdirsyncer sync` of the same calendar to a folder
# Wall times are the median (and best) of BENCH_RUNS runs (default 5; 3 for
# vdirsyncer); peak RSS and CPU come from /usr/bin/time. hyperfine is used
# for the timings when installed. Everything started is stopped on exit.
#
# Environment: BENCH_EVENTS (5000), BENCH_RUNS (5), BENCH_VDIR_RUNS (3),
# BENCH_SEED (1), BENCH_VDIRSYNCER (1; 0 skips it), BENCH_TIMEOUT (caldav.timeout,
# 120s: Radicale's REPORT at 20,000 events outlasted the default 30 s on a
# loaded machine), BENCH_SIZES
# ("500 5000 50000"), BENCH_KEEP (1 keeps the work folder), BENCH_SERVER
# (radicale; xandikos and davical for `floor`, started by
# internal/benchdata/benchserve and filled by PUTs).
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null || { echo "bench: $1 is missing ($2)" >&2; exit 1; }; }
need radicale "apt-get install radicale"
need curl "apt-get install curl"
need python3 "apt-get install python3"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

if [ "${1:-}" = memory ]; then
	exec scripts/bench-memory.sh
fi

if [ "${1:-}" = growth ]; then
	rows=$(mktemp)
	for n in ${BENCH_SIZES:-500 5000 50000}; do
		runs=${BENCH_RUNS:-3}
		[ "$n" -ge 50000 ] && runs=${BENCH_RUNS_LARGE:-1}
		BENCH_EVENTS=$n BENCH_RUNS=$runs BENCH_VDIR_RUNS=1 BENCH_ROWS=$rows "$0"
	done
	echo
	echo "Growth (median wall time; RSS is netsyncd's peak over the full passes):"
	echo
	echo "| events | objects in window | entries written | Radicale cold cache | floor | full pass | full/floor | full/(floor+writes) | full-read | idle | change | netsyncd RSS | vdirsyncer |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	cat "$rows"
	rm -f "$rows"
	exit 0
fi

MODE=${1:-}
EVENTS=${BENCH_EVENTS:-5000}
RUNS=${BENCH_RUNS:-5}
if [ "$MODE" = latency ]; then
	# About 100 entries to write: the case of issue 17.
	EVENTS=${BENCH_EVENTS:-1500}
	RUNS=${BENCH_RUNS:-3}
fi
SERVER=${BENCH_SERVER:-radicale}
case "$SERVER" in
radicale) ;;
xandikos | davical)
	[ "$MODE" = floor ] || { echo "bench: BENCH_SERVER=$SERVER is for scripts/bench.sh floor" >&2; exit 1; }
	;;
*) echo "bench: BENCH_SERVER=$SERVER: write radicale, xandikos or davical" >&2; exit 1 ;;
esac
VRUNS=${BENCH_VDIR_RUNS:-3}
SEED=${BENCH_SEED:-1}
WORK=$(mktemp -d /tmp/netsyncd-bench.XXXXXX)
RADICALE_PID=""
PROXY_PID=""
SERVE_PID=""
cleanup() {
	if [ -n "$SERVE_PID" ]; then
		kill "$SERVE_PID" 2>/dev/null || true
		wait "$SERVE_PID" 2>/dev/null || true
	fi
	if [ -n "$PROXY_PID" ]; then
		kill "$PROXY_PID" 2>/dev/null || true
		wait "$PROXY_PID" 2>/dev/null || true
	fi
	if [ -n "$RADICALE_PID" ]; then
		kill "$RADICALE_PID" 2>/dev/null || true
		wait "$RADICALE_PID" 2>/dev/null || true
	fi
	if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "bench: $*" >&2; }
now() { date +%s.%N; }

# --- build and generate ------------------------------------------------------
log "building netsyncd and the generator"
go build -o "$WORK/netsyncd" ./cmd/netsyncd
go build -o "$WORK/benchgen" ./internal/benchdata/benchgen
case "$MODE" in latency | floor) go build -o "$WORK/latproxy" ./internal/benchdata/latproxy ;; esac
DAV_USER=alice DAV_PASS=secret HOME_PATH=/alice/ CAL_PATH=/alice/personal/
if [ "$SERVER" = radicale ]; then
COLL=$WORK/collections/collection-root/alice/personal
t0=$(now)
MOVED=$("$WORK/benchgen" -events "$EVENTS" -seed "$SEED" -dir "$COLL" -moved "$WORK/moved")
log "generated $EVENTS events in $(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}') s ($(du -sh --apparent-size "$COLL" | cut -f1))"

# --- Radicale -------------------------------------------------------------------
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT
echo "alice:secret" >"$WORK/users"
cat >"$WORK/radicale.conf" <<EOF
[server]
hosts = 127.0.0.1:$PORT
[auth]
type = htpasswd
htpasswd_filename = $WORK/users
htpasswd_encryption = plain
[storage]
filesystem_folder = $WORK/collections
[rights]
type = owner_only
[web]
type = none
[logging]
level = warning
EOF
radicale --config "$WORK/radicale.conf" >"$WORK/radicale.log" 2>&1 &
RADICALE_PID=$!
for _ in $(seq 200); do
	curl -s -o /dev/null "$URL/" && break
	sleep 0.05
done
curl -s -o /dev/null "$URL/" || { log "Radicale did not start"; cat "$WORK/radicale.log" >&2; exit 1; }

dav() { curl -sS -u alice:secret -H "Content-Type: application/xml; charset=utf-8" "$@"; }

# Radicale parses every item once and caches it; the first read pays that.
t0=$(now)
dav -o "$WORK/home.xml" -X PROPFIND -H "Depth: 1" --data-binary @- "$URL/alice/" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?><D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/"><D:prop><D:displayname/><D:resourcetype/><C:supported-calendar-component-set/><CS:getctag/><D:sync-token/></D:prop></D:propfind>
EOF
COLD=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}')
grep -q '/alice/personal/' "$WORK/home.xml" || { log "Radicale does not list the calendar"; cat "$WORK/home.xml" >&2; exit 1; }
log "Radicale serves the calendar; its cold cache took $COLD s"
else
	# shellcheck source=scripts/bench-floor.sh
	. scripts/bench-floor.sh
	start_benchserve
fi

# --- the window of a pass (window.past 14d, window.future 60d, in New York) ----
read -r FROM TO < <(python3 - <<'EOF'
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo
ny = ZoneInfo("America/New_York")
today = datetime.now(ny).date()
def utc(d):
    return datetime(d.year, d.month, d.day, tzinfo=ny).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
print(utc(today - timedelta(days=14)), utc(today + timedelta(days=61)))
EOF
)
CALDATA='<C:calendar-data><C:comp name="VCALENDAR"><C:allprop/><C:comp name="VEVENT"><C:allprop/><C:comp name="VALARM"><C:allprop/></C:comp></C:comp><C:comp name="VTODO"><C:allprop/><C:comp name="VALARM"><C:allprop/></C:comp></C:comp><C:comp name="VTIMEZONE"><C:allprop/><C:comp name="STANDARD"><C:allprop/></C:comp><C:comp name="DAYLIGHT"><C:allprop/></C:comp></C:comp></C:comp></C:calendar-data>'
cat >"$WORK/query.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/>$CALDATA</D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="$FROM" end="$TO"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>
EOF
cat >"$WORK/propfind.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?><D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/"><D:prop><D:displayname/><D:resourcetype/><C:supported-calendar-component-set/><CS:getctag/><D:sync-token/></D:prop></D:propfind>
EOF

cat >"$WORK/config.yaml" <<EOF
timezone: America/New_York
caldav:
  url: $URL/
$([ -n "$DAV_USER" ] && printf '  username: %s\n  password_env: BENCH_CALDAV_PASSWORD' "$DAV_USER")
  sources: [Personal]
  target: Networking
  timeout: ${BENCH_TIMEOUT:-120s}
state_dir: $WORK/state
window: {past: 14d, future: 60d}
me:
  emails: [jane@home.example]
employer:
  domains: [acme-corp.com]
  names: [Acme]
EOF
export BENCH_CALDAV_PASSWORD=$DAV_PASS

# --- measuring -----------------------------------------------------------------
M=$WORK/m
mkdir -p "$M"

# measure NAME RUNS PREP -- CMD...: runs PREP (untimed) then CMD, RUNS times;
# appends wall seconds to M/NAME.wall and, per run, "maxrss_kb user sys" to
# M/NAME.res. With hyperfine the wall times are hyperfine's, and one more
# run under /usr/bin/time gives the memory.
measure() {
	local name=$1 runs=$2 prep=$3
	shift 4
	if command -v hyperfine >/dev/null; then
		# -N runs the prepare command without a shell too: give it one.
		hyperfine -N --style none --runs "$runs" --prepare "bash -c $(printf '%q' "$prep")" --export-json "$M/$name.json" \
			--output "$M/$name.out" -- "$(printf '%q ' "$@")" >/dev/null
		python3 -c 'import json,sys; [print(t) for t in json.load(open(sys.argv[1]))["results"][0]["times"]]' \
			"$M/$name.json" >>"$M/$name.wall"
		runs=1
	fi
	for _ in $(seq "$runs"); do
		bash -c "$prep"
		local t0 t1
		t0=$(now)
		if ! /usr/bin/time -f "%M %U %S" -o "$M/time.txt" "$@" >"$M/$name.out" 2>"$M/$name.err"; then
			log "$name failed after $(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}') s:"
			tail -5 "$M/$name.err" >&2
			[ "${MAY_FAIL:-0}" = 1 ] && return 1
			exit 1
		fi
		t1=$(now)
		command -v hyperfine >/dev/null || awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f\n", b-a}' >>"$M/$name.wall"
		tail -1 "$M/time.txt" >>"$M/$name.res"
	done
}

median() { sort -g "$M/$1.wall" | awk '{a[NR]=$1} END{m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }
best() { sort -g "$M/$1.wall" | head -1 | awk '{printf "%.3f", $1}'; }
spread() { sort -g "$M/$1.wall" | awk '{a[NR]=$1} END{printf "%.3f-%.3f", a[1], a[NR]}'; }
rss() { sort -g "$M/$1.res" | tail -1 | awk '{printf "%.1f", $1/1024}'; }
cpu() { awk '{s+=$2+$3; n++} END{printf "%.2f", s/n}' "$M/$1.res"; }
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get(sys.argv[2]))' "$M/$1.out" "$2"; }
check_json() { # name, python condition on d
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$M/$1.out" "$2" ||
		{ log "$1: unexpected result $(head -c 400 "$M/$1.out")"; exit 1; }
}

if [ "$MODE" = latency ]; then
	# shellcheck source=scripts/bench-latency.sh
	. scripts/bench-latency.sh
	latency_bench
	exit 0
fi
if [ "$MODE" = floor ]; then
	# shellcheck source=scripts/bench-floor.sh
	. scripts/bench-floor.sh
	floor_bench
	exit 0
fi

NSD="$WORK/netsyncd once --config $WORK/config.yaml --json"
DROP_TARGET="curl -s -o /dev/null -u alice:secret -X DELETE $URL/alice/networking/; rm -rf $WORK/state"

log "floor: $RUNS calendar-query REPORTs of the window $FROM..$TO"
measure floor "$RUNS" true -- curl -sS -o "$WORK/floor.xml" -u alice:secret -X REPORT -H "Depth: 1" \
	-H "Content-Type: application/xml; charset=utf-8" --data-binary "@$WORK/query.xml" "$URL/alice/personal/"
IN_WINDOW=$(grep -o '<response>' "$WORK/floor.xml" | wc -l)
FLOOR_BYTES=$(wc -c <"$WORK/floor.xml")

log "idle floor: $RUNS PROPFINDs of the home"
measure idlefloor "$RUNS" true -- curl -sS -o /dev/null -u alice:secret -X PROPFIND -H "Depth: 1" \
	-H "Content-Type: application/xml; charset=utf-8" --data-binary "@$WORK/propfind.xml" "$URL/alice/"

log "full pass: $RUNS runs, each with a fresh state directory and no target calendar"
measure full "$RUNS" "$DROP_TARGET" -- $NSD
check_json full 'd["created"] > 0 and not d["errors"]'
CREATED=$(field full created)

log "full pass with the entries already written: $RUNS runs, fresh state directory"
measure fullread "$RUNS" "rm -rf $WORK/state" -- $NSD
check_json fullread 'd["created"] == 0 and d["updated"] == 0 and not d["errors"]'

log "idle pass: $RUNS runs"
measure idle "$RUNS" true -- $NSD
check_json idle 'd["idle"] is True'

# One PUT into the target calendar, where netsyncd writes (Radicale's PUT
# costs more in a bigger calendar), timed by curl's own time_total: a PUT
# costs the server about as much as starting curl costs the machine, and
# netsyncd starts once for all its writes.
# Each PUT creates a new object, as a first pass does (Radicale checks a
# new object's UID against every object of the calendar).
log "write floor: $((RUNS * 4)) PUTs creating one event each in the target with curl (time_total)"
for i in $(seq $((RUNS * 4))); do
	sed "s/^UID:bench-moved@/UID:bench-putfloor-$i@/" "$WORK/moved/before.ics" >"$WORK/putfloor.ics"
	curl -sS -o /dev/null -w '%{time_total}\n' -u alice:secret -X PUT -H 'Content-Type: text/calendar' \
		-H 'If-None-Match: *' --data-binary "@$WORK/putfloor.ics" "$URL/alice/networking/bench-putfloor-$i.ics" >>"$M/putfloor.wall"
done
for i in $(seq $((RUNS * 4))); do
	curl -sS -o /dev/null -u alice:secret -X DELETE "$URL/alice/networking/bench-putfloor-$i.ics"
done
PUT_MOVED="curl -sS -o /dev/null -u alice:secret -X PUT -H 'Content-Type: text/calendar' $URL/alice/personal/$MOVED --data-binary"
bash -c "$PUT_MOVED @$WORK/moved/before.ics"

log "one change: $RUNS runs, each after a PUT moving one event by an hour"
$NSD >/dev/null
measure change "$RUNS" "cp $WORK/moved/after.ics $WORK/moved/next.ics; mv $WORK/moved/before.ics $WORK/moved/after.ics; mv $WORK/moved/next.ics $WORK/moved/before.ics; $PUT_MOVED @$WORK/moved/before.ics" -- $NSD
check_json change 'd["updated"] + d["created"] + d["deleted"] > 0 and not d["idle"]'
CHANGED=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["created"]+d["updated"]+d["deleted"])' "$M/change.out")

VDIR=n/a
if [ "${BENCH_VDIRSYNCER:-1}" = 1 ] && command -v vdirsyncer >/dev/null; then
	cat >"$WORK/vdirsyncer.conf" <<EOF
[general]
status_path = "$WORK/vdir-status/"
[pair cal]
a = "local"
b = "remote"
collections = ["personal"]
conflict_resolution = "b wins"
[storage local]
type = "filesystem"
path = "$WORK/vdir/"
fileext = ".ics"
[storage remote]
type = "caldav"
url = "$URL/"
username = "alice"
password = "secret"
EOF
	export VDIRSYNCER_CONFIG=$WORK/vdirsyncer.conf
	log "vdirsyncer: $VRUNS first syncs into an empty folder (discover untimed)"
	if MAY_FAIL=1 measure vdir "$VRUNS" "rm -rf $WORK/vdir $WORK/vdir-status; mkdir -p $WORK/vdir; yes | vdirsyncer discover >/dev/null 2>&1" -- vdirsyncer sync; then
		got=$(find "$WORK/vdir" -name '*.ics' | wc -l)
		[ "$got" -ge "$EVENTS" ] || { log "vdirsyncer synced $got of $EVENTS objects"; exit 1; }
		VDIR=$(median vdir)
	else
		VDIR=failed
	fi
fi

# --- report ---------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b !~ /^[0-9.]+$/ || b == 0) print "n/a"; else printf "%.2f", a/b }'; }
FLOOR=$(median floor)
FULL=$(median full)
WFLOOR=$(awk -v f="$FLOOR" -v p="$(median putfloor)" -v n="$CREATED" 'BEGIN{printf "%.3f", f + n*p}')
cat <<EOF

netsyncd bench: $EVENTS events ($IN_WINDOW objects in the window, $FLOOR_BYTES bytes), Radicale $(radicale --version), $(nproc) CPUs, $(date -u +%FT%TZ)
runs: $RUNS (vdirsyncer $VRUNS); wall = median (best, range) in seconds; CPU = netsyncd user+sys per run; RSS = peak

| measurement | wall median | best | range | netsyncd CPU | peak RSS MB | ratio |
|---|---:|---:|---|---:|---:|---|
| floor: curl REPORT of the window | $FLOOR | $(best floor) | $(spread floor) | | | 1 |
| full first pass ($CREATED entries written) | $FULL | $(best full) | $(spread full) | $(cpu full) | $(rss full) | $(ratio "$FULL" "$FLOOR") x floor (goal <= 1.5); $(ratio "$FULL" "$WFLOOR") x floor + writes |
| full pass, entries already there | $(median fullread) | $(best fullread) | $(spread fullread) | $(cpu fullread) | $(rss fullread) | $(ratio "$(median fullread)" "$FLOOR") x floor |
| idle floor: curl PROPFIND of the home | $(median idlefloor) | $(best idlefloor) | $(spread idlefloor) | | | 1 |
| idle pass | $(median idle) | $(best idle) | $(spread idle) | $(cpu idle) | $(rss idle) | $(ratio "$(median idle)" "$(median idlefloor)") x idle floor |
| pass after one change ($CHANGED writes) | $(median change) | $(best change) | $(spread change) | $(cpu change) | $(rss change) | $(ratio "$(median change)" "$(median idlefloor)") x idle floor |
| write floor: curl PUT creating one event | $(median putfloor) | $(best putfloor) | $(spread putfloor) | | | floor + $CREATED PUTs = $WFLOOR |
| vdirsyncer first sync | $VDIR | $( [ -s "$M/vdir.wall" ] && best vdir || echo n/a) | $( [ -s "$M/vdir.wall" ] && spread vdir || echo n/a) | | | full pass = $(ratio "$FULL" "$VDIR") x vdirsyncer (goal < 1) |

Radicale's first read (its item cache, cold): $COLD s. Peak RSS goal: < 64 MB.
EOF

if [ -n "${BENCH_ROWS:-}" ]; then
	maxrss=$(cat "$M"/{full,fullread,idle,change}.res | sort -g | tail -1 | awk '{printf "%.1f", $1/1024}')
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$EVENTS" "$IN_WINDOW" "$CREATED" "$COLD" "$FLOOR" "$FULL" \
		"$(ratio "$FULL" "$FLOOR")" "$(ratio "$FULL" "$WFLOOR")" "$(median fullread)" "$(median idle)" "$(median change)" "$maxrss" "$VDIR" >>"$BENCH_ROWS"
fi
