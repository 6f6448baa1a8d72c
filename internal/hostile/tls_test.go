package hostile

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netsyncd/netsyncd/internal/davserver"
)

// testCA is a CA made for one test, and a server certificate for
// 127.0.0.1 it signed.
type testCA struct {
	pem    []byte // the CA's certificate
	server tls.Certificate
}

func newTestCA(t *testing.T, name string) testCA {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ = x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return testCA{
		pem:    pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		server: tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key},
	}
}

// caldav.ca_file against a loopback TLS server whose certificate a CA made
// in the test signed: without the key the pass fails and the error points
// to caldav.ca_file; with the CA's PEM there the pass runs; with another
// CA's PEM it fails naming the file; check-config refuses a file that
// holds no certificate.
func TestCAFile(t *testing.T) {
	Case(t, passBounds, "once over TLS: caldav.ca_file, missing, right, wrong and not PEM", func(t *testing.T) {
		ca := newTestCA(t, "netsyncd test CA")
		srv := davserver.New("jane")
		srv.AddCalendar(srv.Home()+"personal/", "Personal")
		if err := srv.PutObject(srv.Home()+"personal/c.ics", []byte(calendar(vevent("coffee", "20261202T150000Z")))); err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewUnstartedServer(srv.Handler())
		hs.TLS = &tls.Config{Certificates: []tls.Certificate{ca.server}}
		hs.StartTLS()
		defer hs.Close()
		dir := t.TempDir()
		write := func(name string, data []byte) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		caPath := write("ca.pem", ca.pem)
		otherPath := write("other.pem", newTestCA(t, "another CA").pem)
		notPEM := write("ca.der", []byte("\x30\x82\x01\x0anot pem"))

		code, s, log := onceAt(t, now, passConfig(t, hs.URL+"/", ""))
		if errs := strings.Join(s.Errors, "\n"); code != 1 || !strings.Contains(errs, "caldav.ca_file: /etc/netsyncd/ca.pem") || !strings.Contains(errs, "docs/caldav.md") {
			t.Errorf("without ca_file: once = %d, errors %q; want exit 1 pointing to caldav.ca_file\n%s", code, errs, tail(log))
		}
		code, s, log = onceAt(t, now, passConfig(t, hs.URL+"/", "  ca_file: "+caPath+"\n"))
		if code != 0 || s.Created == 0 {
			t.Errorf("with ca_file: once = %d, %+v; want a pass\n%s", code, s, tail(log))
		}
		code, s, log = onceAt(t, now, passConfig(t, hs.URL+"/", "  ca_file: "+otherPath+"\n"))
		if errs := strings.Join(s.Errors, "\n"); code != 1 || !strings.Contains(errs, "nor by those of caldav.ca_file ("+otherPath+")") {
			t.Errorf("with another CA: once = %d, errors %q; want exit 1 naming the file\n%s", code, errs, tail(log))
		}
		code, out, errOut := netsyncd(t, t.Context(), map[string]string{"NETSYNCD_TEST_PASSWORD": "x"}, "check-config", "--config", passConfig(t, hs.URL+"/", "  ca_file: "+notPEM+"\n"))
		if code != 2 || !strings.Contains(errOut, "caldav.ca_file: "+notPEM+" holds no PEM certificate") {
			t.Errorf("check-config with a DER file = %d\n%s%s\nwant exit 2 saying it holds no PEM certificate", code, out, errOut)
		}
	})
}
