package oauth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/netsyncd/netsyncd/internal/servermsg"
)

// LoginOptions says how the sign-in meets the user.
type LoginOptions struct {
	Out io.Writer // the URL and instructions are printed here
	// OpenBrowser opens the URL in a browser; nil, or an error, leaves it
	// to the user to open the printed URL.
	OpenBrowser func(url string) error
	Port        int           // loopback port to listen on; 0: a free one
	Timeout     time.Duration // how long to wait for the browser; 0: 10 minutes
}

// Login runs the authorization code flow with PKCE S256 and a loopback
// redirect (RFC 8252 section 7.3, RFC 7636): it listens on 127.0.0.1,
// prints the authorization URL, waits for the browser to come back with a
// code, and exchanges it for tokens. It asks for offline access with a
// forced consent screen, so the answer carries a refresh token.
func Login(ctx context.Context, c Client, opts LoginOptions) (*oauth2.Token, error) {
	if opts.Timeout == 0 {
		opts.Timeout = 10 * time.Minute
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(opts.Port)))
	if err != nil {
		return nil, fmt.Errorf("oauth: listen on 127.0.0.1 for the browser's answer: %w", err)
	}
	defer ln.Close()
	redirect := "http://" + ln.Addr().String()
	cfg := c.config(redirect)
	state, verifier := randomString(), oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL(state, oauth2.AccessTypeOffline, oauth2.ApprovalForce, oauth2.S256ChallengeOption(verifier))

	codes := make(chan callback, 1)
	srv := &http.Server{Handler: callbackHandler(state, codes), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with Shutdown below
	defer func() {
		// Shutdown, not Close: the browser's request may still be in its
		// handler, and must get its page rather than a closed connection.
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	fmt.Fprintf(opts.Out, "Open this address in a browser and allow netsyncd to use your calendar:\n\n  %s\n\n", authURL)
	fmt.Fprintf(opts.Out, "Waiting for the browser to come back to %s (for up to %s).\n", redirect, opts.Timeout)
	if opts.OpenBrowser != nil {
		if err := opts.OpenBrowser(authURL); err != nil {
			fmt.Fprintf(opts.Out, "Could not open a browser (%v): open the address above yourself.\n", err)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	var cb callback
	select {
	case cb = <-codes:
	case <-ctx.Done():
		return nil, fmt.Errorf("oauth: no answer from the browser within %s: run netsyncd login again", opts.Timeout)
	}
	if cb.err != nil {
		return nil, cb.err
	}
	return exchange(ctx, c, cfg, cb.code, verifier)
}

func exchange(ctx context.Context, c Client, cfg *oauth2.Config, code, verifier string) (*oauth2.Token, error) {
	if c.HTTPClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, c.HTTPClient)
	}
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, cleanError(cfg.Endpoint.TokenURL, err, code, verifier, c.Secret)
	}
	if tok.RefreshToken == "" {
		return nil, errors.New("oauth: the server gave no refresh token: remove netsyncd's access to your account (for Google: https://myaccount.google.com/permissions), then run netsyncd login again")
	}
	if granted, ok := tok.Extra("scope").(string); ok && granted != "" {
		for _, want := range cfg.Scopes {
			if !strings.Contains(" "+granted+" ", " "+want+" ") {
				return nil, fmt.Errorf("oauth: the permission %s was not granted: run netsyncd login again and tick the calendar access on the consent screen", want)
			}
		}
	}
	return tok, nil
}

// callback is what the browser brought back.
type callback struct {
	code string
	err  error
}

// callbackHandler takes the first redirect that carries the right state
// (RFC 6749 section 10.12: anything else may be a forged request) and
// answers the browser with a page saying what happened.
func callbackHandler(state string, out chan<- callback) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/" || (q.Get("code") == "" && q.Get("error") == "") {
			http.NotFound(w, r)
			return
		}
		if q.Get("state") != state {
			http.Error(w, "This answer is not for the sign-in netsyncd started; run netsyncd login again.", http.StatusBadRequest)
			return
		}
		var cb callback
		if e := q.Get("error"); e != "" {
			cb.err = fmt.Errorf("oauth: the sign-in was refused: %s: run netsyncd login again and allow the access", servermsg.Clean(e))
		} else {
			cb.code = q.Get("code")
		}
		// The page first, then the code: once Login has the code it may
		// return and stop this server.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		msg := "netsyncd is signed in. You can close this tab."
		if cb.err != nil {
			msg = "The sign-in failed: " + cb.err.Error()
		}
		fmt.Fprintf(w, "<!doctype html><title>netsyncd</title><p>%s</p>\n", html.EscapeString(msg))
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		select {
		case out <- cb:
		default: // a second answer: the first one counts
		}
	})
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}
