package actors_test

import (
	"testing"

	"sitrep/internal/actors"
)

func TestGazetteerLookups(t *testing.T) {
	g := stage.Gazetteer()
	if g == nil {
		t.Fatal("no gazetteer")
	}
	// States by name, short form, demonym and capital.
	countries := []struct{ name, want string }{
		{"the United States", "USA"}, {"the US", "USA"}, {"U.S.", "USA"}, {"America", "USA"}, {"American", "USA"},
		{"Washington", "USA"}, {"Britain", "GBR"}, {"UK", "GBR"}, {"British", "GBR"}, {"London", "GBR"},
		{"Syria", "SYR"}, {"Syrian", "SYR"}, {"Damascus", "SYR"}, {"Iran", "IRN"}, {"Iranian", "IRN"},
		{"Tehran", "IRN"}, {"Teheran", "IRN"}, {"Russian", "RUS"}, {"Moscow", "RUS"}, {"Turkish", "TUR"},
		{"Ankara", "TUR"}, {"French", "FRA"}, {"Paris", "FRA"}, {"Beijing", "CHN"}, {"Baghdad", "IRQ"},
		// Bodies belong to their state.
		{"the Pentagon", "USA"}, {"Department of Defense", "USA"}, {"DoD", "USA"}, {"White House", "USA"},
		{"Kremlin", "RUS"}, {"Downing Street", "GBR"}, {"Elysee", "FRA"}, {"Bundeswehr", "DEU"},
		// People.
		{"Putin", "RUS"}, {"Erdogan", "TUR"}, {"Rouhani", "IRN"},
	}
	for _, c := range countries {
		t.Run(c.name, func(t *testing.T) {
			got, ok := g.Country(c.name)
			if !ok || got != c.want {
				t.Errorf("Country(%q) = %q, %v; want %q", c.name, got, ok, c.want)
			}
		})
	}
	// Non-state bodies have no country; every alias reaches one key.
	entries := []struct{ name, key, typ, sector string }{
		{"IS", "ISIL", "ORG", "REB"}, {"ISIS", "ISIL", "ORG", "REB"}, {"DAESH", "ISIL", "ORG", "REB"},
		{"Daesh", "ISIL", "ORG", "REB"}, {"Islamic State of Iraq and the Levant", "ISIL", "ORG", "REB"},
		{"Jabhat Fateh al-Sham", "NUSRA", "ORG", "REB"}, {"UN Security Council", "UNSC", "ORG", "IGO"},
		{"NATO", "NATO", "ORG", "IGO"}, {"U.S.-led coalition", "COALITION", "ORG", "IGO"},
		{"Defense Department", "USA.DOD", "ORG", "MIL"}, {"Department of State", "USA.DOS", "ORG", "GOV"},
		{"Vladimir Putin", "vladimir putin", "PER", "GOV"},
	}
	for _, c := range entries {
		t.Run(c.name, func(t *testing.T) {
			e, ok := g.Lookup(c.name)
			if !ok {
				t.Fatalf("Lookup(%q) found nothing", c.name)
			}
			if e.Key != c.key || string(e.Type) != c.typ || e.Sector != c.sector {
				t.Errorf("Lookup(%q) = %s %s %s, want %s %s %s", c.name, e.Key, e.Type, e.Sector, c.key, c.typ, c.sector)
			}
			if c.typ == "ORG" && c.key[0] != 'U' && e.Country != "" && c.sector != "MIL" && c.sector != "GOV" {
				t.Errorf("Lookup(%q).Country = %q, want none", c.name, e.Country)
			}
		})
	}
	// Unknown names and bare words are not found.
	for _, name := range []string{"is", "us", "Xyzzy", ""} {
		if e, ok := g.Lookup(name); ok {
			t.Errorf("Lookup(%q) = %s, want nothing", name, e.Key)
		}
	}
	roles := []struct{ phrase, role, sector string }{
		{"Foreign Minister", "foreign minister", "GOV"}, {"spokeswoman", "spokeswoman", "GOV"},
		{"Secretary of State", "secretary of state", "GOV"}, {"Gen.", "general", "MIL"},
	}
	for _, c := range roles {
		if r, s, ok := g.Role(c.phrase); !ok || r != c.role || s != c.sector {
			t.Errorf("Role(%q) = %q %q %v, want %q %q", c.phrase, r, s, ok, c.role, c.sector)
		}
	}
	if n := g.CountryName("IRN"); n != "Iran" {
		t.Errorf("CountryName(IRN) = %q", n)
	}
}

func TestLoadGazetteerAliases(t *testing.T) {
	// The table given replaces the shipped one: a form it maps is keyed
	// by it, a form only the shipped table maps is not.
	g, err := actors.LoadGazetteerAliases([][]string{{"zorblax", "Boris_Yeltsin", "PER", "3", "3"}})
	if err != nil {
		t.Fatal(err)
	}
	if k, ok := g.TableKey("Zorblax"); !ok || k != "boris yeltsin" {
		t.Errorf("TableKey(Zorblax) = %q, %v; want boris yeltsin", k, ok)
	}
	if k, ok := g.TableKey("yeltsin"); ok {
		t.Errorf("TableKey(yeltsin) = %q from the shipped table", k)
	}
	if _, err := actors.LoadGazetteerAliases([][]string{{"x"}}); err == nil {
		t.Error("a malformed row: want an error")
	}
}
