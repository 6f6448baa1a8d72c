package googlefake

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// authorize plays Google's consent screen, the user allowing at once: it
// checks the request as Google does (client, loopback redirect, PKCE S256,
// offline access) and redirects to the loopback with a code. Bad requests
// get an error page, not a redirect, as Google answers them.
func (f *Fake) authorize(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counts["authorize"]++
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	ru, err := url.Parse(redirect)
	switch {
	case q.Get("client_id") != f.ClientID:
		http.Error(w, "Error 401: invalid_client", http.StatusUnauthorized)
		return
	case err != nil || ru.Scheme != "http" || ru.Hostname() != "127.0.0.1" || ru.Port() == "":
		http.Error(w, "Error 400: redirect_uri_mismatch (want http://127.0.0.1:PORT)", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code":
		http.Error(w, "Error 400: unsupported_response_type", http.StatusBadRequest)
		return
	case q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43:
		http.Error(w, "Error 400: invalid_request (PKCE S256 required)", http.StatusBadRequest)
		return
	case q.Get("access_type") != "offline" || q.Get("prompt") != "consent":
		http.Error(w, "Error 400: this fake wants access_type=offline and prompt=consent, or no refresh token comes back", http.StatusBadRequest)
		return
	}
	scope := q.Get("scope")
	code := "4/" + f.newSecretLocked()
	f.codes[code] = grant{clientID: f.ClientID, redirect: redirect, challenge: q.Get("code_challenge"), scope: scope}
	back := url.Values{"code": {code}, "state": {q.Get("state")}, "scope": {scope}}
	http.Redirect(w, r, redirect+"?"+back.Encode(), http.StatusFound)
}

// token is the token endpoint (RFC 6749 sections 4.1.3 and 6).
func (f *Fake) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		tokenError(w, http.StatusBadRequest, "invalid_request", "bad form")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counts["token"]++
	if r.PostForm.Get("client_id") != f.ClientID || r.PostForm.Get("client_secret") != f.ClientSecret {
		tokenError(w, http.StatusUnauthorized, "invalid_client", "The OAuth client was not found.")
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		f.exchangeLocked(w, r.PostForm)
	case "refresh_token":
		f.counts["refresh"]++
		rt := r.PostForm.Get("refresh_token")
		if !f.refresh[rt] {
			tokenError(w, http.StatusBadRequest, "invalid_grant", "Token has been expired or revoked.")
			return
		}
		f.issueLocked(w, rt, "", CalendarScope)
	default:
		tokenError(w, http.StatusBadRequest, "unsupported_grant_type", "")
	}
}

// CalendarScope is the scope the fake grants.
const CalendarScope = "https://www.googleapis.com/auth/calendar"

func (f *Fake) exchangeLocked(w http.ResponseWriter, form url.Values) {
	code := form.Get("code")
	g, ok := f.codes[code]
	delete(f.codes, code) // a code is good once
	sum := sha256.Sum256([]byte(form.Get("code_verifier")))
	switch {
	case !ok:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "Malformed auth code.")
	case form.Get("redirect_uri") != g.redirect:
		tokenError(w, http.StatusBadRequest, "redirect_uri_mismatch", "Bad Request")
	case base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
		tokenError(w, http.StatusBadRequest, "invalid_grant", "Invalid code verifier.")
	default:
		rt := "1//" + f.newSecretLocked()
		f.refresh[rt] = true
		f.issueLocked(w, rt, rt, g.scope)
	}
}

// issueLocked answers with a new access token for refresh token rt; sendRT
// is the refresh token to include ("" on refresh: Google sends none).
func (f *Fake) issueLocked(w http.ResponseWriter, rt, sendRT, scope string) {
	at := "ya29." + f.newSecretLocked()
	f.access[at] = accessTok{refresh: rt, expiry: time.Now().Add(f.AccessTTL)}
	body := map[string]any{"access_token": at, "expires_in": int(f.AccessTTL / time.Second), "token_type": "Bearer", "scope": scope}
	if sendRT != "" {
		body["refresh_token"] = sendRT
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(body) //nolint:errcheck // a test server's answer
}

// revoke is Google's revocation endpoint (RFC 7009): a refresh token takes
// its access tokens with it.
func (f *Fake) revoke(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counts["revoke"]++
	t := r.PostForm.Get("token")
	if valid, ok := f.refresh[t]; ok && valid {
		f.refresh[t] = false
		for at, a := range f.access {
			if a.refresh == t {
				delete(f.access, at)
			}
		}
		return
	}
	if _, ok := f.access[t]; ok {
		delete(f.access, t)
		return
	}
	tokenError(w, http.StatusBadRequest, "invalid_token", "Token expired or revoked")
}

func tokenError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc}) //nolint:errcheck // a test server's answer
}

// bearerLocked tells whether r carries a live access token; with caldav it
// counts toward ExpireAfter.
func (f *Fake) bearerLocked(r *http.Request) bool {
	at, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	a, ok := f.access[at]
	if !ok || time.Now().After(a.expiry) || !f.refresh[a.refresh] {
		return false
	}
	return true
}

func (f *Fake) newSecretLocked() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	s := base64.RawURLEncoding.EncodeToString(b)
	f.issued = append(f.issued, s)
	return s
}
