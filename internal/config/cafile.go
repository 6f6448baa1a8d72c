package config

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/netsyncd/netsyncd/internal/fileread"
)

// maxCAFile bounds caldav.ca_file: the whole Mozilla bundle is 220 KB.
const maxCAFile = 4 << 20

// CAPool is the system's roots with the certificates of caldav.ca_file
// added, nil when the key is not set (the transport then uses the system's
// roots, or SSL_CERT_FILE). The file is read on every call, so a reload
// picks up a renewed CA.
func (d CalDAV) CAPool() (*x509.CertPool, error) {
	if d.CAFile == "" {
		return nil, nil
	}
	certs, err := readCAFile(d.CAFile)
	if err != nil {
		return nil, fmt.Errorf("caldav.ca_file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool() // no system roots here (rare): the file's alone
	}
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool, nil
}

// readCAFile reads the certificates of a PEM file, with an error that says
// what is wrong with it.
func readCAFile(path string) ([]*x509.Certificate, error) {
	data, err := fileread.Regular(path, maxCAFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s does not exist: copy your CA's certificate (PEM, \"-----BEGIN CERTIFICATE-----\") there", path)
	case errors.Is(err, fileread.ErrNotRegular) || errors.Is(err, fileread.ErrTooLarge):
		return nil, fmt.Errorf("%w: name a PEM file of at most %d MB", err, maxCAFile>>20)
	case err != nil:
		return nil, fmt.Errorf("%w: make sure the daemon's user can read it", err)
	}
	var certs []*x509.Certificate
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue // a key or parameters beside the certificate: not ours to read
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: certificate %d is not valid: %v: export the CA's certificate again, in PEM", path, len(certs)+1, err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("%s holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\"): a DER file converts with openssl x509 -inform der -in ca.cer -out ca.pem", path)
	}
	return certs, nil
}

func (v *validator) caFile() {
	path := v.c.CalDAV.CAFile
	if path == "" {
		return
	}
	if !filepath.IsAbs(path) {
		v.errorf("caldav.ca_file", "must be an absolute path to a PEM file of CA certificates, like /etc/netsyncd/ca.pem")
		return
	}
	if _, err := readCAFile(path); err != nil {
		v.errorf("caldav.ca_file", "%v", err)
	}
}
