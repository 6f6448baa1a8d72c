package testservers

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestFaults sends requests through a Faults proxy that fails every
// request with one kind of fault, and checks what the client sees.
func TestFaults(t *testing.T) {
	srv := Radicale(t)
	cal := srv.MakeCalendar(t, "faults")
	obj := cal + "one.ics"
	ics := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:one\r\nDTSTAMP:20261120T120000Z\r\nDTSTART:20261205T000000Z\r\nSUMMARY:One\r\nDESCRIPTION:Text\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	srv.Put(t, obj, []byte(ics))
	const timeout = 500 * time.Millisecond

	for _, tc := range []struct {
		fault  Fault
		method string // PROPFIND of the calendar, or PUT If-Match of obj
		check  func(t *testing.T, resp *http.Response, body []byte, err error, took time.Duration, f *Faults)
	}{
		{Fault503, "PROPFIND", func(t *testing.T, resp *http.Response, _ []byte, err error, _ time.Duration, _ *Faults) {
			if err != nil || resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "1" {
				t.Errorf("503 fault: %v %v; want 503 with Retry-After: 1", status(resp), err)
			}
		}},
		{Fault429, "PROPFIND", func(t *testing.T, resp *http.Response, _ []byte, err error, _ time.Duration, _ *Faults) {
			if err != nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" {
				t.Errorf("429 fault: %v %v; want 429 with Retry-After: 1", status(resp), err)
			}
		}},
		{FaultTimeout, "PROPFIND", func(t *testing.T, resp *http.Response, _ []byte, err error, took time.Duration, _ *Faults) {
			if err == nil || took < timeout {
				t.Errorf("timeout fault: %v after %v; want the client's timeout", status(resp), took)
			}
		}},
		{FaultReset, "PROPFIND", func(t *testing.T, resp *http.Response, _ []byte, err error, _ time.Duration, _ *Faults) {
			if err == nil {
				t.Errorf("reset fault: %v and the whole body; want a broken connection", status(resp))
			}
		}},
		{FaultTruncate, "PROPFIND", func(t *testing.T, resp *http.Response, body []byte, err error, _ time.Duration, _ *Faults) {
			var v struct{}
			if err != nil || resp.StatusCode != 207 || xml.Unmarshal(body, &v) == nil {
				t.Errorf("truncate fault: %v %v, body %q; want a 207 whose XML does not parse", status(resp), err, body)
			}
		}},
		{FaultSlow, "PROPFIND", func(t *testing.T, resp *http.Response, _ []byte, err error, took time.Duration, _ *Faults) {
			if err != nil || resp.StatusCode != 207 || took < timeout/5 {
				t.Errorf("slow fault: %v %v after %v; want a 207 after %v", status(resp), err, took, timeout/5)
			}
		}},
		{FaultConflict, "PUT", func(t *testing.T, resp *http.Response, _ []byte, err error, _ time.Duration, f *Faults) {
			if err != nil || resp.StatusCode != http.StatusPreconditionFailed {
				t.Errorf("conflict fault: %v %v; want 412", status(resp), err)
			}
			if note := f.Edited()[obj]; note == "" || !strings.Contains(string(srv.Get(t, obj)), "DESCRIPTION:"+note) {
				t.Errorf("conflict fault: the object on the server does not hold the edit %q:\n%s", note, srv.Get(t, obj))
			}
		}},
	} {
		t.Run(string(tc.fault), func(t *testing.T) {
			f := NewFaults(t, srv, FaultOptions{Rate: 1, Seed: 1, Kinds: []Fault{tc.fault}, Hold: 4 * timeout, Slow: timeout / 5})
			req, _ := http.NewRequest("PROPFIND", f.URL+cal, strings.NewReader(`<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>`))
			req.Header.Set("Depth", "1")
			if tc.method == "PUT" {
				code, h, _ := srv.Do(t, http.MethodHead, obj, nil, nil)
				if code != http.StatusOK {
					t.Fatalf("HEAD %s: %d", obj, code)
				}
				req, _ = http.NewRequest(http.MethodPut, f.URL+obj, strings.NewReader(ics))
				req.Header.Set("If-Match", h.Get("ETag"))
			}
			req.SetBasicAuth(srv.Username, srv.Password)
			began := time.Now()
			resp, err := (&http.Client{Timeout: timeout}).Do(req)
			var body []byte
			if err == nil {
				body, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			tc.check(t, resp, body, err, time.Since(began), f)
			if got := f.Counts()[tc.fault]; got != 1 || f.Injected() != 1 {
				t.Errorf("Counts()[%s] = %d (of %d); want 1 of 1", tc.fault, got, f.Injected())
			}
		})
	}
}

func status(resp *http.Response) string {
	if resp == nil {
		return "no answer"
	}
	return resp.Status
}
