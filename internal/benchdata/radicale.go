package benchdata

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// WriteCollection writes objs as a calendar collection of Radicale's
// filesystem storage (3.x): dir/<name>.ics for each object and
// dir/.Radicale.props marking dir as a calendar named displayName. Loading
// 5,000 events this way before Radicale starts takes a moment; 5,000 PUTs
// take minutes. Radicale builds its item cache on the first read.
func WriteCollection(dir, displayName string, objs []Object) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("benchdata: %w", err)
	}
	props, err := json.Marshal(map[string]string{
		"tag":                                "VCALENDAR",
		"D:displayname":                      displayName,
		"C:supported-calendar-component-set": "VEVENT,VTODO",
	})
	if err != nil {
		return fmt.Errorf("benchdata: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".Radicale.props"), props, 0o600); err != nil {
		return fmt.Errorf("benchdata: %w", err)
	}
	for _, o := range objs {
		if err := os.WriteFile(filepath.Join(dir, o.Name), o.Data, 0o600); err != nil {
			return fmt.Errorf("benchdata: %w", err)
		}
	}
	return nil
}
