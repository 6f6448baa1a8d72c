package caldav

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"
)

// Options says how to reach the server. Only URL is required.
type Options struct {
	URL      string // any URL of the server: root, principal or calendar
	Username string // Basic auth when set (with Password)
	Password string
	// BearerToken sends "Authorization: Bearer" instead of Basic auth.
	BearerToken           string
	InsecureSkipTLSVerify bool
	// RootCAs replaces the system's roots when set (config caldav.ca_file
	// adds its certificates to them).
	RootCAs *x509.CertPool
	Timeout time.Duration // per request; 30s when zero
	// HTTPClient replaces the default client (tests, proxies). Its
	// transport's TLS settings then apply, not InsecureSkipTLSVerify; its
	// redirect policy is replaced, since redirects are followed by hand.
	HTTPClient *http.Client
	UserAgent  string
	// IgnoresIfNoneMatch says the server does not honour If-None-Match, so
	// a create is checked with a GET first. It is set by itself for
	// Google's CalDAV hosts (see ignoresIfNoneMatch).
	IgnoresIfNoneMatch bool
	// Tokens gives an OAuth 2.0 access token for each request (oauth.go);
	// not with a password or BearerToken.
	Tokens TokenSource
}

// Client talks to one CalDAV server. It is safe for concurrent use.
type Client struct {
	base *url.URL // the configured URL, without credentials
	// origin is the scheme and host that paths go to when the calendar
	// home is on another host than base (iCloud); nil: base's. Calendars
	// sets it from the home it is given.
	origin atomic.Pointer[url.URL]
	// getBeforeCreate: the server ignores If-None-Match (Google).
	getBeforeCreate bool
	// sogo: what the client learnt about SOGo (sogo.go).
	sogo sogoState
	// series: per calendar path, whether its last windowed Fetch needed
	// the series queries (series.go).
	series sync.Map
	hc     *http.Client
	auth   func(*http.Request)
	tokens TokenSource // nil: auth alone
	ua     string
	log    *zap.Logger
	now    func() time.Time
}

const defaultTimeout = 30 * time.Second

// New checks the options and builds a client; it sends no request. A nil
// logger logs nothing.
func New(opts Options, log *zap.Logger) (*Client, error) {
	if log == nil {
		log = zap.NewNop()
	}
	base, user, pass, err := parseBase(opts.URL)
	if err != nil {
		return nil, err
	}
	if opts.Username == "" {
		opts.Username, opts.Password = user, pass
	}
	if opts.BearerToken != "" && opts.Password != "" {
		return nil, errors.New("caldav: give a password or a bearer token, not both")
	}
	c := &Client{base: base, hc: httpClient(opts), ua: opts.UserAgent, log: log, now: time.Now}
	if c.ua == "" {
		c.ua = "netsyncd"
	}
	c.auth = authFunc(opts)
	if opts.Tokens != nil && (opts.Password != "" || opts.BearerToken != "") {
		return nil, errors.New("caldav: give OAuth tokens or a password or bearer token, not both")
	}
	c.tokens = opts.Tokens
	if strings.HasPrefix(base.Path, sogoDAVRoot) {
		c.sogo.seen.Store(true) // the URL of SOGo's CalDAV (sogo.go)
	}
	c.getBeforeCreate = opts.IgnoresIfNoneMatch || ignoresIfNoneMatch(base.Hostname())
	if c.getBeforeCreate {
		log.Info("the server ignores If-None-Match: every create is checked with a GET first", zap.String("host", base.Host))
	}
	if opts.InsecureSkipTLSVerify && base.Scheme == "https" {
		log.Warn("tls certificate verification is off", zap.String("host", base.Host))
	}
	return c, nil
}

// parseBase splits credentials off the URL, so that no URL this package
// prints or sends in an error carries them.
func parseBase(raw string) (*url.URL, string, string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, "", "", fmt.Errorf("caldav: bad url: %w", redactURLError(err))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, "", "", fmt.Errorf("caldav: url %q: want http(s)://host/...", u.Redacted())
	}
	var user, pass string
	if u.User != nil {
		user = u.User.Username()
		pass, _ = u.User.Password()
		u.User = nil
	}
	if u.Path == "" {
		u.Path = "/"
	}
	u.RawQuery, u.Fragment = "", ""
	return u, user, pass, nil
}

// redactURLError drops the URL from a url.Error: it may hold a password.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func httpClient(opts Options) *http.Client {
	var hc http.Client
	if opts.HTTPClient != nil {
		hc = *opts.HTTPClient
	} else {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = &tls.Config{
			MinVersion:         tls.VersionTLS12,
			RootCAs:            opts.RootCAs,
			InsecureSkipVerify: opts.InsecureSkipTLSVerify, //nolint:gosec // the user asked, and is warned at start
		}
		// Go's default is 10 MB of headers; no CalDAV answer needs 1.
		tr.MaxResponseHeaderBytes = 1 << 20
		hc.Transport = tr
	}
	if opts.Timeout > 0 {
		hc.Timeout = opts.Timeout
	} else if hc.Timeout == 0 {
		hc.Timeout = defaultTimeout
	}
	// Redirects are followed by Client.Do: Go's client would turn a
	// redirected PROPFIND or REPORT into a GET.
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hc
}

func authFunc(opts Options) func(*http.Request) {
	switch {
	case opts.BearerToken != "":
		h := "Bearer " + opts.BearerToken
		return func(r *http.Request) { r.Header.Set("Authorization", h) }
	case opts.Username != "":
		return func(r *http.Request) { r.SetBasicAuth(opts.Username, opts.Password) }
	}
	return func(*http.Request) {}
}

// resolve turns a path (or an absolute URL the server gave) into a URL on
// the server: on the host of the calendar home, once that is known to be
// another one. Paths are unescaped, as in hrefs after parsing.
func (c *Client) resolve(p string) *url.URL {
	if u, err := url.Parse(p); err == nil && u.IsAbs() {
		return u
	}
	u := *c.base
	if o := c.origin.Load(); o != nil {
		u.Scheme, u.Host = o.Scheme, o.Host
	}
	u.Path, u.RawPath = p, ""
	if !strings.HasPrefix(p, "/") {
		u.Path = strings.TrimSuffix(c.base.Path, "/") + "/" + p
	}
	return &u
}
