package export

import (
	"skranke/app/report"
)

// dimTitles are the Danish headings of the dimensions, also used as sheet names
// (at most 31 characters, no []:*?/\).
var dimTitles = map[report.Dim]string{
	report.DimWeekday:   "Ugedag",
	report.DimHour:      "Klokkeslæt",
	report.DimTopic:     "Emne",
	report.DimLanguage:  "Sprog",
	report.DimOutcome:   "Udfald",
	report.DimUrgent:    "Hastende",
	report.DimReturning: "Tilbagevendende",
}

// labels are the Danish names of the cells, by dimension and key. A key without a
// label (a topic or language added later) is shown as its id.
var labels = map[report.Dim]map[string]string{
	report.DimWeekday: {
		"monday": "mandag", "tuesday": "tirsdag", "wednesday": "onsdag", "thursday": "torsdag",
		"friday": "fredag", "saturday": "lørdag", "sunday": "søndag",
	},
	report.DimTopic: {
		"post":      "Digital Post / e-Boks",
		"mitid":     "MitID",
		"job":       "Jobnet og jobcenter",
		"cv":        "CV og ansøgninger",
		"passport":  "Pas",
		"residence": "Opholdstilladelse",
		"money":     "Feriepenge, skat og regninger",
		"call":      "Opkald til myndighed eller læge",
		"family":    "Blanketter til børn",
		"housing":   "Bolig og venteliste",
		"apps":      "Apps på telefonen",
		"other":     "Andet",
	},
	report.DimLanguage: {
		"da": "dansk", "en": "engelsk", "ar": "arabisk", "tr": "tyrkisk", "fa": "persisk",
		"fa-AF": "dari", "ckb": "kurdisk (sorani)", "so": "somali", "ur": "urdu",
		"uk": "ukrainsk", "ti": "tigrinya", "pl": "polsk",
	},
	report.DimOutcome: {
		"resolved":       "Løst",
		"referred":       "Henvist",
		"follow_up":      "Opfølgning aftalt",
		"could_not_help": "Kunne ikke hjælpe",
		"unrecorded":     "Hjulpet, udfald ikke registreret",
		"no_show":        "Udeblev ved kald",
		"left":           "Gik inden hjælp",
		"never_called":   "Nåede ikke at blive kaldt",
	},
	report.DimUrgent:    {"yes": "ja", "no": "nej"},
	report.DimReturning: {"yes": "ja", "no": "nej"},
}

// label returns the Danish name of a cell.
func label(d report.Dim, key string) string {
	if d == report.DimHour && len(key) == 2 {
		next := int(key[0]-'0')*10 + int(key[1]-'0') + 1
		return "kl. " + key + "–" + report.HourKey(next%24)
	}
	if l, ok := labels[d][key]; ok {
		return l
	}
	if key == "" {
		return "ukendt"
	}
	return key
}

// dimTitle returns the Danish heading of a dimension.
func dimTitle(d report.Dim) string {
	if t, ok := dimTitles[d]; ok {
		return t
	}
	return string(d)
}
