package main

import "strings"

// isLedgerObject tells the target calendar's shared ledger
// (netsyncd-ledger.ics, internal/daemon/marker.go) from the entries: it is
// netsyncd's, but no entry.
func isLedgerObject(path string) bool { return strings.HasSuffix(path, "/netsyncd-ledger.ics") }
