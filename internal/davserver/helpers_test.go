package davserver

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"
)

// newTest starts s on a loopback httptest server and returns its URL.
func newTest(t *testing.T, s *Server) string {
	t.Helper()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

// newClient is go-webdav's CalDAV client against url, with a Basic auth
// header as real clients send (the server accepts any).
func newClient(t *testing.T, url string) *caldav.Client {
	t.Helper()
	c, err := caldav.NewClient(webdav.HTTPClientWithBasicAuth(http.DefaultClient, "jane", "anything"), url)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// rawResp is an HTTP answer read whole.
type rawResp struct {
	status int
	header http.Header
	body   string
}

// do sends one raw request; headers alternate name, value.
func do(t *testing.T, method, url, body string, headers ...string) rawResp {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResp{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// put sends a PUT of an iCalendar body with optional conditional headers.
func put(t *testing.T, url, data string, headers ...string) rawResp {
	t.Helper()
	return do(t, http.MethodPut, url, data, append([]string{"Content-Type", "text/calendar; charset=utf-8"}, headers...)...)
}

// msResponse is one response of a multistatus, decoded for assertions.
type msResponse struct {
	Href     string `xml:"DAV: href"`
	Status   string `xml:"DAV: status"`
	Propstat []struct {
		Prop struct {
			Raw []struct {
				XMLName xml.Name
				Inner   string `xml:",innerxml"`
				Text    string `xml:",chardata"`
			} `xml:",any"`
		} `xml:"DAV: prop"`
		Status string `xml:"DAV: status"`
	} `xml:"DAV: propstat"`
}

type multistatus struct {
	Responses []msResponse `xml:"DAV: response"`
	SyncToken string       `xml:"DAV: sync-token"`
}

func parseMultistatus(t *testing.T, r rawResp) multistatus {
	t.Helper()
	if r.status != http.StatusMultiStatus {
		t.Fatalf("status = %d; want 207; body:\n%s", r.status, r.body)
	}
	var ms multistatus
	if err := xml.Unmarshal([]byte(r.body), &ms); err != nil {
		t.Fatalf("multistatus does not parse: %v\n%s", err, r.body)
	}
	return ms
}

// prop returns the text of a property found (200) in a response.
func (r msResponse) prop(space, local string) (string, bool) {
	for _, ps := range r.Propstat {
		if !strings.Contains(ps.Status, " 200 ") {
			continue
		}
		for _, p := range ps.Prop.Raw {
			if p.XMLName.Space == space && p.XMLName.Local == local {
				return p.Text, true
			}
		}
	}
	return "", false
}

// event is a minimal valid VEVENT object.
func event(uid, start, end, summary string) string {
	return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid +
		"\r\nDTSTAMP:20261201T000000Z\r\nDTSTART:" + start + "\r\nDTEND:" + end +
		"\r\nSUMMARY:" + summary + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
}
