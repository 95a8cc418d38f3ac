// Package charset turns the bytes of a text or HTML page in any common
// encoding into UTF-8, and says how it decided which encoding that was.
//
// The evidence is weighed in this order: a byte-order mark (UTF-8,
// UTF-16LE/BE); a charset declared by the transport (a Content-Type
// header) or inside the document (<meta charset>, <meta http-equiv>, an
// XML declaration); validity as UTF-8 (which random legacy bytes almost
// never have, so it beats a wrong declaration); the NUL pattern of UTF-16
// without a mark; and, for the rest, byte statistics: the ICU detector
// (github.com/gogs/chardet) for scripts other than Latin, and for Latin
// text the bytes 0x80-0x9F, which are curly quotes, dashes and the euro
// sign in Windows-1252 but unused control codes in ISO-8859-1. Decoders and
// labels are those of golang.org/x/text and golang.org/x/net/html/charset
// (WHATWG names: "latin1" and "iso-8859-1" label windows-1252 there, as in
// browsers).
//
// Decode never fails and never panics: whatever the input, it returns
// valid UTF-8.
package charset

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gogs/chardet"
	htmlcharset "golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// How an encoding was chosen (Result.By).
const (
	ByBOM        = "byte-order mark"
	ByHeader     = "Content-Type"
	ByDeclared   = "declaration in the document"
	ByValidity   = "valid UTF-8"
	ByStatistics = "byte statistics"
)

// Result is a decoded text and how it was decoded.
type Result struct {
	// Text is the input as valid UTF-8, without a byte-order mark.
	Text []byte
	// Encoding is the lowercase name of the input's encoding: "utf-8",
	// "windows-1252", "iso-8859-1", "utf-16le", "windows-1251", ...
	Encoding string
	// By says what decided it: one of the By constants.
	By string
	// Confident is false for a statistical guess that could well be
	// wrong (short text, weak signal).
	Confident bool
	// Declared is a declared charset that was not followed (it named an
	// encoding the bytes cannot be in, or one unknown), "" otherwise.
	Declared string
}

// Converted reports whether the input was anything but plain UTF-8 (or
// ASCII) without a byte-order mark, that is whether Text differs from it.
func (r Result) Converted() bool { return r.Encoding != "utf-8" || r.By == ByBOM }

// String describes the decision, for a problem or log line:
// "windows-1252 (byte statistics)".
func (r Result) String() string {
	s := r.Encoding + " (" + r.By
	if !r.Confident {
		s += ", a guess"
	}
	if r.Declared != "" {
		s += "; declared " + r.Declared + " was not followed"
	}
	return s + ")"
}

// sniff is how much of the input the declaration search and the
// statistics look at.
const sniff = 64 << 10

// Decode returns data as UTF-8. contentType is an HTTP Content-Type value
// ("text/html; charset=iso-8859-2"), or "" when there is none.
func Decode(data []byte, contentType string) Result {
	// 1. A byte-order mark is certain.
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return Result{Text: validUTF8(data[3:]), Encoding: "utf-8", By: ByBOM, Confident: true}
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		return decodeWith(data[2:], unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", ByBOM, true)
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		return decodeWith(data[2:], unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", ByBOM, true)
	}
	// 2. What the transport or the document declares.
	label, by := "", ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		label, by = params["charset"], ByHeader
	} else if l := declared(data); l != "" {
		label, by = l, ByDeclared
	}
	var enc encoding.Encoding
	name := ""
	if label != "" {
		enc, name = htmlcharset.Lookup(label)
	}
	// 3. Valid UTF-8 is UTF-8, whatever a declaration says: legacy text
	// with bytes above 0x7F is almost never valid UTF-8 by chance.
	if utf8.Valid(data) && !looksUTF16(data) {
		r := Result{Text: data, Encoding: "utf-8", By: ByValidity, Confident: true}
		switch {
		case enc == nil && label != "":
			r.Declared = label
		case name != "" && name != "utf-8" && hasHighBytes(data):
			r.Declared = label
		case name == "utf-8":
			r.By = by
		}
		return r
	}
	if enc != nil && name != "utf-8" && name != "replacement" && !strings.HasPrefix(name, "utf-16") {
		return decodeWith(data, enc, name, by, true)
	}
	if strings.HasPrefix(name, "utf-16") && looksUTF16(data) {
		return decodeWith(data, enc, name, by, true)
	}
	declaredButWrong := label
	// 4. UTF-16 without a byte-order mark: NULs in every other byte.
	if looksUTF16(data) {
		r := decodeUTF16NoBOM(data)
		r.Declared = declaredButWrong
		return r
	}
	// 5. Byte statistics.
	r := guess(data)
	r.Declared = declaredButWrong
	return r
}

// decodeWith decodes data with enc; bytes enc cannot map become U+FFFD.
func decodeWith(data []byte, enc encoding.Encoding, name, by string, confident bool) Result {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		// Decoders of x/text replace what they cannot map; an error
		// here is unexpected, and the bytes are kept, repaired.
		out = data
	}
	return Result{Text: validUTF8(out), Encoding: name, By: by, Confident: confident}
}

// validUTF8 repairs b to valid UTF-8 (each bad byte becomes U+FFFD).
func validUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD"))
}

// declRe finds a charset declaration: <meta charset="...">, the charset
// parameter of <meta http-equiv="Content-Type" content="...">, or the
// encoding of an XML declaration.
var declRe = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.()+-]+)|<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_:.()+-]+)`)

// declared returns the charset label the document declares near its
// start, or "".
func declared(data []byte) string {
	head := data[:min(len(data), 4096)]
	if !bytes.Contains(head, []byte("<")) {
		return ""
	}
	m := declRe.FindSubmatch(head)
	switch {
	case m == nil:
		return ""
	case len(m[1]) > 0:
		return string(m[1])
	default:
		return string(m[2])
	}
}

func hasHighBytes(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// looksUTF16 reports whether the first bytes of data have the NUL pattern
// of UTF-16 text in a Latin script: most of the bytes at even (big-endian)
// or odd (little-endian) offsets are NUL, and few of the others.
func looksUTF16(data []byte) bool {
	_, ok := utf16Order(data)
	return ok
}

func utf16Order(data []byte) (little, ok bool) {
	b := data[:min(len(data), sniff)]
	if len(b) < 4 {
		return false, false
	}
	var even, odd int
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	pairs := len(b) / 2
	switch {
	case odd*10 >= pairs*7 && even*10 < pairs:
		return true, true
	case even*10 >= pairs*7 && odd*10 < pairs:
		return false, true
	}
	return false, false
}

func decodeUTF16NoBOM(data []byte) Result {
	little, _ := utf16Order(data)
	if little {
		return decodeWith(data, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le", ByStatistics, true)
	}
	return decodeWith(data, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be", ByStatistics, true)
}

// nonLatin are the single- and multi-byte encodings the ICU detector may
// name for text that is not in a Latin script, with their decoders.
var nonLatin = map[string]encoding.Encoding{
	"windows-1251": charmap.Windows1251, "koi8-r": charmap.KOI8R, "iso-8859-5": charmap.ISO8859_5,
	"windows-1253": charmap.Windows1253, "iso-8859-7": charmap.ISO8859_7,
	"windows-1255": charmap.Windows1255, "iso-8859-8": charmap.ISO8859_8, "iso-8859-8-i": charmap.ISO8859_8,
	"windows-1256": charmap.Windows1256, "iso-8859-6": charmap.ISO8859_6,
	"windows-1250": charmap.Windows1250, "iso-8859-2": charmap.ISO8859_2,
}

// guess decodes undeclared, invalid UTF-8 by byte statistics.
func guess(data []byte) Result {
	b := data[:min(len(data), sniff)]
	if best, err := chardet.NewTextDetector().DetectBest(b); err == nil && best != nil {
		name := strings.ToLower(best.Charset)
		if name == "iso-8859-2" && hasC1(data) {
			name = "windows-1250" // its 0x80-0x9F are punctuation too
		}
		// Text in which most letters are above 0x7F is not Latin: there
		// a weaker statistical answer is still the best one.
		if enc, ok := nonLatin[name]; ok && (best.Confidence >= 50 || best.Confidence >= 25 && highShare(b) > 0.3) {
			return decodeWith(data, enc, name, ByStatistics, best.Confidence >= 50)
		}
		if e, n := htmlcharset.Lookup(name); e != nil && multiByte(n) && best.Confidence >= 50 {
			return decodeWith(data, e, n, ByStatistics, best.Confidence >= 80)
		}
	}
	// Latin text. In Windows-1252, 0x80-0x9F are punctuation (’ “ ” – —
	// …) and the euro sign; in ISO-8859-1 they are C1 control codes that
	// real text does not use. Both agree on 0xA0-0xFF.
	if hasC1(data) {
		return decodeWith(data, charmap.Windows1252, "windows-1252", ByStatistics, true)
	}
	return decodeWith(data, charmap.ISO8859_1, "iso-8859-1", ByStatistics, false)
}

// multiByte reports whether n is one of the East Asian multi-byte
// encodings the ICU detector recognises reliably.
func multiByte(n string) bool {
	switch n {
	case "shift_jis", "euc-jp", "euc-kr", "gb18030", "gbk", "big5", "iso-2022-jp":
		return true
	}
	return false
}

// hasC1 reports whether b has a byte in 0x80-0x9F.
func hasC1(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 && c <= 0x9f {
			return true
		}
	}
	return false
}

// highShare is the share of bytes above 0x7F among the non-space bytes of b.
func highShare(b []byte) float64 {
	high, n := 0, 0
	for _, c := range b {
		switch {
		case c >= 0x80:
			high++
			n++
		case c > ' ':
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(high) / float64(n)
}
