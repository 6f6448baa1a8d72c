package event

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
	"strings"
)

func TestScratchFuzzCache(t *testing.T) {
	files, _ := filepath.Glob("/root/.cache/go-build/fuzz/github.com/netsyncd/netsyncd/internal/event/FuzzExpand/*")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		lines := strings.SplitN(string(raw), "\n", 2)
		s := strings.TrimSpace(lines[1])
		s = strings.TrimPrefix(s, "[]byte(")
		s = strings.TrimSuffix(s, ")")
		data, err := strconv.Unquote(s)
		if err != nil { t.Logf("%s: %v", f, err); continue }
		from, to := oracleWindow([]byte(data))
		b := time.Now()
		occs, probs := Expand(Source{Data: []byte(data)}, from, to, berlin)
		if d := time.Since(b); d > 100*time.Millisecond {
			t.Logf("%s: %v %d occs %d probs", filepath.Base(f), d, len(occs), len(probs))
		}
	}
}
