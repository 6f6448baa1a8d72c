package entry

import "strings"

// Entries an earlier netsyncd wrote from text Encode cannot write as it is
// (a DEL in a calendar's name, a byte that is not UTF-8 in a person's, a
// U+FFFE, which a multi-status brings back as U+FFFD) read back as the
// cleaned text, under an X-NETSYNCD-HASH of the text before it was
// cleaned: they read as edited by the user, and would never follow their
// source again. WrittenEarlierFrom tells such an entry from one the user
// edited, so that it is written once more, with the same text and the
// hash of today.

// earlierNormalize are the normalisations earlier versions hashed an
// entry's text with (ContentHash's normalize today). They are a record of
// what was written, and never change.
var earlierNormalize = []func(string) string{
	// Until 2 December 2026: the text as planned, CRLF made LF.
	func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) },
	// Until 4 December 2026: ics.Text, which kept U+FFFE and U+FFFF.
	func(s string) string { return strings.TrimSpace(textKeepingFFFE(s)) },
}

// WrittenEarlierFrom reports whether o holds exactly e's text as Encode
// writes it today, under the X-NETSYNCD-HASH an earlier netsyncd recorded
// for the same text: netsyncd wrote it from e, and the user changed
// nothing. Both must hold: text the user typed that happens to match the
// plan is still theirs, and so is an entry whose recorded hash is of
// another text (the source changed since), since nothing tells what an
// earlier netsyncd wrote from it.
func (o *Owned) WrittenEarlierFrom(e *Entry) bool {
	if !o.Edited() || o.ContentHash != e.Hash() {
		return false
	}
	for _, norm := range earlierNormalize {
		if o.StoredHash == hashWith(norm, e.Summary, e.Description, e.Location) {
			return true
		}
	}
	return false
}

// textKeepingFFFE is ics.Text as it was until 4 December 2026.
func textKeepingFFFE(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s { // a byte that is not UTF-8 ranges as U+FFFD
		if r == '\t' || r == '\n' || r >= 0x20 && r != 0x7f {
			b.WriteRune(r)
		}
	}
	return b.String()
}
