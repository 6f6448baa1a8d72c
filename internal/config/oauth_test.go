package config

import (
	"strings"
	"testing"
)

func TestOAuthConfig(t *testing.T) {
	secret := writeSecret(t, "GOCSPX-test-secret\n", 0o600)
	for _, tc := range []struct {
		name, caldav, wantErr string
	}{
		{name: "google with oauth", caldav: "url: https://apidata.googleusercontent.com/caldav/v2/\n  oauth:\n    client_id: 1-a.apps.googleusercontent.com\n    client_secret_file: " + secret},
		{name: "google without oauth", caldav: "url: https://apidata.googleusercontent.com/caldav/v2/", wantErr: "takes OAuth sign-in only"},
		{name: "no client id", caldav: "url: https://apidata.googleusercontent.com/caldav/v2/\n  oauth:\n    client_secret_file: " + secret, wantErr: "caldav.oauth.client_id"},
		{name: "oauth and password", caldav: "url: https://dav.example.com/\n  username: jane\n  password_env: PW\n  oauth:\n    client_id: x", wantErr: "cannot be used with caldav.username"},
		{name: "plain http token url", caldav: "url: https://apidata.googleusercontent.com/caldav/v2/\n  oauth:\n    client_id: x\n    token_url: http://tokens.example.com/token", wantErr: "plain http"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, _, err := Parse([]byte("timezone: UTC\ncaldav:\n  "+tc.caldav+"\n"), "config.yaml")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Parse: %v; want an error with %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			o := cfg.CalDAV.OAuth
			if !cfg.IsGoogle() || o.TokenURL != GoogleTokenURL || o.APIURL != GoogleAPIURL || o.Scopes[0] != GoogleScope {
				t.Errorf("defaults not filled in: google=%v %+v", cfg.IsGoogle(), *o)
			}
			if s, err := cfg.OAuthClientSecret(); err != nil || s != "GOCSPX-test-secret" {
				t.Errorf("OAuthClientSecret: %v", err)
			}
			out, _ := cfg.Redacted()
			if strings.Contains(string(out), "GOCSPX") {
				t.Errorf("check-config output holds the client secret:\n%s", out)
			}
		})
	}
}
