// Package placename normalises place names for gazetteer lookup. It is
// shared by the geo stage and its generator (which must not import the
// stage: the stage embeds what the generator writes).
package placename

import (
	"strings"
	"unicode/utf8"
)

// Normalize folds a place name for lookup: lower case, Latin diacritics
// removed, periods dropped, hyphens and runs of spaces made one space, a
// leading "the " and a trailing possessive removed.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == utf8.RuneError {
			continue
		}
		switch {
		case r == '.':
			continue
		case r == ' ' || r == '-' || r == '\t' || r == '\n' || r == '\u00a0' || r == '_':
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
		case r < utf8.RuneSelf:
			b.WriteByte(byte(r))
		default:
			if f, ok := fold[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(toLower(r))
			}
		}
	}
	out := b.String()
	// Until nothing changes, so that Normalize is idempotent ("0 's" ->
	// "0", not "0 "; "the the x" -> "x").
	for prev := ""; out != prev; {
		prev = out
		out = strings.TrimPrefix(out, "the ")
		for _, suf := range []string{"'s", "\u2019s"} {
			out = strings.TrimSuffix(out, suf)
		}
		out = strings.TrimSpace(out)
	}
	return out
}

func toLower(r rune) rune {
	if r >= 'À' && r <= 'Þ' && r != '×' {
		return r + 32
	}
	return r
}

// fold maps Latin letters with diacritics to their plain letters.
var fold = func() map[rune]string {
	m := map[rune]string{}
	groups := map[string]string{
		"a": "àáâãäåāăąǎȁȃạảấầẩẫậắằẳẵặÀÁÂÃÄÅĀĂĄǍẠẢẤẦẨẪẬẮẰẲẴẶ",
		"c": "çćĉċčÇĆĈĊČ", "d": "ďđĎĐ", "e": "èéêëēĕėęěẹẻẽếềểễệÈÉÊËĒĔĖĘĚẸẺẼẾỀỂỄỆ",
		"g": "ĝğġģĜĞĠĢ", "h": "ĥħĤĦ", "i": "ìíîïĩīĭįıǐịỉÌÍÎÏĨĪĬĮİǏỊỈ", "j": "ĵĴ", "k": "ķĶ",
		"l": "ĺļľŀłĹĻĽĿŁ", "n": "ñńņňÑŃŅŇ", "o": "òóôõöøōŏőǒọỏốồổỗộớờởỡợơÒÓÔÕÖØŌŎŐǑỌỎỐỒỔỖỘỚỜỞỠỢƠ",
		"r": "ŕŗřŔŖŘ", "s": "śŝşšșŚŜŞŠȘ", "t": "ţťŧțŢŤŦȚ", "u": "ùúûüũūŭůűųǔụủứừửữựưÙÚÛÜŨŪŬŮŰŲǓỤỦỨỪỬỮỰƯ",
		"w": "ŵŴ", "y": "ýÿŷỳỵỷỹÝŸŶỲỴỶỸ", "z": "źżžŹŻŽ", "ss": "ß", "ae": "æÆ", "oe": "œŒ", "th": "þÞ",
		"'": "\u2018\u2019ʻʼ`",
	}
	for plain, rs := range groups {
		for _, r := range rs {
			m[r] = plain
		}
	}
	return m
}()
