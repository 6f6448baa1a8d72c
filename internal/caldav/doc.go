// Package caldav is netsyncd's adapter to CalDAV servers (RFC 4791), over
// go-webdav where it works and raw WebDAV requests where it does not.
//
// Rules this package keeps:
//   - Domain types out: paths, raw object bytes as served, opaque ETags.
//     No go-webdav or go-ical type crosses the package boundary.
//   - Every request goes through one transport (Client.Do): it adds the
//     credentials (only for the configured host, and for a calendar home
//     the principal names on a sibling host over https, as iCloud's
//     pNN-caldav hosts: hosts.go), follows redirects by hand
//     keeping the method (Go turns a redirected PROPFIND into a GET) and
//     turns every non-2xx answer into a *StatusError with the status and
//     Retry-After, so callers can tell 412, 404 and 503 apart.
//   - One bad entry in a multi-status never fails a whole fetch: it is
//     returned as Skipped and logged with its href.
//   - A multi-status is decoded as it arrives, one response at a time, by
//     the package's own scanner (scan.go, msdecode.go): what encoding/xml's
//     Unmarshal made of it, byte for byte (FuzzMultistatusDecoders), without
//     reflection or a token per element; bounded by MaxBody, MaxObject,
//     MaxKept and MaxSkip (decode.go, resync.go).
//   - A write is trusted only when the server says so plainly: a 2xx with an
//     ETag. A 207 answer to a PUT is read for the failure inside, and a 2xx
//     without an ETag is checked with a GET (Xandikos reports failed writes
//     with 207).
//   - ETags may come weak (W/"x"), quoted or bare: all are stored as the
//     opaque value x and re-quoted in If-Match.
//   - The password and token never appear in a log line, an error or a URL.
//
// docs/caldav.md lists what the adapter does for each server quirk.
package caldav
