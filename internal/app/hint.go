package app

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path/filepath"
	"syscall"

	"github.com/netsyncd/netsyncd/internal/caldav"
	"github.com/netsyncd/netsyncd/internal/config"
	"github.com/netsyncd/netsyncd/internal/oauth"
)

// withHint adds what to do to a failure of talking to the server, in the
// user's terms (config keys), keeping the URL and status the error has.
func withHint(err error, cfg *config.Config) error {
	if err == nil {
		return nil
	}
	var hint string
	var se *caldav.StatusError
	var unknownCA x509.UnknownAuthorityError
	var badCert *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknownCA) || errors.As(err, &badCert):
		hint = "the server's certificate is not trusted here. If your own CA signed it, give its PEM file to netsyncd: " +
			"caldav.ca_file: /etc/netsyncd/ca.pem (or SSL_CERT_FILE in the service's environment; see docs/caldav.md, \"TLS and your own CA\"); " +
			"caldav.insecure_skip_tls_verify: true only as a last resort"
		if cfg.CalDAV.CAFile != "" {
			hint = fmt.Sprintf("the server's certificate is not signed by the system's CAs nor by those of caldav.ca_file (%s): "+
				"put the CA that signed it (or the one above it) in that file, in PEM; see docs/caldav.md, \"TLS and your own CA\"", cfg.CalDAV.CAFile)
		}
	case errors.Is(err, oauth.ErrLoginNeeded):
		return err // its message says what to do
	case errors.As(err, &se) && cfg.CalDAV.OAuth != nil && (se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden):
		hint = loginHint(cfg)
	case errors.As(err, &se) && (se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden):
		hint = "check caldav.username and the password (iCloud and Fastmail need an app password)"
	case errors.As(err, &se) && se.Status == http.StatusNotFound:
		hint = "check caldav.url: the server's root, or any URL under it, works"
	case errors.As(err, &se):
		return err
	default:
		// A file on this machine that could not be written is no network
		// failure, though caldav.Retryable takes it for one: a
		// syscall.Errno is a net.Error to Go (it has Timeout and Temporary).
		var pe *fs.PathError
		if errors.As(err, &pe) {
			if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
				hint = fmt.Sprintf("the disk that holds %s is full: free space there (df -h %[1]s); "+
					"the state files of the last pass are kept as they were, and the next pass tries again", filepath.Dir(pe.Path))
			}
			break
		}
		if retry, _ := caldav.Retryable(err); retry {
			hint = "check caldav.url and that the server is reachable from here"
		}
	}
	if hint == "" {
		return err
	}
	return fmt.Errorf("%w\n  %s (%s)", err, hint, cfg.Path)
}
