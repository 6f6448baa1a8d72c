#!/usr/bin/env python3
"""Oracle for event.Expand: python-recurring-ical-events expands the same files.

Reads a JSON list of {"file", "from", "to"} (RFC 3339 UTC) on stdin and writes
{"file": {"events": [[uid, start, end], ...]} or {"error": "..."}} on stdout.
Times are written in UTC as 2006-01-02T15:04:05Z; floating times and dates
are written as if they were UTC, which is what Expand does with loc = UTC.
"""
import datetime
import json
import sys

import icalendar
import recurring_ical_events


def utc(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.strftime("%Y-%m-%dT00:00:00Z")


def parse(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)


def expand(job):
    with open(job["file"], "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    out = []
    for ev in recurring_ical_events.of(cal).between(parse(job["from"]), parse(job["to"])):
        start = ev["DTSTART"].dt
        end = ev["DTEND"].dt if "DTEND" in ev else start
        out.append([str(ev.get("UID", "")), utc(start), utc(end)])
    return out


def main():
    result = {}
    for job in json.load(sys.stdin):
        try:
            result[job["file"]] = {"events": expand(job)}
        except Exception as e:  # the oracle's own failures are reported, not fatal
            result[job["file"]] = {"error": "%s: %s" % (type(e).__name__, e)}
    json.dump(result, sys.stdout)


main()
