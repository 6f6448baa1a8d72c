package oauth

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/oauth2"

	"github.com/netsyncd/netsyncd/internal/fileread"
)

// fileToken is the token file's content. Scope is what the user granted at
// consent, kept to tell a missing calendar permission from a dead token.
type fileToken struct {
	AccessToken  string    `json:"access_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token"`
	Expiry       time.Time `json:"expiry,omitzero"`
	Scope        string    `json:"scope,omitempty"`
	ClientID     string    `json:"client_id,omitempty"`
}

// SaveToken writes tok to path atomically with mode 0600 (a temporary file
// in the same directory, fsync, rename).
func SaveToken(path string, tok *oauth2.Token, clientID string) error {
	ft := fileToken{AccessToken: tok.AccessToken, TokenType: tok.TokenType, RefreshToken: tok.RefreshToken,
		Expiry: tok.Expiry, ClientID: clientID}
	if s, ok := tok.Extra("scope").(string); ok {
		ft.Scope = s
	}
	return writeFile(path, ft)
}

func writeFile(path string, ft fileToken) error {
	b, err := json.MarshalIndent(ft, "", "  ")
	if err != nil {
		return fmt.Errorf("oauth: encode the token: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("oauth: %w", err)
	}
	f, err := os.CreateTemp(dir, ".oauth-token-*")
	if err != nil {
		return fmt.Errorf("oauth: %w", err)
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("oauth: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("oauth: write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("oauth: %w", err)
	}
	return giveToDirOwner(path, dir)
}

// giveToDirOwner hands a token file written by root to the owner of its
// directory: `sudo netsyncd login` writes into the state directory of a
// service that runs as another user (systemd's DynamicUser), which must
// be able to read the file and replace it.
func giveToDirOwner(path, dir string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || st.Uid == 0 {
		return nil
	}
	if err := os.Chown(path, int(st.Uid), int(st.Gid)); err != nil {
		return fmt.Errorf("oauth: give %s to the owner of %s: %w", path, dir, err)
	}
	return nil
}

// maxTokenFile bounds what is read of a token file: a few hundred bytes
// are one, a symlink to /dev/zero or a log file is not.
const maxTokenFile = 64 << 10

// readFile reads the token file; a missing file, or one without a refresh
// token, is ErrLoginNeeded. Errors never quote the content. Only a regular
// file is read (fileread.Open): a FIFO or a device in its place made the
// read wait for ever or never end. A file open to group or others (copied
// from another machine with cp) is made 0600 again; fixed, when not nil,
// hears of it, or that it could not be.
func readFile(path string, fixed func(msg string)) (fileToken, error) {
	f, fi, err := fileread.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fileToken{}, loginNeeded(path, "no sign-in token yet")
	}
	if errors.Is(err, fileread.ErrNotRegular) {
		return fileToken{}, fmt.Errorf("oauth: cannot read the token file: %w: move it aside and run netsyncd login again", err)
	}
	if err != nil {
		return fileToken{}, fmt.Errorf("oauth: cannot read the token file %s: %w: check that the daemon's user can read it", path, errors.Unwrap(err))
	}
	defer f.Close()
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		// A file the daemon may not chmod (another user's: sudo cp) is
		// read all the same, as it was before, with the warning: the
		// next refresh replaces it with the daemon's own, 0600.
		msg := fmt.Sprintf("the token file %s was open to group or others (mode %04o): it is 0600 now; if others could read it, run netsyncd logout and netsyncd login", path, perm)
		if err := f.Chmod(0o600); err != nil {
			msg = fmt.Sprintf("the token file %s is open to group or others (mode %04o) and cannot be made 0600 (%v): chmod 600 %s; if others could read it, run netsyncd logout and netsyncd login", path, perm, errors.Unwrap(err), path)
		}
		if fixed != nil {
			fixed(msg)
		}
	}
	b, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
	if err != nil {
		return fileToken{}, fmt.Errorf("oauth: cannot read the token file %s: %w", path, errors.Unwrap(err))
	}
	if len(b) > maxTokenFile {
		return fileToken{}, loginNeeded(path, fmt.Sprintf("the token file holds more than %d bytes, which no token file does", maxTokenFile))
	}
	var ft fileToken
	if err := json.Unmarshal(b, &ft); err != nil {
		return fileToken{}, loginNeeded(path, "the token file is not valid JSON")
	}
	if ft.RefreshToken == "" {
		return fileToken{}, loginNeeded(path, "the token file holds no refresh token")
	}
	return ft, nil
}

func (ft fileToken) token() *oauth2.Token {
	return &oauth2.Token{AccessToken: ft.AccessToken, TokenType: ft.TokenType, RefreshToken: ft.RefreshToken, Expiry: ft.Expiry}
}
