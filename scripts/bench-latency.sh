# shellcheck shell=bash
# The latency benchmark of scripts/bench.sh (`scripts/bench.sh latency`),
# sourced by it once Radicale serves the generated calendar. It puts
# internal/benchdata/latproxy between netsyncd and Radicale, holding every
# answer back by BENCH_DELAY (default 80ms), and measures through it, in
# one run:
#   propfind  the home's Depth 1 PROPFIND, with curl (the idle pass's read)
#   report    the window's calendar-query REPORT, with curl
#   put       one PUT creating an event in the target, with curl
#   first     `netsyncd once` with a fresh state directory and no target
#   idle      `netsyncd once` when nothing changed
#   change    `netsyncd once` after one networking event was moved
# The serial floor of a first pass is propfind + report + W x put, where W
# is the number of writes (PUT, DELETE, MKCALENDAR) the pass sent, counted
# in the proxy's request log like every pass's requests.
# BENCH_WRITES ("1 4 8 16") lists the caldav.writes_in_flight values the
# first pass is measured with, in the same run: 1 is one write at a time.
# The idle and change passes use the default (the key left out).

# start_latproxy DELAY: starts the proxy in front of URL, logging every
# request to WORK/proxy.log, and sets PROXY_PID and PROXY_URL.
start_latproxy() {
	: >"$WORK/proxy.log"
	"$WORK/latproxy" -listen 127.0.0.1:0 -to "$URL" -delay "$1" -log "$WORK/proxy.log" >"$WORK/proxy.addr" 2>"$WORK/proxy.err" &
	PROXY_PID=$!
	for _ in $(seq 100); do
		[ -s "$WORK/proxy.addr" ] && break
		sleep 0.05
	done
	[ -s "$WORK/proxy.addr" ] || { log "the proxy did not start"; cat "$WORK/proxy.err" >&2; exit 1; }
	PROXY_URL=http://$(head -1 "$WORK/proxy.addr")
}

latency_bench() {
	local delay=${BENCH_DELAY:-80ms}
	log "latency: starting the proxy ($delay per answer) in front of Radicale"
	start_latproxy "$delay"
	local purl=$PROXY_URL
	sed -i "s|^  url: .*|  url: $purl/|" "$WORK/config.yaml"
	local nsd="$WORK/netsyncd once --config $WORK/config.yaml --json"
	local drop="curl -s -o /dev/null -u alice:secret -X DELETE $URL/alice/networking/; rm -rf $WORK/state"

	log "latency floors: $RUNS PROPFINDs of the home, $RUNS REPORTs of the window, $((RUNS * 2)) PUTs, through the proxy"
	measure lpropfind "$RUNS" true -- curl -sS -o /dev/null -u alice:secret -X PROPFIND -H "Depth: 1" \
		-H "Content-Type: application/xml; charset=utf-8" --data-binary "@$WORK/propfind.xml" "$purl/alice/"
	measure lreport "$RUNS" true -- curl -sS -o "$WORK/floor.xml" -u alice:secret -X REPORT -H "Depth: 1" \
		-H "Content-Type: application/xml; charset=utf-8" --data-binary "@$WORK/query.xml" "$purl/alice/personal/"
	IN_WINDOW=$(grep -o '<response>' "$WORK/floor.xml" | wc -l)
	curl -s -o /dev/null -u alice:secret -X MKCALENDAR "$URL/alice/putfloor/"
	for i in $(seq $((RUNS * 2))); do
		sed "s/^UID:bench-moved@/UID:bench-putfloor-$i@/" "$WORK/moved/before.ics" >"$WORK/putfloor.ics"
		curl -sS -o /dev/null -w '%{time_total}\n' -u alice:secret -X PUT -H 'Content-Type: text/calendar' \
			-H 'If-None-Match: *' --data-binary "@$WORK/putfloor.ics" "$purl/alice/putfloor/bench-putfloor-$i.ics" >>"$M/lput.wall"
	done
	curl -s -o /dev/null -u alice:secret -X DELETE "$URL/alice/putfloor/"

	# requests NAME: the requests the last run of NAME sent, from the proxy log.
	local mark
	logged() { mark=$(wc -l <"$WORK/proxy.log"); }
	counted() { tail -n +"$((mark + 1))" "$WORK/proxy.log" >"$M/$1.requests"; }
	runs_logged() { # name runs prep: like measure, keeping the last run's requests
		local name=$1 runs=$2 prep=$3 i
		for i in $(seq "$runs"); do
			bash -c "$prep"
			logged
			measure "$name" 1 true -- $nsd
			counted "$name"
		done
	}

	local n writes=${BENCH_WRITES:-1 4 8 16}
	cp "$WORK/config.yaml" "$WORK/config.default.yaml"
	for n in $writes; do
		sed "s|^  target: Networking|  target: Networking\n  writes_in_flight: $n|" "$WORK/config.default.yaml" >"$WORK/config.yaml"
		log "latency: $RUNS first passes with $n writes in flight (fresh state directory, no target calendar)"
		runs_logged "lfirst$n" "$RUNS" "$drop"
		check_json "lfirst$n" 'd["created"] > 0 and not d["errors"]'
	done
	cp "$WORK/config.default.yaml" "$WORK/config.yaml"
	log "latency: $RUNS first passes with the default writes in flight"
	runs_logged lfirst "$RUNS" "$drop"
	check_json lfirst 'd["created"] > 0 and not d["errors"]'
	log "latency: $RUNS idle passes"
	runs_logged lidle "$RUNS" true
	check_json lidle 'd["idle"] is True'
	PUT_MOVED="curl -sS -o /dev/null -u alice:secret -X PUT -H 'Content-Type: text/calendar' $URL/alice/personal/$MOVED --data-binary"
	bash -c "$PUT_MOVED @$WORK/moved/before.ics"
	$nsd >/dev/null
	log "latency: $RUNS passes after one change"
	runs_logged lchange "$RUNS" "cp $WORK/moved/after.ics $WORK/moved/next.ics; mv $WORK/moved/before.ics $WORK/moved/after.ics; mv $WORK/moved/next.ics $WORK/moved/before.ics; $PUT_MOVED @$WORK/moved/before.ics"
	check_json lchange 'd["updated"] + d["created"] + d["deleted"] > 0 and not d["idle"]'

	nreq() { wc -l <"$M/$1.requests" | tr -d ' '; }
	nwrites() { grep -cE '^(PUT|DELETE|MKCALENDAR) ' "$M/$1.requests" || true; }
	reqs() { awk '{n[$1]++} END{for (m in n) printf "%s%s %d", (s++ ? ", " : ""), m, n[m]}' "$M/$1.requests"; }
	ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b !~ /^[0-9.]+$/ || b == 0) print "n/a"; else printf "%.2f", a/b }'; }
	local pf rp put w reads serial first
	pf=$(median lpropfind)
	rp=$(median lreport)
	put=$(median lput)
	w=$(nwrites lfirst)
	reads=$(awk -v a="$pf" -v b="$rp" 'BEGIN{printf "%.3f", a+b}')
	serial=$(awk -v r="$reads" -v p="$put" -v n="$w" 'BEGIN{printf "%.3f", r + n*p}')
	first=$(median lfirst)
	cat <<EOT

netsyncd latency bench: $EVENTS events ($IN_WINDOW objects in the window), $delay per answer, Radicale $(radicale --version), $(nproc) CPUs, $(date -u +%FT%TZ)
runs: $RUNS; wall = median (best, range) in seconds; requests = the last run's, from the proxy log

| measurement | wall median | best | range | netsyncd CPU | peak RSS MB | requests | ratio |
|---|---:|---:|---|---:|---:|---|---|
| floor: curl PROPFIND of the home | $pf | $(best lpropfind) | $(spread lpropfind) | | | 1 | |
| floor: curl REPORT of the window | $rp | $(best lreport) | $(spread lreport) | | | 1 | reads = $reads |
| floor: curl PUT creating one event | $put | $(best lput) | $(spread lput) | | | 1 | serial floor = reads + $w x PUT = $serial |
$(for n in $writes; do echo "| first pass, writes_in_flight $n ($(field "lfirst$n" created) entries, $(nwrites "lfirst$n") writes) | $(median "lfirst$n") | $(best "lfirst$n") | $(spread "lfirst$n") | $(cpu "lfirst$n") | $(rss "lfirst$n") | $(nreq "lfirst$n"): $(reqs "lfirst$n") | $(ratio "$(median "lfirst$n")" "$serial") x serial floor |"; done)
| first pass, default ($(field lfirst created) entries, $w writes) | $first | $(best lfirst) | $(spread lfirst) | $(cpu lfirst) | $(rss lfirst) | $(nreq lfirst): $(reqs lfirst) | $(ratio "$first" "$serial") x serial floor (goal <= 0.4); $(ratio "$first" "$reads") x reads |
| idle pass | $(median lidle) | $(best lidle) | $(spread lidle) | $(cpu lidle) | $(rss lidle) | $(nreq lidle): $(reqs lidle) | $(ratio "$(median lidle)" "$pf") x PROPFIND |
| pass after one change ($(nwrites lchange) writes) | $(median lchange) | $(best lchange) | $(spread lchange) | $(cpu lchange) | $(rss lchange) | $(nreq lchange): $(reqs lchange) | $(ratio "$(median lchange)" "$pf") x PROPFIND |
EOT
	[ "$(nreq lidle)" = 1 ] || { log "the idle pass sent $(nreq lidle) requests, not 1"; exit 1; }
}
