package davserver

import "strconv"

// SampleConfigPasswordEnv is the variable the sample config reads the
// password from. The demo server accepts any password, or none, so the demo
// sets it to anything; it exists so the demo walks the same path as a real
// configuration.
const SampleConfigPasswordEnv = "NETSYNCD_DEMO_PASSWORD"

// SampleConfigYAML is the demo's configuration for the server at url: the
// owner of SampleCalendar, her employer (a confidential search), her zones
// and the limits of the spec's example. state_dir is left to the caller.
func SampleConfigYAML(url string) []byte {
	return []byte(`# netsyncd demo configuration: Jane Doe, a New York executive in a
# confidential job search, against the embedded demo CalDAV server.
timezone: America/New_York
caldav:
  url: ` + strconv.Quote(url) + `
  username: jane
  password_env: ` + SampleConfigPasswordEnv + `   # the demo server accepts any password
  sources: [Personal, Work]
  target: Networking
schedule: "@every 10m"
window: {past: 14d, future: 60d}
me:
  emails: [jane@home.example]
  home: {lat: 40.7306, lon: -73.9866}
employer:
  confidential: true
  domains: [acme-corp.com]
  names: [Acme]
  shared_calendars: [Work]
classify:
  rules:
    - name: board dinners
      match: {summary: ["board dinner"]}
      set: {networking: true, type: meal, mode: active}
limits:
  week_start: monday
  hours_per_week: 6
  max_events_per_week: 4
  min_active_share: 0.5
  min_active_per_week: 2
  types: {conference: {max_per_week: 1}}
  allowed_times:
    - {days: [mon, tue, wed, thu, fri], from: "07:00", to: "21:00"}
    - {days: [sat], from: "09:00", to: "14:00"}
  max_travel_minutes: 45
  default_travel_minutes: 30
  zones:
    - {name: Midtown, match: [midtown, "5th ave"], travel_minutes: 20}
    - {name: Downtown, match: [downtown, "wall st", "broad st"], travel_minutes: 30}
    - {name: Brooklyn, match: [brooklyn], travel_minutes: 50}
  blocked_locations: ["1 acme plaza"]
output:
  as: event
  prep: {duration: 30m, lead: 1d, alarm: 15m}
  followup: {after: 18h, duration: 20m, alarm: 0m}
  weekly_plan: true
  private: true
`)
}
