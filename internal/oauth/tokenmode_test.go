package oauth

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A token file open to others that the daemon cannot make 0600 (another
// user's, copied with sudo cp; immutable here) is still read, as before:
// the refusal is a warning, not a pass that stops until someone chmods it.
func TestTokenFileThatCannotBeChmodedIsRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token.json")
	if err := os.WriteFile(path, []byte(`{"refresh_token":"r-1","access_token":"a-1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("cannot make the file immutable to refuse the chmod: %v %s", err, out)
	}
	defer exec.Command("chattr", "-i", path).Run()
	if os.Chmod(path, 0o600) == nil {
		t.Skip("chmod of an immutable file succeeded")
	}
	var warned []string
	ft, err := readFile(path, func(m string) { warned = append(warned, m) })
	if err != nil {
		t.Fatalf("readFile: %v", err)
	}
	if ft.RefreshToken != "r-1" {
		t.Errorf("refresh token %q", ft.RefreshToken)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "0644") || !strings.Contains(warned[0], path) || strings.Contains(warned[0], "r-1") {
		t.Errorf("warnings %q; want one naming the file and its mode", warned)
	}
}
