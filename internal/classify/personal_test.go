package classify

import "testing"

// TestPersonalAddress: a person's own address, not a desk's, is what makes
// an outside invitation for me alone a one-to-one.
func TestPersonalAddress(t *testing.T) {
	for _, tt := range []struct {
		email, name string
		want        bool
	}{
		{"tom.hale@blackrock.com", "", true},
		{"t.braun@kienbaum.de", "Thomas Braun", true},
		{"anne-sophie.carrel@odgersberndtson.com", "", true},
		{"tom@blackrock.com", "Tom Hale", true},
		{"tomh@blackrock.com", "Tom Hale", true},
		{"jsmith@bain.com", "John Smith", true},
		{"johnsmith@bain.com", "John Smith", true},
		{"registration@kongrestsl.pl", "Kongres TSL", false},
		{"comisiones@ideared.org", "IDEA Comisiones", false},
		{"panels@forum.example", "Forum Panels", false},
		{"panels@forum.example", "panels@forum.example", false},
		{"tom@blackrock.com", "", false},
		{"info2026@x.com", "", false},
		{"events.2026@x.com", "", false},
	} {
		if got := personalAddress(tt.email, tt.name); got != tt.want {
			t.Errorf("personalAddress(%q, %q) = %v; want %v", tt.email, tt.name, got, tt.want)
		}
	}
}
