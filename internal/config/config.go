// Package config holds netsyncd's configuration: the YAML schema, its
// defaults, and the rules a file must satisfy before the daemon will use it.
//
// Rules this package keeps:
//   - No globals: Default() returns a fresh value, Parse/Load return a new one.
//   - A file is decoded on top of Default(), so an absent key keeps its
//     default and every key has one except caldav.url.
//   - Unknown keys, wrong types and impossible values are refused with the
//     file, the line and the key, and say what to write instead.
//   - Secrets are never part of Config: the password is read by Secret() on
//     demand and never printed (Redacted() is what check-config prints).
package config

import (
	"time"

	"github.com/netsyncd/netsyncd/internal/budget"
)

// Config is the whole configuration of netsyncd.
type Config struct {
	Timezone string   `yaml:"timezone"`
	CalDAV   CalDAV   `yaml:"caldav"`
	Schedule string   `yaml:"schedule"`
	Window   Window   `yaml:"window"`
	StateDir string   `yaml:"state_dir"`
	Me       Me       `yaml:"me"`
	Employer Employer `yaml:"employer"`
	Classify Classify `yaml:"classify"`
	Limits   Limits   `yaml:"limits"`
	Output   Output   `yaml:"output"`
	People   People   `yaml:"people"`
	Plan     Plan     `yaml:"plan"`
	Budgets  Budgets  `yaml:"budgets"`

	// Location is Timezone loaded; set by Validate.
	Location *time.Location `yaml:"-"`
	// Path is the file the config was loaded from ("" for Default or Parse).
	Path string `yaml:"-"`

	// file names the source in messages; lines and failed come from the
	// decoder, so that Validate can place its errors and skip keys the
	// decoder already refused.
	file   string
	lines  map[string]int
	failed map[string]bool
}

// CalDAV says where the calendars are and how to log in.
type CalDAV struct {
	URL          string `yaml:"url"`
	Username     string `yaml:"username"`
	PasswordFile string `yaml:"password_file"`
	PasswordEnv  string `yaml:"password_env"`
	// PasswordCommand is a program and its arguments whose standard output
	// is the password (secret_command.go).
	PasswordCommand []string `yaml:"password_command,omitempty"`
	// BearerTokenFile / BearerTokenEnv: send "Authorization: Bearer" instead
	// of Basic auth (servers behind an OAuth proxy).
	BearerTokenFile string   `yaml:"bearer_token_file"`
	BearerTokenEnv  string   `yaml:"bearer_token_env"`
	Sources         []string `yaml:"sources"`
	Target          string   `yaml:"target"`
	// CAFile is a PEM file of CA certificates trusted besides the system's
	// (a home server's own CA); see CAPool.
	CAFile string `yaml:"ca_file,omitempty"`
	// InsecureSkipTLSVerify turns off certificate checks (a warning is logged at every start).
	InsecureSkipTLSVerify bool     `yaml:"insecure_skip_tls_verify"`
	Timeout               Duration `yaml:"timeout"`
	// WritesInFlight bounds the writes a pass sends together; 0 is the
	// daemon's default (8), and a 429 from the server halves it.
	WritesInFlight int `yaml:"writes_in_flight,omitempty"`
	// OAuth signs in with OAuth 2.0 (`netsyncd login`), as Google needs.
	OAuth *OAuth `yaml:"oauth,omitempty"`
}

// Window is how far around now the daemon looks.
type Window struct {
	Past   Duration `yaml:"past"`
	Future Duration `yaml:"future"`
}

// Me is who the user is.
type Me struct {
	Emails []string `yaml:"emails"`
	Home   *LatLon  `yaml:"home"`
}

// LatLon is a point given in the config.
type LatLon struct {
	Lat float64 `yaml:"lat"`
	Lon float64 `yaml:"lon"`
}

// Employer describes the user's current employer, for confidentiality.
type Employer struct {
	Confidential bool     `yaml:"confidential"`
	Domains      []string `yaml:"domains"`
	// Names are words that name the employer in event text ("Acme").
	Names []string `yaml:"names"`
	// SharedCalendars are source calendars the employer can see (display names or paths).
	SharedCalendars []string `yaml:"shared_calendars"`
}

// Classify holds the user's classification rules.
type Classify struct {
	Rules []Rule `yaml:"rules"`
}

// Rule is one user classification rule: when Match matches, Set applies.
type Rule struct {
	Name  string `yaml:"name"`
	Match Match  `yaml:"match"`
	Set   Set    `yaml:"set"`
}

// Match lists the signals a rule tests. Every non-empty field must match
// (AND); within a list, any entry may match (OR). Text patterns are
// case-insensitive words or phrases, or regular expressions written
// between slashes ("/^coffee (with|w\\/)/").
type Match struct {
	Summary     []string `yaml:"summary"`
	Description []string `yaml:"description"`
	Location    []string `yaml:"location"`
	URL         []string `yaml:"url"`
	Text        []string `yaml:"text"` // summary, description or location
	Categories  []string `yaml:"categories"`
	Calendar    []string `yaml:"calendar"`
	// Organizer: emails or domains ("@acme-corp.com" or "acme-corp.com"); "me" means one of me.emails.
	Organizer []string `yaml:"organizer"`
	// AttendeeDomains: any attendee's email is in one of these domains.
	AttendeeDomains []string `yaml:"attendee_domains"`
	// MinAttendees / MaxAttendees bound the number of other people: the
	// distinct valid emails of the organizer and the attendees, the user
	// (me.emails) not counted.
	MinAttendees *int       `yaml:"min_attendees"`
	MaxAttendees *int       `yaml:"max_attendees"`
	MinDuration  Duration   `yaml:"min_duration"`
	MaxDuration  Duration   `yaml:"max_duration"`
	Days         []Weekday  `yaml:"days"`
	After        *ClockTime `yaml:"after"`  // starts at or after this time of day
	Before       *ClockTime `yaml:"before"` // starts before this time of day
	Transparent  *bool      `yaml:"transparent"`
	AllDay       *bool      `yaml:"all_day"`

	// The signals below were added for classification (internal/classify).

	// PartStat: the user's own participation status (ACCEPTED, DECLINED,
	// TENTATIVE, NEEDS-ACTION), from the attendee whose email is in me.emails.
	PartStat []string `yaml:"partstat"`
	// HasLocation: the event has a location (text or GEO).
	HasLocation *bool `yaml:"has_location"`
	// EmployerPeople: the organizer or an attendee (the user's own work
	// address included) is in employer.domains.
	EmployerPeople *bool `yaml:"employer_people"`
	// AllEmployer: there is at least one other person and every other person
	// (organizer and attendees, the user not counted) is in employer.domains:
	// an internal meeting.
	AllEmployer *bool `yaml:"all_employer"`
	// EmployerName: one of employer.names is in the summary, description or
	// location (as a word, like other text patterns).
	EmployerName *bool `yaml:"employer_name"`
	// SharedCalendar: the event comes from one of employer.shared_calendars.
	SharedCalendar *bool `yaml:"shared_calendar"`
}

// Set lists the fields a rule decides. Nil or "" leaves a field to later rules.
type Set struct {
	Networking       *bool  `yaml:"networking"`
	Mode             string `yaml:"mode"` // active | passive
	Type             string `yaml:"type"` // one of Types
	InPerson         *bool  `yaml:"in_person"`
	ConfidentialRisk *bool  `yaml:"confidential_risk"`
}

// Types are the networking event types.
var Types = []string{"one_on_one", "meal", "event", "conference", "association", "alumni", "social", "remote"}

// Limits is the user's weekly policy.
type Limits struct {
	WeekStart            Weekday              `yaml:"week_start"`
	HoursPerWeek         float64              `yaml:"hours_per_week"`
	MaxEventsPerWeek     int                  `yaml:"max_events_per_week"`
	MinActiveShare       float64              `yaml:"min_active_share"`
	MinActivePerWeek     int                  `yaml:"min_active_per_week"`
	MinInPersonShare     float64              `yaml:"min_in_person_share"` // of networking hours
	Types                map[string]TypeLimit `yaml:"types"`
	AllowedTimes         []AllowedTime        `yaml:"allowed_times"`
	MaxTravelMinutes     int                  `yaml:"max_travel_minutes"`
	DefaultTravelMinutes int                  `yaml:"default_travel_minutes"`
	Zones                []Zone               `yaml:"zones"`
	BlockedLocations     []string             `yaml:"blocked_locations"`
	// AllDayHours is how many hours an all-day or multi-day event counts for, per day.
	AllDayHours float64 `yaml:"all_day_hours"`
	// TravelSpeedKmh turns a straight-line distance from me.home into travel minutes.
	TravelSpeedKmh float64 `yaml:"travel_speed_kmh"`
}

// TypeLimit caps one event type per week. Nil means no cap.
type TypeLimit struct {
	MaxPerWeek      *int     `yaml:"max_per_week"`
	MaxHoursPerWeek *float64 `yaml:"max_hours_per_week"`
}

// AllowedTime is a weekly window in which networking may happen.
type AllowedTime struct {
	Days []Weekday `yaml:"days"`
	From ClockTime `yaml:"from"`
	To   ClockTime `yaml:"to"`
}

// Zone is a named area with a travel time, matched by words in a location.
type Zone struct {
	Name          string   `yaml:"name"`
	Match         []string `yaml:"match"`
	TravelMinutes int      `yaml:"travel_minutes"`
}

// Output says what netsyncd writes back.
type Output struct {
	As         string    `yaml:"as"` // event | todo
	Prep       Prep      `yaml:"prep"`
	Followup   Followup  `yaml:"followup"`
	WeeklyPlan bool      `yaml:"weekly_plan"`
	Private    bool      `yaml:"private"`
	Templates  Templates `yaml:"templates"`
	Reconnect  Reconnect `yaml:"reconnect"`
}

// Prep places and sizes preparation entries.
type Prep struct {
	Duration Duration `yaml:"duration"`
	Lead     Duration `yaml:"lead"`   // how far before the event a prep slot may be
	Alarm    Duration `yaml:"alarm"`  // alarm this long before the prep entry
	Remote   bool     `yaml:"remote"` // also prepare remote networking
}

// Followup places and sizes follow-up entries.
type Followup struct {
	After    Duration `yaml:"after"` // a follow-up slot is searched up to this long after the event
	Duration Duration `yaml:"duration"`
	Alarm    Duration `yaml:"alarm"`
}

// Templates override the texts of written entries (Go text/template). Empty
// means the built-in default.
type Templates struct {
	PrepSummary         string `yaml:"prep_summary"`
	PrepDescription     string `yaml:"prep_description"`
	FollowupSummary     string `yaml:"followup_summary"`
	FollowupDescription string `yaml:"followup_description"`
	WeekSummary         string `yaml:"week_summary"`
	WeekDescription     string `yaml:"week_description"`
}

// Default returns the configuration used for every key a file leaves out.
func Default() *Config {
	all := []Weekday{Weekday(time.Monday), Weekday(time.Tuesday), Weekday(time.Wednesday), Weekday(time.Thursday), Weekday(time.Friday)}
	return &Config{
		CalDAV:   CalDAV{Target: "Networking", Timeout: Duration(30 * time.Second)},
		Schedule: "@every 10m",
		Window:   Window{Past: Duration(14 * 24 * time.Hour), Future: Duration(60 * 24 * time.Hour)},
		Employer: Employer{Confidential: true},
		Limits: Limits{
			WeekStart:        Weekday(time.Monday),
			HoursPerWeek:     6,
			MaxEventsPerWeek: 4,
			MinActiveShare:   0.5,
			MinActivePerWeek: 2,
			MinInPersonShare: 0.6,
			AllowedTimes: []AllowedTime{
				{Days: all, From: ClockTime(7 * 60), To: ClockTime(21 * 60)},
				{Days: []Weekday{Weekday(time.Saturday)}, From: ClockTime(9 * 60), To: ClockTime(14 * 60)},
			},
			MaxTravelMinutes:     45,
			DefaultTravelMinutes: 30,
			AllDayHours:          8,
			TravelSpeedKmh:       25,
		},
		Output: Output{
			As:         "event",
			Prep:       Prep{Duration: Duration(30 * time.Minute), Lead: Duration(24 * time.Hour), Alarm: Duration(15 * time.Minute)},
			Followup:   Followup{After: Duration(18 * time.Hour), Duration: Duration(20 * time.Minute), Alarm: 0},
			WeeklyPlan: true,
			Private:    true,
			Reconnect:  defaultReconnect(),
		},
		People:  defaultPeople(),
		Plan:    defaultPlan(),
		Budgets: defaultBudgets(),
	}
}

// Budgets are the bounds on what one object or one pass may cost (see
// package budget for the rest, which are fixed). A bound that is hit drops
// the excess, names the object in a finding and a log line, and the pass
// goes on.
type Budgets struct {
	OccurrencesPerObject int `yaml:"occurrences_per_object"`
	FindingsPerPass      int `yaml:"findings_per_pass"`
	EntriesPerSeries     int `yaml:"entries_per_series"`
	EntriesPerPass       int `yaml:"entries_per_pass"`
	EntryBytesPerPass    int `yaml:"entry_bytes_per_pass"`
}

func defaultBudgets() Budgets {
	d := budget.Defaults()
	return Budgets{
		OccurrencesPerObject: d.OccurrencesPerObject, FindingsPerPass: d.FindingsPerPass,
		EntriesPerSeries: d.EntriesPerSeries, EntriesPerPass: d.EntriesPerPass, EntryBytesPerPass: d.EntryBytesPerPass,
	}
}

// Limits returns the budgets for the core, defaults in place of zeros.
func (b Budgets) Limits() budget.Limits {
	return budget.Limits{
		OccurrencesPerObject: b.OccurrencesPerObject, FindingsPerPass: b.FindingsPerPass,
		EntriesPerSeries: b.EntriesPerSeries, EntriesPerPass: b.EntriesPerPass, EntryBytesPerPass: b.EntryBytesPerPass,
	}.Or()
}
