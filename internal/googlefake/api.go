package googlefake

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// apiAuthLocked answers 401 as the Calendar API does when r has no live
// access token, and tells whether it did.
func (f *Fake) apiAuthLocked(w http.ResponseWriter, r *http.Request) bool {
	if f.bearerLocked(r) {
		return true
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("WWW-Authenticate", `Bearer realm="https://accounts.google.com/"`)
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write([]byte(`{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}`))
	return false
}

type apiCalendar struct {
	Kind       string `json:"kind"`
	ID         string `json:"id"`
	Summary    string `json:"summary"`
	TimeZone   string `json:"timeZone,omitempty"`
	AccessRole string `json:"accessRole,omitempty"`
	Primary    bool   `json:"primary,omitempty"`
}

// calendarList is calendarList.list, paged by PageSize with nextPageToken.
func (f *Fake) calendarList(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counts["calendarList"]++
	if !f.apiAuthLocked(w, r) {
		return
	}
	var items []apiCalendar
	for _, c := range f.cals {
		items = append(items, apiCalendar{Kind: "calendar#calendarListEntry", ID: c.id, Summary: c.summary,
			TimeZone: c.timeZone, AccessRole: c.role, Primary: c.id == f.Primary})
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].Primary != items[j].Primary {
			return items[i].Primary
		}
		return items[i].ID < items[j].ID
	})
	start, _ := strconv.Atoi(r.URL.Query().Get("pageToken"))
	start = min(max(start, 0), len(items))
	end := min(start+max(f.PageSize, 1), len(items))
	out := map[string]any{"kind": "calendar#calendarList", "items": items[start:end]}
	if end < len(items) {
		out["nextPageToken"] = strconv.Itoa(end)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out) //nolint:errcheck // a test server's answer
}

// insertCalendar is calendars.insert: a new secondary calendar, owned by
// the user, with an ID of the form Google gives them.
func (f *Fake) insertCalendar(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counts["insert"]++
	if !f.apiAuthLocked(w, r) {
		return
	}
	var in apiCalendar
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || strings.TrimSpace(in.Summary) == "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":{"code":400,"message":"Missing title."}}`))
		return
	}
	if in.TimeZone == "" {
		in.TimeZone = "UTC"
	}
	id := strings.ToLower(strings.NewReplacer("-", "", "_", "").Replace(f.newSecretLocked()[:16])) + "@group.calendar.google.com"
	c := f.addLocked(id, in.Summary, "owner", in.TimeZone)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(apiCalendar{Kind: "calendar#calendar", ID: c.id, Summary: c.summary, TimeZone: c.timeZone}) //nolint:errcheck // a test server's answer
}
