package entry

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/netsyncd/netsyncd/internal/ics"
)

// Kind is the kind of an entry netsyncd writes (X-NETSYNCD-KIND).
type Kind string

const (
	KindPrep     Kind = "prep"
	KindFollowup Kind = "followup"
	KindWeek     Kind = "week"
	// KindSlot is an open slot for an active meeting (SPEC.md, "Open slots").
	KindSlot Kind = "slot"
	// KindReconnect is a reminder to reconnect with a person (plan's
	// reconnect.go); its source is PersonPrefix and the person's key.
	KindReconnect Kind = "reconnect"
)

// PersonPrefix starts the X-NETSYNCD-SOURCE-UID of a reconnect entry: its
// source is a person of the people ledger, "person:" and their key.
const PersonPrefix = "person:"

// Valid reports whether k is one of the kinds netsyncd writes.
func (k Kind) Valid() bool {
	return k == KindPrep || k == KindFollowup || k == KindWeek || k == KindSlot || k == KindReconnect
}

// Entry is one entry netsyncd wants in the target calendar.
type Entry struct {
	Kind Kind
	UID  string // see UID and WeekUID

	// SourceUID is the source event's UID; a week entry's source is its
	// week, so for it this is the week label (X-NETSYNCD-SOURCE-UID is on
	// every entry netsyncd owns).
	SourceUID          string
	SourceRecurrenceID string // RFC 3339 (UTC), or "" when the source does not recur
	Week               string // week entries: the week's label, "2026-W48"

	Summary, Description, Location string

	// Start and End are the entry's times in the config's location. For a
	// VTODO, Start is DTSTART and End is DUE.
	Start, End time.Time
	// Alarm is how long before Start the VALARM fires (0: at Start).
	Alarm time.Duration
	// Transparent writes the entry as free time (TRANSP:TRANSPARENT); week
	// entries always are.
	Transparent bool

	// SourceStart is the start of the source event (week entries: the
	// week's start).
	SourceStart time.Time
	// Until is when the entry becomes history and is left alone: its End for
	// prep and follow-up entries, the end of the week for a week entry.
	Until time.Time
}

// UID is the deterministic UID of a prep or followup entry for the source
// occurrence (sourceUID, rid); week entries use WeekUID.
func UID(kind Kind, sourceUID, rid string) string {
	sum := sha256.Sum256([]byte(string(kind) + "|" + sourceUID + "|" + rid))
	return "netsyncd-" + hex.EncodeToString(sum[:])[:32]
}

// WeekUID is the deterministic UID of the week entry of the week labelled week.
func WeekUID(week string) string { return UID(KindWeek, week, "") }

// ContentHash is the hash netsyncd writes in X-NETSYNCD-HASH: the first 32
// hex digits of the SHA-256 of the user-visible text. Line ends and the
// whitespace around each field are normalised first, so a client that
// rewrites CRLF or trims a trailing newline is not taken for a user edit.
func ContentHash(summary, description, location string) string {
	return hashWith(normalize, summary, description, location)
}

// hashWith is ContentHash with the normalisation norm (see heal.go).
func hashWith(norm func(string) string, summary, description, location string) string {
	h := sha256.New()
	for _, s := range []string{summary, description, location} {
		h.Write([]byte(norm(s)))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func normalize(s string) string {
	// ics.Text: the text as Encode writes it, so that an entry read back
	// hashes as the text it was written from (a DEL in a calendar's name,
	// a byte that is not UTF-8 in a person's, is not the user's edit).
	return strings.TrimSpace(ics.Text(s))
}

// Hash is the ContentHash of the entry's text.
func (e *Entry) Hash() string { return ContentHash(e.Summary, e.Description, e.Location) }

// Owned is an entry found in the target calendar that carries netsyncd's
// marker, as Decode reads it. Href and ETag are set by the caller.
type Owned struct {
	Href, ETag string

	UID                string
	Kind               Kind // "" when the object carries no X-NETSYNCD-KIND: not ours
	SourceUID          string
	SourceRecurrenceID string
	Week               string

	Summary, Description, Location string
	Start, End                     time.Time // End is DTEND, DUE or DTSTART+DURATION
	// PlannedStart and PlannedEnd are the times netsyncd last wrote
	// (X-NETSYNCD-PLANNED); when they differ from Start and End, the user
	// moved the entry. Zero when the property is missing.
	PlannedStart, PlannedEnd time.Time
	Sequence                 int

	// StoredHash is X-NETSYNCD-HASH: the hash of the text netsyncd generated
	// when it last wrote the entry. ContentHash is the hash of the text the
	// entry has now. They differ when the user edited the text, or when
	// the server stores a copy other than the one netsyncd PUT (see
	// ServerHash).
	StoredHash  string
	ContentHash string
	// ServerHash is the ContentHash of the entry as the server stored
	// netsyncd's last write of it, when that write carried StoredHash and
	// its text was netsyncd's ("" when not known): a server may store a
	// copy other than the one PUT (Xandikos re-serialises "C:\new" as
	// "C:", a line end and "ew"). Decode leaves it empty; the reconcile
	// ledger sets it (Ledger.Learn).
	ServerHash string

	// PlannedAlarm is X-NETSYNCD-ALARM: the TRIGGER netsyncd last planned
	// ("" in entries written before it was recorded). Alarms are the
	// entry's VALARM components as content lines, to write back when the
	// user changed them; AlarmsEdited says they did (see readAlarms).
	PlannedAlarm string
	Alarms       []string
	AlarmsEdited bool

	Completed bool   // VTODO with STATUS:COMPLETED, COMPLETED or PERCENT-COMPLETE:100
	As        string // "event" or "todo": the component it is
	// Invalid says why a marked object could not be read (a time in an
	// unknown zone, say); such an entry is left alone.
	Invalid string
	// Reshaped says how the user made the entry something netsyncd does
	// not write (a recurring series, a series with moved instances): an
	// update would drop what they added, so it is left alone, as an edit.
	Reshaped string
	Data     []byte // the object as read
}

// Edited reports whether the user changed the entry's text: it is neither
// the text netsyncd wrote nor what the server made of that text. A user's
// edit changes the text the server stored, so it differs from both.
func (o *Owned) Edited() bool {
	return o.StoredHash != o.ContentHash && (o.ServerHash == "" || o.ServerHash != o.ContentHash)
}

// Moved reports whether the user moved the entry away from where netsyncd put it.
func (o *Owned) Moved() bool {
	if o.PlannedStart.IsZero() {
		return false
	}
	return !o.Start.Equal(o.PlannedStart) || !o.End.Equal(o.PlannedEnd)
}

// Consistent reports whether the entry's UID is the one its markers derive:
// an entry whose markers were altered is left alone.
func (o *Owned) Consistent() bool {
	switch o.Kind {
	case KindWeek:
		return o.Week != "" && o.UID == WeekUID(o.Week)
	case KindPrep, KindFollowup, KindSlot:
		return o.SourceUID != "" && o.UID == UID(o.Kind, o.SourceUID, o.SourceRecurrenceID)
	case KindReconnect:
		return strings.HasPrefix(o.SourceUID, PersonPrefix) && o.UID == UID(o.Kind, o.SourceUID, o.SourceRecurrenceID)
	}
	return false
}
