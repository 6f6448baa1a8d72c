// Package entry is the codec of the entries netsyncd writes into the
// target calendar: the Entry a planner wants, the Owned entry read back,
// Encode and Decode, and the X-NETSYNCD-* properties that mark them.
//
// Rules this package keeps:
//   - It is pure: bytes and values in, bytes and values out.
//   - An object is netsyncd's exactly when its first VEVENT or VTODO
//     carries X-NETSYNCD-KIND (PropKind). Decode gives every other object
//     Kind "", and nothing may touch it.
//   - UIDs are derived from the kind, the source UID and its recurrence id
//     (week entries: from the week label), so the same plan always yields
//     the same UIDs and a pass can never create a duplicate.
//   - Encode writes RFC 5545: CRLF line ends, lines folded at 75 octets on
//     character boundaries, TEXT escaped (section 3.3.11), every time in
//     UTC, one DISPLAY alarm with its DESCRIPTION (section 3.6.6).
//   - What tells the user's edits from netsyncd's is recorded in the entry
//     itself: X-NETSYNCD-HASH (the hash of the text netsyncd generated),
//     X-NETSYNCD-PLANNED (where it put the entry) and X-NETSYNCD-ALARM (the
//     alarm it planned). EncodeOptions writes them back unchanged when an
//     update keeps what the user chose (package reconcile decides that).
//   - The text written is ics.Text of the text planned, and the hash is of
//     that text, so an entry reads back as written whatever its source
//     held. An entry an earlier version hashed before cleaning its text is
//     told from the user's edit by Owned.WrittenEarlierFrom (heal.go).
//   - Decode reads leniently, with package event's reader: anything may sit
//     in the target calendar. A marked object with a property that cannot
//     be read comes back with Invalid set: it is left alone, and its UID is
//     never created again.
//
// A new kind of entry (a Kind constant) is encoded and decoded like the
// others; Kind.Valid and Owned.Consistent must learn it, or reconcile
// leaves such entries alone as "markers altered by hand".
package entry
