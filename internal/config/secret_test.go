package config

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testPassword = "s3cr3t-Hunter2-pw"

// writeSecret writes a secret file with the given mode and returns its path.
func writeSecret(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // umask may have narrowed it
		t.Fatal(err)
	}
	return path
}

func TestSecret(t *testing.T) {
	file := writeSecret(t, testPassword+"\n", 0o600)
	empty := writeSecret(t, "\n", 0o600)
	creds := t.TempDir()
	if err := os.WriteFile(filepath.Join(creds, CredentialName), []byte(testPassword), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NETSYNCD_TEST_PW", testPassword)
	for _, tc := range []struct {
		name    string
		caldav  CalDAV
		credDir string
		want    Secret
		wantErr string
	}{
		{name: "password file, newline dropped", caldav: CalDAV{Username: "jane", PasswordFile: file}, want: Secret{Password: testPassword}},
		{name: "password env", caldav: CalDAV{Username: "jane", PasswordEnv: "NETSYNCD_TEST_PW"}, want: Secret{Password: testPassword}},
		{name: "systemd credential", caldav: CalDAV{Username: "jane"}, credDir: creds, want: Secret{Password: testPassword}},
		{name: "bearer file", caldav: CalDAV{BearerTokenFile: file}, want: Secret{BearerToken: testPassword}},
		{name: "bearer env", caldav: CalDAV{BearerTokenEnv: "NETSYNCD_TEST_PW"}, want: Secret{BearerToken: testPassword}},
		{name: "no auth at all", caldav: CalDAV{}, want: Secret{}},
		{name: "user without password", caldav: CalDAV{Username: "jane"}, wantErr: "no password for caldav user"},
		{name: "credential dir without the credential", caldav: CalDAV{Username: "jane"}, credDir: t.TempDir(), wantErr: "LoadCredential"},
		{name: "missing file", caldav: CalDAV{Username: "jane", PasswordFile: "/nonexistent/pw"}, wantErr: "cannot read /nonexistent/pw"},
		{name: "empty file", caldav: CalDAV{Username: "jane", PasswordFile: empty}, wantErr: "is empty"},
		{name: "unset env", caldav: CalDAV{Username: "jane", PasswordEnv: "NETSYNCD_TEST_UNSET"}, wantErr: "NETSYNCD_TEST_UNSET is not set"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CREDENTIALS_DIRECTORY", tc.credDir)
			c := Default()
			c.CalDAV = tc.caldav
			got, err := c.Secret()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Secret() = %v, %v; want error containing %q", got, err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Secret() = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// TestPasswordNeverPrinted puts a real password in a file and checks every
// way the config or the secret can be printed.
func TestPasswordNeverPrinted(t *testing.T) {
	pinZone(t)
	file := writeSecret(t, testPassword, 0o644)
	yml := fmt.Sprintf("caldav:\n  url: https://dav.example.com/\n  username: jane\n  password_file: %s\n", file)
	c, warns, err := Parse([]byte(yml), "config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !hasWarning(warns, "chmod 600 "+file) {
		t.Errorf("warnings = %v; want a chmod 600 warning for a 0644 password file", warns)
	}
	s, err := c.Secret()
	if err != nil || s.Password != testPassword {
		t.Fatalf("Secret() = %v, %v; want the file's password", s, err)
	}
	red, err := c.Redacted()
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(s)
	printed := map[string]string{
		"Redacted()": string(red),
		"%v":         fmt.Sprintf("%v", s),
		"%+v":        fmt.Sprintf("%+v", s),
		"%#v":        fmt.Sprintf("%#v", s),
		"%s":         fmt.Sprintf("%s", s),
		"json":       string(js),
		"%v of &s":   fmt.Sprintf("%v", &s),
	}
	for _, w := range warns {
		printed["warning"] += w.String()
	}
	// Errors with the secret file in play: broken config, bad env name.
	bad := yml + "  password_env: " + testPassword + "\nschedule: nope\n"
	if _, _, err := Parse([]byte(bad), "config.yaml"); err != nil {
		printed["Parse error"] = err.Error()
	} else {
		t.Error("Parse(bad) = ok; want errors")
	}
	c.CalDAV.PasswordFile, c.CalDAV.PasswordEnv = "", testPassword
	if _, err := c.Secret(); err != nil {
		printed["Secret error"] = err.Error()
	}
	for what, out := range printed {
		if strings.Contains(out, testPassword) {
			t.Errorf("%s prints the password:\n%s", what, out)
		}
	}
	if !strings.Contains(printed["%v"], hidden) {
		t.Errorf("%%v of a Secret = %q; want it to show %s", printed["%v"], hidden)
	}
}
