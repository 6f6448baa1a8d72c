package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSecretFileBounded: a password file that is a device, a FIFO or a
// 2 GB file is refused at once, never read whole nor waited on, and
// validation never suggests chmod 600 on a device.
func TestSecretFileBounded(t *testing.T) {
	pinZone(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big")
	f, err := os.OpenFile(big, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(2 << 30)
	f.Close()
	for _, path := range []string{"/dev/zero", fifo, big} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			c := Default()
			c.CalDAV = CalDAV{Username: "jane", PasswordFile: path}
			start := time.Now()
			_, err := c.Secret()
			if err == nil || !strings.Contains(err.Error(), path) {
				t.Errorf("Secret() with password_file %s = %v; want an error naming it", path, err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Secret() with password_file %s took %s", path, d)
			}
		})
	}
	yml := fmt.Sprintf("caldav:\n  url: https://dav.example.com/\n  username: jane\n  password_file: %s\n", "/dev/zero")
	_, warns, err := Parse([]byte(yml), "config.yaml")
	if hasWarning(warns, "chmod") || err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Parse(password_file: /dev/zero) = %v, warnings %v; want an error saying it is not a regular file, no chmod", err, warns)
	}
}
