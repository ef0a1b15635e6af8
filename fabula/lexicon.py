"""Word lists the cast and speaker stages share: speech verbs, titles, words
that are never names, epithet nouns and their gender, and an English
dictionary.

Written by hand from how fiction (fan fiction and published novels alike)
tags dialogue; kept as compiled alternations so the stages stay one regex
pass per paragraph.
"""

from __future__ import annotations

from functools import lru_cache

from english_words import get_english_words_set

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
recollected interposed put cut finished started replied objected objects reasoned
supplied supplies corroborated ventured ventures echoed echoes vociferated interjected interjects assented
remonstrated expostulated hazarded volunteered volunteers grunted grunts huffed huffs purred purrs hummed hums
chirped chirps snickered snickers sniffed sniffs snorted snorts yelped yelps wailed wails howled howls
whimpered whimpers croaked croaks rasped rasps panted pants grated grates simpered prompted prompts pressed
reminded reminds threatened threatens instructed instructs pleads begs lied soothed soothes
consoled consoles coaxed coaxes cajoled wheedled scolded scolds chided chides chastised accused accuses
cheered cheers crowed crows grumbles mumbles murmurs whispers mutters snaps snarls growls hisses sneers
sniped snipes drawls chuckles giggles laughs sighs sobs groans moans whines complains calls yells shouts
screams roars bellows hollers barks teases jokes mocks scoffs quips retorts counters corrects concedes
confesses confirms concludes continues finishes starts begins interrupts blurts stutters stammers
observes remarks responds returns rejoins resumes urges suggests proposes promises offers orders commands
inquires enquires queries questions wonders muses ponders reflects prays shrieks squeals chimes pipes
utters mouths acknowledges recalls explains repeats insists demands protests declares announces admits
agrees argues informs greets snickered intoned intones recited recites dictated dictates breathes gasps
""".split())
# The speech verbs as one regex alternation, longest first so that "says"
# wins over "say".
SPEECH_VERB_PATTERN = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
# What a speaker says before their own name: "My name is Anakin", "I'm Merlin".
SELF_NAMING_WORDS = r"\bI'?m|\bI am|\bmy name is|\bmy name's|\bname's|\bcall me"

# Verbs of what people do, past and present ("smiled", "nodded"): a name right
# before one acts.
ACTION_VERBS = frozenset("""
smiled nodded looked frowned laughed sighed turned shook stood sat walked ran grinned glanced stared shrugged
felt knew thought was is had has did does could would will can took gave came watched seemed wanted opened closed
reached raised stopped paused hesitated blinked moved stepped leaned smirked rolled bit froze saw heard went got
made let put held kept began bent blew broke brought built bought caught chose crept drew drank drove ate fell
fought flew forgot grew hung hid hurt knelt laid led lay lit lost meant met paid rode rang rose sought sold sent
shot shut sang sank slept slid spoke spent spun spat sprang stole stuck struck swore swept swung taught tore told
threw woke wore wept won wrote read cut set hit
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
    "minister": "unknown", "president": "unknown", "senator": "unknown", "governor": "unknown",
    "mayor": "unknown", "chancellor": "unknown", "commander": "unknown", "admiral": "unknown",
    "emperor": "male", "empress": "female",
}

# Honorific suffixes of Japanese fan fiction: "Naruto-kun", "Tsunade-sama".
HONORIFICS = ("kun", "chan", "san", "sama", "sensei", "senpai", "sempai", "dono", "nii", "nee", "baka", "teme")

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
# Words that open the subject of a sentence without naming anyone:
# pronouns, articles, quantifiers.
NAMELESS_SUBJECTS = frozenset("""
the a an my your his her our their its
i he she we they you it one someone somebody everyone everybody anyone anybody nobody no-one none nothing
something everything anything this that these those there here who what which another other others both each
all either neither many few some most several
""".split())

# Capitalised words that are never a character's name on their own: function
# words, sentence openers, interjections, days and months, and the like.
NOT_NAMES = frozenset("""
i i'm i'll i've i'd a an the this that these those there here then than when where what which who whom whose
why how if and but or nor so yet plus for of in on at to from by with without into onto upon about above below
after before during until since while as because though although unless whether it its it's he she we they
you your yours my mine our ours their theirs his her hers him them us me myself yourself himself herself
itself ourselves themselves one no not yes yeah yep nope o oh ah ahh aw aww eh uh um umm hmm hm huh ha haha
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
ugh oops ouch yikes yay nah meh psst shh hmph geez jeez yo oi hai ne ano eto etto ara yosh yoshi nani mou
dunno goodnight g'night c'mon aha ahem gotcha yup howdy hiya heya whatever duh hooray hurray ooh eek heh hehe hah congrats
sumimasen arigatou arigato gomen gomenasai anata humph hmph faugh psha pshaw pish bah pooh tush tut alas hark egad zounds
earth jupiter saturn neptune uranus pluto
two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand
""".split())

# Words of NOT_NAMES that make a phrase with the capitalised word after them
# ("Christmas Eve", "Monday Morning", "English Channel", "North Star"), where
# function words do not ("Then Sakura").
PHRASE_WORDS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april june july august
september october november december christmas easter chapter part book volume english french german italian
spanish russian american british japanese chinese korean north south east west street road lane avenue square
""".split())

# Nouns that make "the ___" refer to a person, with the gender they imply,
# in three kinds: plain descriptions ("the girl"), which mean whoever of
# that kind is in view; kinship ("her son", "Mom"), which mean a particular
# relative of someone; and roles ("the doctor", "the barman"), which mean a
# particular holder of the role, named or not.
# "the blonde" is as often a man as a woman in fan fiction (Naruto), so it
# says no gender; "the blond" seldom means a woman.
GENERIC_NOUNS = {
    "boy": "male", "man": "male", "gentleman": "male", "lad": "male", "guy": "male", "youth": "male",
    "fellow": "male", "old man": "male", "young man": "male", "bloke": "male", "dude": "male",
    "girl": "female", "woman": "female", "lady": "female", "lass": "female", "young woman": "female",
    "old woman": "female", "blonde": "unknown", "brunette": "female", "redhead": "unknown", "blond": "male",
    "teen": "unknown", "teenager": "unknown", "child": "unknown", "kid": "unknown", "person": "unknown",
    "figure": "unknown", "ninja": "unknown", "shinobi": "unknown",
    "kunoichi": "female", "wizard": "unknown", "witch": "female", "mage": "unknown", "elf": "unknown",
    "vampire": "unknown", "demon": "unknown", "alpha": "unknown", "omega": "unknown", "human": "unknown",
    "genin": "unknown", "jonin": "unknown", "chunin": "unknown", "sannin": "unknown",
}
KIN_NOUNS = {
    "father": "male", "dad": "male", "daddy": "male", "papa": "male", "pa": "male", "husband": "male",
    "son": "male", "brother": "male", "uncle": "male", "grandfather": "male", "grandpa": "male",
    "nephew": "male", "boyfriend": "male", "fiance": "male", "stepfather": "male",
    "mother": "female", "mom": "female", "mum": "female", "mommy": "female", "mummy": "female",
    "mama": "female", "ma": "female", "wife": "female", "daughter": "female", "sister": "female",
    "aunt": "female", "grandmother": "female", "grandma": "female", "granny": "female", "niece": "female",
    "girlfriend": "female", "fiancee": "female", "stepmother": "female",
    "cousin": "unknown", "friend": "unknown", "best friend": "unknown", "partner": "unknown",
    "baby": "unknown", "twin": "unknown", "roommate": "unknown", "child": "unknown", "kid": "unknown",
}
# One relation under its several names: "her boy" and "her son" are one person.
RELATIONS = {
    "mom": "mother", "mum": "mother", "mommy": "mother", "mummy": "mother", "mama": "mother", "ma": "mother",
    "dad": "father", "daddy": "father", "papa": "father", "pa": "father", "grandma": "grandmother",
    "granny": "grandmother", "gran": "grandmother", "nana": "grandmother", "grandpa": "grandfather",
    "son": "child", "daughter": "child", "boy": "child", "baby": "child", "kid": "child",
    "stepmother": "mother", "stepfather": "father",
}
# Relations that a person has one of, so the text can name them by family:
# "her father" is Mr. Bennet; friends and partners are whoever is in view.
FAMILY_RELATIONS = frozenset({"mother", "father", "wife", "husband", "grandmother", "grandfather", "child",
                              "brother", "sister", "uncle", "aunt", "twin"})
# Kinship words used as names, as Japanese honorific forms and as English ones.
KIN_NAMES = {
    "mom": "mother", "mum": "mother", "mommy": "mother", "mummy": "mother", "mama": "mother", "mother": "mother",
    "kaa-san": "mother", "okaa-san": "mother", "kaa-chan": "mother", "okaa-sama": "mother", "haha-ue": "mother",
    "dad": "father", "daddy": "father", "papa": "father", "father": "father", "tou-san": "father",
    "otou-san": "father", "tou-chan": "father", "otou-sama": "father", "chichi-ue": "father",
    "grandma": "grandmother", "granny": "grandmother", "gran": "grandmother", "nana": "grandmother",
    "baa-chan": "grandmother", "obaa-san": "grandmother", "obaa-chan": "grandmother",
    "grandpa": "grandfather", "jii-chan": "grandfather", "ojii-san": "grandfather", "ojii-chan": "grandfather",
    "nii-san": "brother", "onii-san": "brother", "nii-chan": "brother", "onii-chan": "brother", "aniki": "brother",
    "nee-san": "sister", "onee-san": "sister", "nee-chan": "sister", "onee-chan": "sister",
}
ROLE_NOUNS = {
    "doctor": "unknown", "nurse": "unknown", "medic": "unknown", "healer": "unknown", "mediwitch": "female",
    "captain": "unknown", "soldier": "unknown", "student": "unknown", "teacher": "unknown", "sensei": "unknown",
    "professor": "unknown", "headmaster": "male", "headmistress": "female", "principal": "unknown",
    "detective": "unknown", "inspector": "unknown", "officer": "unknown", "policeman": "male",
    "policewoman": "female", "constable": "unknown", "sergeant": "unknown", "guard": "unknown",
    "servant": "unknown", "maid": "female", "butler": "male", "footman": "male", "housekeeper": "unknown",
    "host": "unknown", "hostess": "female", "guest": "unknown", "patient": "unknown", "prisoner": "unknown",
    "king": "male", "queen": "female", "prince": "male", "princess": "female", "emperor": "male",
    "empress": "female", "duke": "male", "duchess": "female", "knight": "unknown", "lord": "male",
    "waiter": "male", "waitress": "female", "barman": "male", "bartender": "unknown", "barmaid": "female",
    "landlord": "male", "landlady": "female", "innkeeper": "unknown", "shopkeeper": "unknown",
    "clerk": "unknown", "receptionist": "unknown", "secretary": "unknown", "driver": "unknown",
    "cabman": "male", "coachman": "male", "mariner": "unknown", "sailor": "unknown", "pilot": "unknown",
    "priest": "male", "vicar": "male", "monk": "male", "nun": "female", "judge": "unknown",
    "lawyer": "unknown", "solicitor": "unknown", "manager": "unknown", "boss": "unknown", "coach": "unknown",
    "chef": "unknown", "cook": "unknown", "baker": "unknown", "farmer": "unknown", "hunter": "unknown",
    "general": "unknown", "commander": "unknown", "lieutenant": "unknown", "admiral": "unknown",
    "colonel": "unknown", "major": "unknown", "auror": "unknown", "hokage": "unknown", "kazekage": "unknown",
    "raikage": "unknown", "mizukage": "unknown", "tsuchikage": "unknown", "minister": "unknown",
    "president": "unknown", "senator": "unknown", "governor": "unknown", "mayor": "unknown",
    "chancellor": "unknown", "sheriff": "unknown", "chief": "unknown", "director": "unknown",
    "agent": "unknown", "reporter": "unknown", "journalist": "unknown", "paramedic": "unknown",
    "surgeon": "unknown", "therapist": "unknown", "witness": "unknown", "visitor": "unknown",
    "stranger": "unknown", "newcomer": "unknown", "passenger": "unknown", "customer": "unknown",
    "vendor": "unknown", "merchant": "unknown", "porter": "unknown", "messenger": "unknown",
    "announcer": "unknown", "narrator": "unknown", "master": "male", "mistress": "female",
    "trainer": "unknown", "instructor": "unknown", "cadet": "unknown", "trooper": "unknown",
}
PERSON_NOUNS = {**GENERIC_NOUNS, **KIN_NOUNS, **ROLE_NOUNS}

# Descriptive words that may stand before a person noun in an epithet.
EPITHET_ADJECTIVES = frozenset("""
young younger youngest old older oldest elder little small tall short big large blond blonde
dark fair pale silver-haired older-looking pink-haired raven-haired dark-haired red-haired
black-haired white-haired blue-eyed green-eyed masked hooded injured other same first second
copy-nin sleeping angry annoyed stoic quiet loud smaller taller other nameless mysterious strange
new second third older-looking grumpy
""".split())

# Words someone owns that introduce a quotation: "his father's maxim: …".
OWNED_SPEECH = ("maxim", "motto", "words", "saying", "advice", "mantra", "creed", "reply", "answer", "response",
                "order", "orders", "command", "warning")

# The last words of place and organisation names ("Malfoy Manor", "the Spirit World", "Gojo
# Aerospace"), and those that also end surnames ("Judge Hall").
PLACE_HEADS = frozenset("""
manor castle tower street road lane avenue square academy school college university hospital station village city
town island river lake mountain forest alley inn pub hotel palace abbey church cathedral ministry department office
library museum theatre theater cafe restaurant shop store market bridge valley harbour harbor headquarters prison
temple shrine kingdom empire republic estate world nation realm
""".split())
SURNAME_PLACE_HEADS = frozenset("hall house park bank gate hill bay port base".split())
ORGANISATION_HEADS = frozenset("""
industries industry corporation corp inc ltd llc company co group enterprises aerospace technologies tech labs
laboratories foundation institute agency bureau council committee association society club airlines airways motors
records studios entertainment media press publishing holdings partners consulting systems solutions army navy fleet
senate order alliance federation
""".split())


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    """Webster's Second, as english-words ships it: its lower-case entries
    are words, its capitalised ones proper nouns ("harry" and "Harry" both).
    Loaded the first time a rule asks."""
    return frozenset(get_english_words_set(["web2"]))
