"""Word lists the cast and speaker stages share: speech verbs, titles, words
that are never names, epithet nouns and their gender.

Written by hand from how fiction (fan fiction and published novels alike)
tags dialogue; kept as compiled alternations so the stages stay one regex
pass per paragraph.
"""

from __future__ import annotations

SPEECH_VERBS = frozenset("""
said says say saying asked asks ask asking replied replies reply answered answers answer
cried cries exclaimed exclaims shouted shouts yelled yells screamed screams whispered whispers
muttered mutters murmured murmurs mumbled mumbles called calls continued continues added adds
began begins went repeated repeats insisted insists demanded demands explained explains
protested protests retorted retorts snapped snaps spoke speaks spat growled growls hissed hisses
sighed sighs laughed laughs chuckled giggled sobbed groaned moaned breathed gasped stammered
stuttered declared declares announced announces admitted admits agreed agrees argued argues
interrupted interrupts observed observes remarked remarks responded responds returned rejoined
resumed urged urges warned warns suggested suggests proposed promised assured assures
informed informs told tells greeted greets pleaded begged begs bellowed hollered roared
proclaimed proclaims commented comments noted notes offered offers ordered orders commanded
concluded confessed confirmed corrected countered teased joked joking mocked scoffed sneered
snarled grumbled complained complains whined pleaded quipped murmured persisted pursued
exclaimed ejaculated inquired enquired inquires enquires queried questioned wondered thought
thinks mused pondered reflected prayed called shrieked squealed barked chimed piped drawled
uttered mouthed blurted blurts stated states conceded acknowledged explained recalled
recollected interposed put cut finished started replied, objected objects reasoned
""".split())

THOUGHT_VERBS = frozenset("thought thinks wondered wonders mused muses pondered ponders reflected prayed".split())

TITLES = {
    "mr": "male", "mr.": "male", "sir": "male", "lord": "male", "monsieur": "male", "m.": "male",
    "herr": "male", "senor": "male", "señor": "male", "signor": "male", "father": "male", "uncle": "male",
    "king": "male", "prince": "male", "count": "male", "baron": "male", "duke": "male", "master": "male",
    "mrs": "female", "mrs.": "female", "miss": "female", "ms": "female", "ms.": "female",
    "lady": "female", "madam": "female", "madame": "female", "mme": "female", "mme.": "female",
    "mlle": "female", "mlle.": "female", "mademoiselle": "female", "frau": "female", "fraulein": "female",
    "senora": "female", "señora": "female", "signora": "female", "mother": "female", "aunt": "female",
    "queen": "female", "princess": "female", "countess": "female", "baroness": "female", "duchess": "female",
    "mistress": "female", "sister": "female",
    "dr": "unknown", "dr.": "unknown", "doctor": "unknown", "professor": "unknown", "prof": "unknown",
    "captain": "unknown", "colonel": "unknown", "major": "unknown", "general": "unknown",
    "lieutenant": "unknown", "sergeant": "unknown", "inspector": "unknown", "detective": "unknown",
    "reverend": "unknown", "rev": "unknown", "rev.": "unknown", "judge": "unknown", "nurse": "unknown",
}

# Honorific suffixes of Japanese fan fiction: "Naruto-kun", "Tsunade-sama".
HONORIFICS = ("kun", "chan", "san", "sama", "sensei", "senpai", "sempai", "dono", "nii", "nee", "baka", "teme")

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})

# Capitalised words that are never a character's name on their own: function
# words, sentence openers, interjections, days and months, and the like.
NOT_NAMES = frozenset("""
i i'm i'll i've i'd a an the this that these those there here then than when where what which who whom whose
why how if and but or nor so yet for of in on at to from by with without into onto upon about above below
after before during until since while as because though although unless whether it its it's he she we they
you your yours my mine our ours their theirs his her hers him them us me myself yourself himself herself
itself ourselves themselves one no not yes yeah yep nope oh ah ahh aw aww eh uh um umm hmm hm huh ha haha
hey hi hello bye goodbye well okay ok alright sure now just only even still also too very really please
thanks thank sorry wow whoa god gosh damn shit hell fuck crap dear darling anyway anyways anywho besides
however therefore meanwhile perhaps maybe suddenly finally once twice again never always sometimes often
let let's do don't does doesn't did didn't is isn't was wasn't are aren't were weren't be been being have
has had having will won't would wouldn't can can't could couldn't should shouldn't must shall may might
monday tuesday wednesday thursday friday saturday sunday january february march april june july august
september october november december christmas easter chapter part book volume prologue epilogue
everyone everybody someone somebody anyone anybody nobody nothing something anything everything
mr mrs ms miss dr sir madam lady lord mister missus ma'am
english french german italian spanish russian american british japanese chinese korean
north south east west street road lane avenue square
later soon instead tonight today tomorrow yesterday afterwards afterward somehow someday
""".split())

# Nouns that make "the ___" refer to a person, with the gender they imply.
PERSON_NOUNS = {
    "boy": "male", "man": "male", "gentleman": "male", "lad": "male", "guy": "male", "father": "male",
    "husband": "male", "brother": "male", "son": "male", "uncle": "male", "king": "male", "prince": "male",
    "old man": "male", "youth": "male", "fellow": "male", "sir": "male",
    "girl": "female", "woman": "female", "lady": "female", "lass": "female", "mother": "female",
    "wife": "female", "sister": "female", "daughter": "female", "aunt": "female", "queen": "female",
    "princess": "female", "kunoichi": "female", "hostess": "female", "maid": "female", "heiress": "female",
    "blonde": "female", "brunette": "female", "redhead": "unknown",
    "ninja": "unknown", "shinobi": "unknown", "medic": "unknown", "teen": "unknown", "teenager": "unknown",
    "child": "unknown", "kid": "unknown", "stranger": "unknown", "doctor": "unknown", "nurse": "unknown",
    "captain": "unknown", "soldier": "unknown", "student": "unknown", "teacher": "unknown",
    "detective": "unknown", "inspector": "unknown", "officer": "unknown", "servant": "unknown",
    "host": "unknown", "guest": "unknown", "patient": "unknown", "prisoner": "unknown",
    "wizard": "unknown", "witch": "female", "mage": "unknown", "knight": "unknown", "elf": "unknown",
    "vampire": "unknown", "demon": "unknown", "genin": "unknown", "jonin": "unknown", "chunin": "unknown",
    "sannin": "unknown", "hokage": "unknown", "kazekage": "unknown", "sensei": "unknown",
}

# Descriptive words that may stand before a person noun in an epithet.
EPITHET_ADJECTIVES = frozenset("""
young younger youngest old older oldest elder little small tall short big large blond blonde
dark fair pale silver-haired older-looking pink-haired raven-haired dark-haired red-haired
black-haired white-haired blue-eyed green-eyed masked hooded injured other same first second
copy-nin sleeping angry annoyed stoic quiet loud smaller taller
""".split())
