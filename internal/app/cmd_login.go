package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"

	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/daemon"
	"github.com/netsyncd/netsyncd/internal/oauth"
)

var loginCommand = command{
	name: "login", args: "[--config PATH] [--no-browser] [--port N]",
	short: "sign in to Google (OAuth) and save the refresh token in the state directory",
	long: `Signs netsyncd in with OAuth 2.0, with the client of caldav.oauth (for
Google, your own "Desktop app" client: docs/google.md). It prints an address
to open in a browser, and opens one when it can; after you allow the access,
the browser comes back to netsyncd on http://127.0.0.1:PORT and the refresh
token is saved as oauth-token.json in the state directory (mode 600). A
running daemon picks the new token up by itself at its next retry.

On a server without a browser, either run login on another machine with the
same config and copy oauth-token.json into the server's state directory, or
forward a port over SSH and open the printed address on your own machine:

  ssh -L 8085:127.0.0.1:8085 server
  server$ netsyncd login --no-browser --port 8085

The token is never printed or logged.`,
	run: func(ctx context.Context, env Env, fs *flag.FlagSet, args []string) error {
		path := configFlag(fs)
		noBrowser := fs.Bool("no-browser", false, "only print the address; do not open a browser")
		port := fs.Int("port", 0, "port on 127.0.0.1 for the browser to come back to (default: a free one)")
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		cfg, sec, err := loadOAuthConfig(env, *path, "login")
		if err != nil {
			return err
		}
		opts := oauth.LoginOptions{Out: env.Stdout, Port: *port}
		if !*noBrowser && hasBrowser(env.Getenv) {
			opts.OpenBrowser = openBrowser
		}
		tok, err := oauth.Login(ctx, daemon.OAuthClient(cfg, sec), opts)
		if err != nil {
			return err
		}
		if err := oauth.SaveToken(sec.OAuthTokenFile, tok, cfg.CalDAV.OAuth.ClientID); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Signed in. The token is saved in %s (mode 600); a running netsyncd uses it at its next pass.\n", sec.OAuthTokenFile)
		if cfg.IsGoogle() {
			fmt.Fprintln(env.Stdout, "Next: netsyncd calendars lists your calendars with their IDs.")
		}
		return nil
	},
}

// hasBrowser guesses whether a browser can open here: a desktop session
// on Linux and the BSDs, always on macOS.
func hasBrowser(getenv func(string) string) bool {
	if runtime.GOOS == "darwin" {
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

func openBrowser(u string) error {
	name := "xdg-open"
	if runtime.GOOS == "darwin" {
		name = "open"
	}
	if _, err := exec.LookPath(name); err != nil {
		return errors.New(name + " is not installed")
	}
	cmd := exec.Command(name, u)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // the browser outlives nothing of ours
	return nil
}

// loginHint is what a failed OAuth request tells the user to do.
func loginHint(cfg *config.Config) string {
	h := "the OAuth sign-in was refused: run netsyncd login again"
	if cfg.IsGoogle() {
		h += "; check that the CalDAV API and the Google Calendar API are enabled in your Cloud project (docs/google.md)"
	}
	return h
}

var logoutCommand = command{
	name: "logout", args: "[--config PATH]",
	short: "revoke the OAuth sign-in and delete the token file",
	long: `Asks the server (for Google, its revoke endpoint) to revoke the refresh
token that netsyncd login saved, which ends every access token made from it,
then deletes oauth-token.json from the state directory. A running daemon
then waits for a new netsyncd login.`,
	run: func(ctx context.Context, env Env, fs *flag.FlagSet, args []string) error {
		path := configFlag(fs)
		if err := parseFlags(fs, args); err != nil {
			return err
		}
		cfg, sec, err := loadOAuthConfig(env, *path, "logout")
		if err != nil {
			return err
		}
		if err := oauth.Revoke(ctx, daemon.OAuthClient(cfg, sec), cfg.CalDAV.OAuth.RevokeURL, sec.OAuthTokenFile); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		fmt.Fprintf(env.Stdout, "Signed out: the sign-in is revoked and %s is gone.\n", sec.OAuthTokenFile)
		return nil
	},
}

// loadOAuthConfig loads a config that must have caldav.oauth, and its
// client secret and token file.
func loadOAuthConfig(env Env, path, cmd string) (*config.Config, config.Secret, error) {
	cfg, err := loadConfig(env, path, nil)
	if err != nil {
		return nil, config.Secret{}, err
	}
	if cfg.CalDAV.OAuth == nil {
		return nil, config.Secret{}, usagef("%s: caldav.oauth is not set: %s is for OAuth sign-in (Google: docs/google.md)", cfg.Path, cmd)
	}
	sec, err := cfg.SecretFrom(env.Getenv)
	if err != nil {
		return nil, config.Secret{}, usageError{err}
	}
	return cfg, sec, nil
}
