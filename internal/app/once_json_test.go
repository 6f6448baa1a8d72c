package app

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// onceConfig writes the tests' config pointing at url, with a state
// directory of its own.
func onceConfig(t *testing.T, url string) string {
	t.Helper()
	cfg, err := os.ReadFile("testdata/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	conf := strings.Replace(string(cfg), "url: http://127.0.0.1:1/", "url: "+url, 1)
	conf += "state_dir: " + filepath.Join(t.TempDir(), "state") + "\n"
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOnceJSONOnAFailedPass: `once --json` prints its JSON, with the
// error, when the pass fails, and exits 1.
func TestOnceJSONOnAFailedPass(t *testing.T) {
	path := onceConfig(t, "http://127.0.0.1:1/")
	code, stdout, _ := run(t, map[string]string{"NETSYNCD_TEST_PASSWORD": "pw"}, "once", "--json", "--config", path)
	var sum struct {
		Errors []string `json:"errors"`
	}
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("once --json on a failed pass printed %q: %v", stdout, err)
	}
	if code != 1 || len(sum.Errors) == 0 || !strings.Contains(sum.Errors[0], "127.0.0.1:1") {
		t.Errorf("once --json = exit %d, errors %q; want exit 1 and the error naming the URL", code, sum.Errors)
	}
}

// TestHTMLAnswerToPropfind: a web page answering PROPFIND with 200 is
// reported as such, not as a 404 the server never sent.
func TestHTMLAnswerToPropfind(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!doctype html><html><body>Welcome</body></html>"))
	}))
	defer srv.Close()
	path := onceConfig(t, srv.URL+"/")
	code, _, stderr := run(t, map[string]string{"NETSYNCD_TEST_PASSWORD": "pw"}, "once", "--config", path)
	// A status, not a port: the test server's port may hold "404" (40485).
	status404 := regexp.MustCompile(`\b404\b`)
	if code != 1 || status404.MatchString(stderr) || !strings.Contains(stderr, "200") || !strings.Contains(stderr, "HTML") {
		t.Errorf("once against a web page = exit %d, stderr:\n%s\nwant exit 1, a 200 and an HTML page named, no 404", code, stderr)
	}
}

// TestUntrustedCertificateSaysWhatToDo: a TLS error names SSL_CERT_FILE
// and where the docs explain it.
func TestUntrustedCertificateSaysWhatToDo(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	path := onceConfig(t, srv.URL+"/")
	code, _, stderr := run(t, map[string]string{"NETSYNCD_TEST_PASSWORD": "pw"}, "once", "--config", path)
	if code != 1 || !strings.Contains(stderr, "SSL_CERT_FILE") || !strings.Contains(stderr, "docs/caldav.md") {
		t.Errorf("once against an untrusted certificate = exit %d, stderr:\n%s\nwant SSL_CERT_FILE and docs/caldav.md named", code, stderr)
	}
}
