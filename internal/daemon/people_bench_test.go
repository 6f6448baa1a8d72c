package daemon

import "testing"

// BenchmarkFirstPassPeople5000 is BenchmarkFullPass5000 twice in one run:
// without the people stage (the first pass as it was before the people
// ledger), and with it, which reads people.history (365d) of benchdata's
// two years once, learns it and the window, and plans reconnect entries
// and the people of prep and follow-up entries. The SPEC's bound: the
// second within 1.5x of the first.
func BenchmarkFirstPassPeople5000(b *testing.B) {
	b.Run("without_people", func(b *testing.B) {
		benchFirstPass(b, func(s *Syncer) { s.withoutPeople = true }, nil)
	})
	b.Run("with_people_history_365d", func(b *testing.B) {
		benchFirstPass(b, nil, func(s *Syncer) {
			if len(s.ps.people.ledger.People) == 0 {
				b.Fatal("the first pass learned no one")
			}
		})
	})
}
