# shellcheck shell=bash
# The floor benchmark of scripts/bench.sh (`scripts/bench.sh floor`), sourced
# by it once the server (BENCH_SERVER: radicale, xandikos or davical) serves
# the generated calendar "Personal". It measures, in one run, on loopback and
# then through internal/benchdata/latproxy holding every answer back by
# BENCH_DELAY (80ms):
#   propfind   the home's Depth 1 PROPFIND, with curl (the body netsyncd sends)
#   report     the window's calendar-query REPORT, with curl
#   first      `netsyncd once`, fresh state directory, no target: writes
#   fullread   `netsyncd once`, fresh state directory, entries there: the
#              stateless full pass, which reads and plans only (with
#              BENCH_BASELINE, after an untimed pass of the same binary, so
#              the entries are the ones it writes: the two may word them
#              differently)
#   daily      `netsyncd once` with the state of the day before: the first
#              pass of a day, which reads every source's window again
#   idle       `netsyncd once` when nothing changed (must be one request)
# The floor of a full pass is propfind + report. With BENCH_BASELINE set to
# another netsyncd binary, first, fullread and daily are measured with it
# too, run for run alternately with this tree's, in the same run. The
# requests of the last fullread and daily runs of each binary, with their
# times (netsyncd --log-level debug), are kept in the report.

# start_benchserve starts Xandikos or DAViCal with internal/benchdata/benchserve,
# filled with BENCH_EVENTS events, and sets URL, DAV_USER, DAV_PASS,
# HOME_PATH, CAL_PATH and MOVED.
start_benchserve() {
	go build -o "$WORK/benchserve" ./internal/benchdata/benchserve
	log "starting $SERVER and PUTting $EVENTS events into it"
	"$WORK/benchserve" -server "$SERVER" -events "$EVENTS" -seed "$SEED" -moved "$WORK/moved" >"$WORK/server.env" 2>"$WORK/server.log" &
	SERVE_PID=$!
	local i
	for i in $(seq 1800); do
		grep -q '^MOVED=' "$WORK/server.env" 2>/dev/null && break
		kill -0 "$SERVE_PID" 2>/dev/null || { log "$SERVER did not start"; tail -20 "$WORK/server.log" >&2; exit 1; }
		sleep 1
	done
	grep -q '^MOVED=' "$WORK/server.env" || { log "$SERVER was not filled in 30 minutes"; exit 1; }
	# shellcheck disable=SC1091
	. "$WORK/server.env"
	log "$(tail -1 "$WORK/server.log")"
	COLD=n/a
}

floor_bench() {
	local auth=() nsd base="" delay=${BENCH_DELAY:-80ms}
	[ -n "$DAV_USER" ] && auth=(-u "$DAV_USER:$DAV_PASS")
	local tgt=${HOME_PATH}networking/
	if [ -n "${BENCH_BASELINE:-}" ]; then
		cp "$BENCH_BASELINE" "$WORK/netsyncd-base"
		base="$WORK/netsyncd-base"
	fi
	drop() { echo "curl -s -o /dev/null ${auth[*]} -X DELETE $1$tgt; rm -rf $WORK/state"; }
	# yesterday: the state as the day before left it (every cached copy a
	# day old), so the pass reads every source's window again.
	yesterday="python3 -c 'import json,sys,datetime as d; p=sys.argv[1]; s=json.load(open(p)); s[\"day\"]=\"2000-01-01\"
for c in s[\"calendars\"].values(): c[\"full_at\"]=(d.datetime.now(d.timezone.utc)-d.timedelta(hours=25)).strftime(\"%Y-%m-%dT%H:%M:%SZ\")
json.dump(s,open(p,\"w\"))' $WORK/state/sync.json"
	# settle: a pass of @BIN@ (untimed, on loopback, keeping its state), so
	# the entries in the target are the ones that binary writes. The two
	# binaries may word an entry differently (the classifier's reasons,
	# the people ledger), and a pass measured on the other's entries would
	# rewrite them: like is measured with like.
	settle=true
	[ -n "$base" ] && settle="@BIN@ once --config $WORK/config.yaml --json >/dev/null 2>&1"
	# runs_of NAME PREP URL: BENCH_RUNS runs of each binary, alternately;
	# @BIN@ in PREP is the binary of the run. The last run's debug log is
	# kept in M/NAME.log.
	runs_of() {
		local name=$1 prep=$2 u=$3 i b
		sed "s|^  url: .*|  url: $u/|" "$WORK/config.yaml" >"$WORK/config.floor.yaml"
		for i in $(seq "$RUNS"); do
			for b in this ${base:+base}; do
				local bin=$WORK/netsyncd
				[ "$b" = base ] && bin=$base
				measure "$name.$b" 1 "${prep//@BIN@/$bin}" -- "$bin" once --config "$WORK/config.floor.yaml" --json --log-level debug
				cp "$M/$name.$b.err" "$M/$name.$b.log"
			done
		done
	}
	# requests NAME: the requests of the last run, in the order they ended,
	# with the time to headers and to the whole answer.
	requests() {
		python3 - "$M/$1.log" <<'PY'
import json, sys, re
out = []
for line in open(sys.argv[1]):
    if '"request"' not in line and '\trequest\t' not in line:
        continue
    m = re.search(r'\{.*\}', line)
    if not m:
        continue
    d = json.loads(m.group(0))
    at, took = d.get("sent_at"), d.get("took")
    out.append((at if at is not None else -1, "%s %s%s took %s%s" % (d.get("method"), re.sub(r'^https?://[^/]+', '', d.get("url", "")),
        " at %.3f" % at if at is not None else "", "%.3f" % took if took is not None else "?",
        " (%d B)" % d["bytes"] if "bytes" in d else "")))
out.sort(key=lambda x: x[0])
print("; ".join(x[1] for x in out) if out else "(no request lines)")
PY
	}
	nreq() { grep -c 'request' "$M/$1.log" || true; }

	local pass
	for pass in loopback latency; do
		local u=$URL sfx=""
		if [ "$pass" = latency ]; then
			# shellcheck source=scripts/bench-latency.sh
			. scripts/bench-latency.sh
			start_latproxy "$delay"
			u=$PROXY_URL sfx=.lat
		fi
		log "floor ($pass): $RUNS first passes of each binary (fresh state, no target)"
		runs_of "first$sfx" "$(drop "$URL")" "$u"
		check_json "first$sfx.this" 'd["created"] > 0 and not d["errors"]'
		log "floor ($pass): $RUNS PROPFINDs of the home, $RUNS REPORTs of the window, with curl"
		measure "propfind$sfx" "$RUNS" true -- curl -sS -o /dev/null "${auth[@]}" -X PROPFIND -H "Depth: 1" \
			-H "Content-Type: application/xml; charset=utf-8" --data-binary "@$WORK/propfind.xml" "$u$HOME_PATH"
		measure "report$sfx" "$RUNS" true -- curl -sS -o "$WORK/floor.xml" "${auth[@]}" -X REPORT -H "Depth: 1" \
			-H "Content-Type: application/xml; charset=utf-8" --data-binary "@$WORK/query.xml" "$u$CAL_PATH"
		IN_WINDOW=$(grep -oiE '<([a-z0-9]+:)?response>' "$WORK/floor.xml" | wc -l)
		log "floor ($pass): $RUNS stateless full passes of each binary (fresh state, entries there)"
		runs_of "fullread$sfx" "$settle; rm -rf $WORK/state" "$u"
		log "floor ($pass): $RUNS first passes of a day of each binary (the state of the day before)"
		runs_of "daily$sfx" "$settle; $yesterday" "$u"
		for b in this ${base:+base}; do
			check_json "fullread$sfx.$b" 'd["created"] == 0 and d["updated"] == 0 and not d["errors"]'
			check_json "daily$sfx.$b" 'd["created"] == 0 and d["updated"] == 0 and not d["errors"]'
		done
		runs_of "idle$sfx" true "$u"
		check_json "idle$sfx.this" 'd["idle"] is True'
		[ "$(nreq "idle$sfx.this")" = 1 ] || { log "the idle pass sent $(nreq "idle$sfx.this") requests, not 1: $(requests "idle$sfx.this")"; exit 1; }
		if [ -n "$PROXY_PID" ]; then
			kill "$PROXY_PID" 2>/dev/null || true
			wait "$PROXY_PID" 2>/dev/null || true
			PROXY_PID=""
		fi
	done

	ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b !~ /^[0-9.]+$/ || b == 0) print "n/a"; else printf "%.2f", a/b }'; }
	sum() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a+b}'; }
	max() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", (a > b) ? a : b}'; }
	local version
	case "$SERVER" in
	radicale) version="Radicale $(radicale --version)" ;;
	xandikos) version="Xandikos $(dpkg-query -W -f '${Version}' xandikos 2>/dev/null || echo '?')" ;;
	davical) version="DAViCal $(dpkg-query -W -f '${Version}' davical 2>/dev/null || echo '?')" ;;
	esac
	cat <<EOT

netsyncd floor bench: $version, $EVENTS events ($IN_WINDOW objects in the window), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)
runs: $RUNS of each; wall = median (best) in seconds; floor = curl PROPFIND + curl REPORT; slower = the slower of the two
EOT
	for pass in loopback latency; do
		local sfx="" pf rp fl sl b
		[ "$pass" = latency ] && sfx=.lat
		pf=$(median "propfind$sfx") rp=$(median "report$sfx")
		fl=$(sum "$pf" "$rp") sl=$(max "$pf" "$rp")
		echo
		echo "$pass$([ "$pass" = latency ] && echo " ($delay per answer)"): PROPFIND $pf ($(best "propfind$sfx")), REPORT $rp ($(best "report$sfx")), floor $fl, slower $sl"
		echo
		echo "| pass | binary | wall | best | CPU s | RSS MB | requests | x floor | x slower |"
		echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
		local n
		for n in first fullread daily idle; do
			for b in this ${base:+base}; do
				local k=$n$sfx.$b
				echo "| $n | $b | $(median "$k") | $(best "$k") | $(cpu "$k") | $(rss "$k") | $(nreq "$k") | $(ratio "$(median "$k")" "$fl") | $(ratio "$(median "$k")" "$sl") |"
			done
		done
		echo
		for n in fullread daily; do
			for b in this ${base:+base}; do
				echo "- $n, $b: $(requests "$n$sfx.$b")"
			done
		done
	done
}
