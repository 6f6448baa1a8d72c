package people

import "github.com/netsyncd/netsyncd/internal/textfold"

// The words the name parser knows, all folded (lower case, no accents).
// They are data, kept apart from the parser so that a language is added by
// adding words.

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// activities name a meeting: a summary that names people starts (or ends)
// with them. Fillers ("quick", "a") may stand beside them.
var activities = set(
	// English
	"coffee", "coffees", "lunch", "breakfast", "brunch", "dinner", "drinks", "drink", "tea",
	"beer", "beers", "wine", "cocktails", "catch-up", "catchup", "catch", "meeting", "meet",
	"call", "chat", "intro", "introduction", "walk", "sync", "check-in", "visit", "interview",
	"1:1", "1-1", "1on1", "follow-up", "followup", "zoom", "facetime", "video", "phone",
	// German
	"kaffee", "mittagessen", "abendessen", "fruhstuck", "treffen", "termin", "gesprach",
	"telefonat", "austausch", "essen",
	// French
	"cafe", "dejeuner", "diner", "petit-dejeuner", "rendez-vous", "rdv", "apero", "verre", "rencontre",
	// Spanish
	"almuerzo", "comida", "cena", "desayuno", "reunion", "copa", "copas", "cafecito", "llamada", "charla",
	// Italian
	"pranzo", "caffe", "colazione", "aperitivo", "incontro", "chiacchierata",
	// Dutch
	"koffie", "borrel", "ontbijt", "afspraak", "lunchen",
	// Portuguese
	"almoco", "jantar", "reuniao", "conversa", "bate-papo", "papo", "pequeno-almoco",
)

var fillers = set(
	"quick", "short", "virtual", "weekly", "monthly", "informal", "working", "business",
	"networking", "informational", "up", "a", "an", "the", "my", "ein", "einen", "kurzes", "un", "une",
	"una", "um", "uma", "el", "il", "le", "la", "de", "du", "petit", "kleines", "late", "early", "team",
	"on", "one", "video-",
)

// connectors join an activity to the people: "Coffee with", "Kaffee mit".
// Each has the words of its language for "and" and for a place.
var connectors = map[string]lang{
	"with": english, "w/": english, "w.": english, "w": english,
	"mit":  {and: set("und", "and"), at: set("bei", "im", "in", "am", "at")},
	"avec": {and: set("et", "and"), at: set("a", "au", "chez", "at")},
	"con":  {and: set("y", "e", "and"), at: set("en", "a", "al", "presso", "da", "at")},
	"met":  {and: set("en", "and"), at: set("bij", "in", "op", "at")},
	"com":  {and: set("e", "and"), at: set("no", "na", "em", "at")},
}

// lang is what "and" and "at" are in a summary's language.
type lang struct{ and, at map[string]bool }

var english = lang{and: set("and"), at: set("at", "in")}

// anyLang is used when no connector says the language: words that mean
// something else in another language ("en", "da", "a") are left out.
var anyLang = lang{and: set("and", "und", "et", "y", "e"), at: set("at", "in", "bei", "im", "chez", "au", "presso", "no", "na", "em", "bij", "op")}

// stops end the names: what follows is a topic, not a person.
var stops = set("about", "re", "re:", "regarding", "to", "for", "uber", "fur", "sur", "pour",
	"sobre", "para", "su", "per", "om", "over")

// orgMarks say that what follows is the person's organisation: "Dana
// Whitfield of Lazard", "Sam from Kestrel".
var orgMarks = set("from", "of")

// orgWords mark a company, an organisation or a group, never a person. A
// piece of a summary that holds one is not a name.
var orgWords = set(
	"team", "teams", "board", "all-hands", "allhands", "all", "hands", "staff", "committee",
	"group", "club", "association", "society", "partners", "partner", "capital", "bank", "inc",
	"llc", "ltd", "gmbh", "ag", "plc", "sa", "spa", "bv", "nv", "corp", "co", "company", "ventures", "advisors",
	"advisory", "consulting", "holdings", "trust", "fund", "associates", "labs", "technologies",
	"tech", "university", "foundation", "institute", "council", "network", "forum", "summit",
	"conference", "meetup", "mixer", "gala", "reception", "webinar", "panel", "office", "hq",
	"teams", "skype", "webex", "client", "clients", "prospect", "prospects", "investors", "investor",
	"recruiter", "recruiters", "headhunter", "family", "kids", "mom", "dad", "mum", "parents",
	"friends", "colleagues", "everyone", "folks", "people", "guys", "founders", "cofounders",
	"vendors", "sales", "marketing", "finance", "hr", "legal", "ops", "engineering", "product",
	"design", "leadership", "execs", "exec", "management", "mentor", "mentors", "alumni", "alums",
	"class", "school", "church", "neighbours", "neighbors", "tbd", "tbc", "someone", "somebody",
	"others", "crew", "gang", "squad", "cohort", "reunion", "department", "dept", "division",
	"hotel", "restaurant", "cafe", "bar", "bistro", "brasserie", "trattoria", "tavern", "grill",
	"kitchen", "room", "lounge", "pub", "deli", "starbucks", "pret", "center", "centre",
	"plaza", "square", "street", "avenue", "ave", "road", "club", "bankers",
	"lawyers", "doctor", "dentist", "gym", "yoga", "tennis", "golf", "padel", "book", "study",
	"coffee", "lunch", "dinner", "drinks", "breakfast", "brunch", "meeting", "call", "sync",
	"kollegen", "familie", "equipe", "equipo", "squadra", "collega", "colleghi", "collegas",
	"vorstand", "geschaftsfuhrung", "direction", "directorio", "consiglio", "bestuur",
	"prep", "review", "planning", "offsite", "standup", "stand-up", "retro", "workshop", "training",
	"new", "old", "next", "other", "new-york", "nyc", "london",
)

// firms are companies a summary may name after "with" as if they were
// people ("Lunch with Goldman Sachs"). Folded; matched as the whole piece.
var firms = set(
	"goldman sachs", "goldman", "morgan stanley", "jp morgan", "jpmorgan", "mckinsey", "bain",
	"bcg", "deloitte", "kpmg", "pwc", "ey", "lazard", "blackstone", "kkr", "citi", "citigroup",
	"google", "microsoft", "apple", "amazon", "meta", "facebook", "netflix", "salesforce",
	"oracle", "ibm", "accenture", "blackrock", "evercore", "rothschild", "ubs", "credit suisse",
	"deutsche bank", "barclays", "hsbc", "spencer stuart", "korn ferry", "heidrick",
	"heidrick & struggles", "egon zehnder", "russell reynolds", "bloomberg", "reuters", "siemens",
	"allianz", "bnp paribas", "societe generale", "santander", "unicredit", "intesa", "ing",
	"abn amro", "rabobank", "nestle", "novartis", "roche", "sap", "openai", "nvidia", "tesla",
)

// honorifics stand before a name; they are shown but not part of its key.
var honorifics = set(
	"dr", "dr.", "prof", "prof.", "mag", "mag.", "ing.", "di", "dipl.-ing.", "sir", "dame",
	"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.", "mme", "mlle", "m.", "herr", "frau",
	"sr", "sr.", "sra", "sra.", "srta.", "dott.", "dott", "dott.ssa", "avv.", "lord", "lady", "rev.",
	"dra", "dra.", "eng.", "drs.", "mr.dr.",
)

// particles are the lower-case words inside a name: "de la", "van der", "da".
var particles = set("de", "la", "le", "du", "des", "del", "della", "dei", "di", "da", "do", "dos",
	"das", "van", "von", "der", "den", "ten", "ter", "zu", "bin", "ibn", "al", "el", "st.", "y")

// asides are parenthesised words that are not an organisation.
var asides = set("tbc", "tbd", "tentative", "virtual", "zoom", "online", "remote", "rescheduled",
	"confirmed", "maybe", "hold", "moved", "new time", "in person", "call", "phone", "teams",
	"cancelled", "canceled", "optional", "fyi", "draft", "pending", "video", "private")

func isHonorific(w string) bool { return honorifics[textfold.Fold(w)] }
