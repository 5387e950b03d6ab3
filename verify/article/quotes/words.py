"""Word lists of attribution: speech-verb forms, pronouns, role nouns, name titles, places.

Pure data, no logic beyond building the verb forms (``said`` -> ``say``).
"""

from __future__ import annotations

# ---------------------------------------------------------------- speech cues

# Verbs that report speech and can introduce a reported clause ("X said that ...").
_CLAIM_LEMMAS = """
say tell add note stress explain claim state declare announce warn insist argue assert
emphasize emphasise write tweet post reply respond answer acknowledge admit concede confirm
deny suggest recall remark observe comment continue conclude predict promise vow pledge
reiterate repeat underline underscore reveal disclose report assure maintain contend believe
think estimate caution indicate hint testify agree complain allege charge counter retort
elaborate recount inform boast lament affirm proclaim clarify specify signal fear hope expect
mention highlight remind recommend propose voice guarantee forecast reckon exclaim
""".split()
# Verbs that attribute quoted words but do not take a reported clause
# ("called it a 'shortsighted decision'", "described the talks as 'balanced'").
_QUOTE_ONLY_LEMMAS = """
call describe denounce condemn criticize criticise slam blast praise welcome dismiss reject
accuse label brand dub term urge ask demand question characterize characterise decry hail
mock ridicule tout defend express refer cite exhort shout yell scream cry whisper murmur
chant plead beg sigh laugh muse marvel gush snap growl thunder scoff sneer joke quip bark
echo interject confess chide bemoan thank blame credit quote retweet email read begin share
press attack scold liken lambaste excoriate castigate rebuke rebut rail sing extol laud
applaud commend order instruct
""".split()

_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing"),
    "think": ("thinks", "thought", "thinking"),
    "admit": ("admits", "admitted", "admitting"),
    "quip": ("quips", "quipped", "quipping"),
    "refer": ("refers", "referred", "referring"),
    "snap": ("snaps", "snapped", "snapping"),
    "beg": ("begs", "begged", "begging"),
    "read": ("reads", "read", "reading"),
    "forecast": ("forecasts", "forecast", "forecasting"),
    "begin": ("begins", "began", "beginning"),
    "slam": ("slams", "slammed", "slamming"),
    "sing": ("sings", "sang", "singing"),
    "dub": ("dubs", "dubbed", "dubbing"),
    "rebut": ("rebuts", "rebutted", "rebutting"),
    "extol": ("extols", "extolled", "extolling"),
}
# British spellings that double the final l ("labelled", "signalling"), beside the American
_BRITISH_L = ("label", "signal", "marvel")


def _forms(lemma: str) -> tuple[str, str, str]:
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
        past = lemma[:-1] + "ied"
    elif lemma.endswith("e"):
        past = lemma + "d"
    else:
        past = lemma + "ed"
    ing = (lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma) + "ing"
    return third, past, ing


CUE_FORMS: dict[str, str] = {}  # finite forms: "said" -> "say"
PARTICIPLES: dict[str, str] = {}  # "saying" -> "say"
for _lemma in _CLAIM_LEMMAS + _QUOTE_ONLY_LEMMAS:
    _third, _past, _ing = _forms(_lemma)
    for _f in (_lemma, _third, _past):
        CUE_FORMS.setdefault(_f, _lemma)
    PARTICIPLES.setdefault(_ing, _lemma)
for _lemma in _BRITISH_L:
    CUE_FORMS.setdefault(_lemma + "led", _lemma)
    PARTICIPLES.setdefault(_lemma + "ling", _lemma)
CLAIM_LEMMAS = frozenset(_CLAIM_LEMMAS)
QUOTE_ONLY_LEMMAS = frozenset(_QUOTE_ONLY_LEMMAS)
# Verbs whose phrase after them is their object, not an inverted speaker: in "Xi, for his
# part, praised Putin for ..." Putin is praised; ("“...,” said Putin" inverts, "praised" does
# not).
OBJECT_LEMMAS = frozenset(
    """call describe denounce condemn criticize criticise slam blast praise welcome dismiss
    reject accuse label brand dub term characterize characterise decry hail mock ridicule tout
    defend cite thank blame credit quote retweet share attack scold liken lambaste excoriate
    castigate rebuke extol laud applaud commend""".split()
)
# Verbs of saying whose "to" complement is what was said ("vowed to repeal the law",
# "DHS promises to investigate"): their content is that complement.
XCOMP_LEMMAS = frozenset("promise vow pledge agree propose threaten".split())
# Verbs of another sense first ("continues to attack Ukraine", "rail lines"): cues only with a
# quotation among the few words after them.
QUOTE_NEAR_LEMMAS = frozenset("attack rail".split())
# Verb forms that are also common nouns or adjectives: a cue only with a speaker next to them.
AMBIGUOUS_FORMS = frozenset(
    "post posts report reports answer comment comments counter signal hint call calls "
    "charge charges voice fear hope expect state states claim claims note notes welcome "
    "question demand promise continue".split()
)
# Capitalised cue forms accepted in title-case headlines ("Kremlin Says ...").
HEADLINE_CUES = frozenset(
    "says said tells told warns warned claims insists denies admits urges slams vows "
    "stresses notes calls accuses".split()
)

PASSIVE_AUX = frozenset("was were is are be been being get got gets".split())
# forms of "be": an infinitive after one ("the aim was to defend") says what something is
# for, not who speaks (the parse runs without a lemmatizer, so the forms are listed)
COPULA = frozenset("is are was were be been being 's 're".split())

AUX = frozenset(
    """is are was were be been being has have had will would could can may might should must
    shall do does did 's 're 've 'll 'd ’s ’re ’ve ’ll ’d won't can't isn't aren't wasn't
    weren't hasn't haven't hadn't doesn't don't didn't wouldn't couldn't shouldn't won’t can’t
    isn’t aren’t wasn’t weren’t hasn’t haven’t hadn’t doesn’t don’t didn’t wouldn’t couldn’t
    shouldn’t cannot""".split()
)

# ---------------------------------------------------------------- noun phrase words

PRONOUNS = frozenset("he she they it we i".split())
# a speaker named by an object pronoun: "according to him"
OBJECT_PRONOUNS = frozenset(("him", "her", "them"))
DETERMINERS = frozenset(
    "the a an his her its their our this that these those another one two three several "
    "some many other both".split()
)
ROLE_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson spokespeople spokesmen minister ministers secretary
    president adviser advisor aide aides official officials source sources diplomat diplomats
    ambassador envoy leader leaders chief head director governor senator senators lawmaker
    lawmakers legislator congressman congresswoman representative representatives chairman
    chairwoman chair commander general analyst analysts expert experts economist economists
    professor researcher counterpart premier chancellor king queen prince mayor candidate
    nominee manager strategist pollster executive ceo founder attorney lawyer judge prosecutor
    member members sheriff officer officers agent negotiator observer observers critic critics
    supporter supporters activist activists ally allies statement readout report ministry
    department office agency government administration campaign committee kremlin service
    embassy military army police authorities narrator journalist journalists reporter reporters
    correspondent host anchor author historian scientist doctor doctors witness witnesses
    resident residents people voters deputy emperor pope tweet letter memo study survey poll
    polls data figures republicans democrats speaker press-secretary secretary-general
    commissioner inspector investigator investigators staff staffer spokesperson dictator
    presidency union unions group groups network website commission court family researcher
    researchers announcer organization association coalition company firm bank ad ads video
    clip spot piece article book brief filing lawsuit complaint editorial column board panel
    jury""".split()
)
ROLE_MODIFIERS = frozenset(
    """foreign defense defence interior finance economic national security policy top senior
    former presidential state press military intelligence deputy vice prime white house new
    outgoing incoming acting first federal local regional government administration campaign
    party opposition ruling unnamed anonymous high-ranking western european public health
    energy trade treasury justice communications foreign-policy kremlin republican democratic
    russian american ukrainian chinese french german british us u.s. iranian israeli turkish
    polish belarusian nato eu un u.n. white-house press-service executive general chief
    council department ministry office agency adviser advisor""".split()
)
NP_WORDS = ROLE_NOUNS | ROLE_MODIFIERS
# Capitalised words that begin a clause or adjunct, never a speaker's name.
NOT_NAME_CAPS = frozenset(
    """However But And Or So Yet In On At After Before When While As If Then Meanwhile Also Now
    Earlier Later Today Yesterday Last Still Thus During For With From By To Since Speaking
    Responding Asked Although Though Because Despite Instead Indeed Moreover Separately
    Similarly Finally Here There This That It Such According Following Under Over Amid Back
    Just Only Even Once Read Photo Image Watch Source Update Note Related Video Credit File
    Breaking See Editor Editors Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec What Who Why How Where Which Whether
    Not No Yes Asked Let Please Thank Thanks We I You He She They Is Are Was Were Do Does Did
    The A An His Her Its Their Our My Your Some Many Most All Every Each Both Other Another
    Such Let's Dear Mr Mrs Ms Dr""".split()
)
NAME_TITLES = frozenset(
    """President Minister Foreign Prime Secretary Press Spokesman Spokeswoman Spokesperson
    Senator Sen Sen. Rep Rep. Representative Gov Gov. Governor Deputy Defense Defence National
    Security Advisor Adviser Council Director Economic Chief General Gen Gen. Mr Mr. Ms Ms.
    Mrs Mrs. Dr Dr. Prof Prof. Ambassador Envoy Chairman Chairwoman Chair Speaker Leader
    Commander Admiral Colonel Col. Lt. Lieutenant Sergeant Mayor King Queen Prince Princess
    Pope Chancellor Premier Vice Acting Former Top Senior Presidential State Interior Finance
    Treasury Justice Attorney Judge Justice Sheriff Inspector Minority Majority House Senate
    White Kremlin Executive Communications Policy Assistant Special Representative
    Secretary-General Counselor Counsel Commissioner Aide Official CEO Founder Officer Deputy
    Congressman Congresswoman Lawmaker Federal Regional Minister-Counselor Presidential
    Administration Office Department Ministry Energy Health Intelligence Military VP
    Veep PM FM""".split()
)
# Head words of institutions and places (a name ending in one is not a person).
ORG_WORDS = frozenset(
    """House Office Department Ministry Council Committee Commission Agency Service Bank Fund
    Union Court Party Times Post News Press Journal Network Group Corp Corp. Inc Inc. Company
    Institute University College School Center Centre Foundation Association Organization
    Organisation Reserve Republic Federation Kingdom States Nations Street Avenue Square Day
    Games Olympics Forum Summit Conference Club Cup World Channel Cosmodrome Plant Works Strait
    Sea Ocean River Island Islands Mountains Airport Station Museum Church Parliament Congress
    Senate Assembly Duma Administration Government Cabinet Embassy Consulate Kremlin Pentagon
    Petroleum Energy Force Forces Army Navy Police Guard Command Security Affairs Review
    Tribune Herald Telegraph Gazette Daily Radio Television TV Magazine Agency Media Network
    Industries Holdings Airlines Railways Region Oblast Province District County City State
    Town Village Coast Peninsula Sea Bloc Alliance Treaty Pact Accords Agreement Initiative
    Program Programme Project Plan Act Bill Law Code Strategy Review Report Index Exchange
    Market Markets Fed Bureau Board Authority Directorate Staff Headquarters Inc Ltd LLC Empire
    Dynasty Caliphate Revolution War""".split()
)
INSTITUTION_NAMES = frozenset(
    """U.S. US USA U.K. UK U.N. UN Kremlin Pentagon Washington Moscow Kyiv Kiev Beijing London
    Paris Berlin Brussels Tehran
    Ankara Tokyo Seoul Minsk Warsaw NATO EU UN OPEC OPEC+ Russia Ukraine China America Iran
    Israel Turkey Germany France Britain Belarus Poland Japan India Pakistan Syria Iraq Qatar
    Congress Parliament Senate Duma Rada Bundestag Elysee Élysée Downing Whitehall""".split()
)
PLACE_ADJECTIVES = frozenset(
    """Russian American Ukrainian Chinese French German British US U.S. Iranian Israeli
    Turkish Polish Belarusian Japanese Indian Pakistani Syrian Iraqi Saudi Emirati Qatari
    Azerbaijani Armenian Georgian Kazakh European Western Eastern Soviet Korean Italian Spanish
    Canadian Australian Mexican Brazilian Hungarian Finnish Swedish Norwegian Danish Dutch
    Belgian Swiss Austrian Czech Slovak Romanian Bulgarian Serbian Croatian Greek Egyptian
    Lebanese Afghan Venezuelan Cuban Taiwanese""".split()
)
# Role phrases that stand for one role word ("the head of state" is the president).
ROLE_PHRASES = {("head", "of", "state"): "president"}
# Synonymous role heads ("the Russian leader" can be the president).
ROLE_SYNONYMS = {
    "leader": {
        "president",
        "prime",
        "premier",
        "chancellor",
        "king",
        "leader",
        "head",
        "counterpart",
    },
    "president": {"president", "leader", "head"},
    "adviser": {"adviser", "advisor", "aide"},
    "advisor": {"adviser", "advisor", "aide"},
    "aide": {"adviser", "advisor", "aide", "assistant"},
    "spokesman": {"spokesman", "spokeswoman", "spokesperson", "secretary"},
    "spokeswoman": {"spokesman", "spokeswoman", "spokesperson", "secretary"},
    "spokesperson": {"spokesman", "spokeswoman", "spokesperson", "secretary"},
    "secretary": {"secretary", "spokesman", "spokeswoman", "spokesperson"},
    "minister": {"minister", "secretary"},
    "diplomat": {"minister", "diplomat", "ambassador", "envoy", "secretary"},
    "chief": {"chief", "head", "director", "leader"},
    "reporter": {"reporter", "correspondent", "journalist"},
    "journalist": {"reporter", "correspondent", "journalist"},
    "correspondent": {"reporter", "correspondent", "journalist"},
    "head": {"chief", "head", "director", "leader"},
}
FEMALE_HINTS = frozenset(
    """ms ms. mrs mrs. madam spokeswoman chairwoman congresswoman businesswoman queen princess
    karine jen hillary nancy kamala ursula liz theresa angela maria valentina elvira
    marine svetlana olga irina tatiana natalia natasha anna elena ekaterina yulia iryna
    jennifer linda susan sarah karen lisa michelle laura emily jessica amy elizabeth mary
    patricia margaret kristi kirsten gina janet jill melania ivanka kellyanne sarah huckabee
    condoleezza madeleine samantha victoria nikki christine annalena emmanuelle kaja
    annegret mette sanna jacinda""".split()
)

MALE_HINTS = frozenset(
    """mr mr. sir lord king prince spokesman chairman congressman businessman donald joe
    barack vladimir dmitry sergei yury yuri jake john antony ned mike michael george bill
    ron ted marco bernie chris jeb rand ben tim paul peter david james robert richard
    thomas charles mark steven stephen kevin brian jeff jeffrey scott eric andrew emmanuel
    olaf boris rishi recep volodymyr alexander alexei alexey nikolai ivan viktor xi wang
    benjamin mohammed muhammad ali hassan ahmed ebrahim hossein abbas kim""".split()
)

# Courtesy titles: the capitalised word that ends a mention after one is a surname, even
# a title word ("Mr. King said", "Ms. Bishop told reporters").
HONORIFICS = frozenset("Mr Ms Mrs Dr Mister Miss".split())

# Given names (the gender hints less their titles): "Steve King", "Kim Bishop" end in a
# surname even when it is also a title word.
GIVEN_NAMES = frozenset(
    w
    for w in FEMALE_HINTS | MALE_HINTS
    if "." not in w
    and w
    not in """ms mrs madam spokeswoman chairwoman congresswoman businesswoman queen princess
    mr sir lord king prince spokesman chairman congressman businessman""".split()
)

# Role heads of the press: an unnamed one asking a question is "reporter".
JOURNALIST_HEADS = frozenset(
    "reporter reporters journalist journalists correspondent questioner".split()
)

SPEAKER_STOP = frozenset(
    "photo image read watch source update note video credit file quote excerpt".split()
)
