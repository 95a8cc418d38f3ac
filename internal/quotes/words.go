package quotes

import "strings"

// Small closed word classes the attribution scanner needs. They are English
// function words, written for sitrep.

func set(words string) map[string]bool {
	m := map[string]bool{}
	for w := range strings.FieldsSeq(words) {
		m[w] = true
	}
	return m
}

// determiners start a noun phrase.
var determiners = set(`the a an another some several many most all both each every few his her their its our
	my your this these those that one two three four five six seven eight nine ten dozens hundreds top other`)

// notNP are lower-case words that never belong to a speaker's noun phrase:
// verbs, auxiliaries, prepositions (except "of"), conjunctions, adverbs.
var notNP = set(`and but or nor so yet because while whereas although though if unless since after before when
	whenever where wherever whether as than then that which who whom whose what why how
	is are was were be been being am has have had having do does did done will would shall should can could
	may might must not never no also still just even only already again later earlier previously recently
	repeatedly reportedly once often always sometimes then there here now today yesterday tonight
	in on at by for with from to into onto upon about against over under between among through during
	without within across toward towards around near like unlike per via despite
	said says say saying told tell tells added adds
	it's there's that's he's she's they're we're i'm you're
	last next ago this
	very too quite rather really however meanwhile moreover furthermore instead soon`)

// conjunctions and subordinators that may come right before a speaker.
var clauseStarters = set(`and but or so yet because while whereas although though if unless since after
	before when whenever where as than then that which who meanwhile however also still`)

// pronouns that can be a speaker.
var pronounGender = map[string]gender{
	"he": male, "she": female, "they": plural, "it": neuter, "we": plural, "i": unknown,
	"him": male, "her": female, "them": plural,
}

// weekdays and other words that make a bare time adverbial after a cue
// ("said Monday that").
var timeWords = set(`monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
	earlier later recently previously again also repeatedly reportedly then once now
	sunday's monday's tuesday's wednesday's thursday's friday's saturday's`)

// months start a date after "on" ("on November 23").
var months = set(`january february march april may june july august september october november december
	jan. feb. mar. apr. jun. jul. aug. sept. sep. oct. nov. dec.`)

// prepositions that start an adverbial between a cue and its content
// ("said in a statement that", "told reporters at a briefing").
var adverbialPreps = set(`in on at during from with via through over to outside inside near aboard
	alongside behind beside backstage`)

// sentenceAdverbs are capitalised words at a sentence start that are not
// part of a name.
var sentenceAdverbs = set(`but and so yet however meanwhile also still then now later earlier instead
	asked pressed speaking in on at during after before from while with when as if although though
	because since for by of to yes no well indeed still separately elsewhere`)

// gender of a person or pronoun.
type gender uint8

const (
	unknown gender = iota
	male
	female
	plural
	neuter
)

// roleGender gives the gender a role word states. Written for sitrep.
var roleGender = map[string]gender{
	"spokesman": male, "spokeswoman": female, "chairman": male, "chairwoman": female,
	"congressman": male, "congresswoman": female, "businessman": male, "businesswoman": female,
	"mr.": male, "mrs.": female, "ms.": female, "miss": female, "sir": male, "madam": female,
	"king": male, "queen": female, "prince": male, "princess": female, "husband": male, "wife": female,
	"father": male, "mother": female, "son": male, "daughter": female, "brother": male, "sister": female,
	"widow": female, "widower": male, "grandmother": female, "grandfather": male, "uncle": male, "aunt": female,
	"boy": male, "girl": female, "man": male, "woman": female, "lady": female, "gentleman": male,
	"anchorman": male, "anchorwoman": female, "councilman": male, "councilwoman": female,
	"first lady": female, "dame": female, "lord": male,
}

// genericSpeakers are sources that name no one ("sources", "officials"):
// the quote keeps the mention but gets no entity unless one covers it.
var genericHeads = set(`source sources official officials aide aides analyst analysts expert experts observer
	observers diplomat diplomats people critics supporters residents witnesses report reports statement
	poll polls survey study data`)
