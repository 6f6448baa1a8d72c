package testservers

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Hosts gives tests servers under real-looking host names over HTTPS
// (caldav.icloud.com, apidata.googleusercontent.com) while everything stays
// on 127.0.0.1: one self-signed certificate names every host, and Client
// dials any of them to the loopback port in its URL. Nothing resolves the
// names through DNS.
type Hosts struct {
	names map[string]bool
	cert  tls.Certificate
	pool  *x509.CertPool
}

// NewHosts makes a certificate for names.
func NewHosts(t testing.TB, names ...string) *Hosts {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("testservers: %v", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "netsyncd test hosts"},
		DNSNames:              names,
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("testservers: %v", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("testservers: %v", err)
	}
	h := &Hosts{names: map[string]bool{}, pool: x509.NewCertPool(),
		cert: tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}}
	h.pool.AddCert(leaf)
	for _, n := range names {
		h.names[strings.ToLower(n)] = true
	}
	return h
}

// QuirkProxy starts a QuirkProxy in front of upstream that answers as
// https://name:port; its URL says so.
func (h *Hosts) QuirkProxy(t testing.TB, name, upstream string, q Quirks) *QuirkProxy {
	t.Helper()
	if !h.names[strings.ToLower(name)] {
		t.Fatalf("testservers: host %q is not one of the certificate's names", name)
	}
	p := newQuirkProxy(t, upstream, q)
	srv := httptest.NewUnstartedServer(p)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{h.cert}, MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	p.URL = "https://" + name + ":" + port
	return p
}

// Client is an HTTP client that trusts the certificate and dials the hosts'
// names to 127.0.0.1; any other name fails to dial.
func (h *Hosts) Client() *http.Client {
	var d net.Dialer
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: h.pool, MinVersion: tls.VersionTLS12},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			if !h.names[strings.ToLower(host)] {
				return nil, &net.DNSError{Err: "not a test host", Name: host, IsNotFound: true}
			}
			return d.DialContext(ctx, network, net.JoinHostPort("127.0.0.1", port))
		},
	}
	return &http.Client{Transport: tr, Timeout: 10 * time.Second}
}
