package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOnceJSONWhenStateDirIsAFile: a failure before the pass (state_dir
// names a file) still prints once --json's summary with the error, and
// exits 1; main printed nothing on stdout.
func TestOnceJSONWhenStateDirIsAFile(t *testing.T) {
	path := onceConfig(t, "http://127.0.0.1:1/")
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	conf := string(data)
	i := strings.Index(conf, "state_dir: ")
	if i < 0 {
		t.Fatal("the test config has no state_dir")
	}
	conf = conf[:i] + "state_dir: " + file + "\n"
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := run(t, map[string]string{"NETSYNCD_TEST_PASSWORD": "pw"}, "once", "--json", "--config", path)
	var sum struct {
		Errors []string `json:"errors"`
	}
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("once --json with state_dir a file printed %q: %v", stdout, err)
	}
	if code != 1 || len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0], "not-a-dir") {
		t.Errorf("once --json = exit %d, errors %q; want exit 1 and the error naming the state_dir", code, sum.Errors)
	}
}
