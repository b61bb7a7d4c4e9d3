"""Remove personal details from a parent's message before it is stored or logged.

Each personal detail is replaced by one of PLACEHOLDERS, so staff can still read
what was asked ("my son [name] is in year 4 and has an EHCP") without learning
who asked it.

Decisions worth knowing before changing a rule:

* Privacy wins over readability. After a cue such as "my son", a capitalised
  next word is treated as a name unless it is a common English word, so an
  unusual capitalised word may be redacted too; a leaked name is worse. A
  lower-case word after a cue must be a known first name ("my son jack"), so
  verbs ("my son adores trains", "my husband beats me") are never replaced.
* A name found after a cue is redacted wherever else it appears in the message,
  because parents repeat the child's name ("my son Jack ... Jack has ADHD").
* Without a cue, a word is a name when it is a known first name (bot/names.py:
  Faker's lists and bot/data/names.yml), capitalised, and not an everyday word
  in that place: "Jack has ADHD" and "Ella and Mia", but not "Grace period",
  "Will the LA pay?" or "we live in Chester". A lower-case word counts as a name
  only after a cue and only if it is a known first name, so "i'm jo" is redacted
  and "my husband beats me" is left alone.
* Schools and settings are redacted when a capitalised name comes before a
  setting word ("St Mary's Primary", "Little Stars Nursery"); a setting word
  alone ("a Special School", "the Academy") names no one. Case and reference
  numbers are redacted after a cue ("ref 12345/AB") or when their shape gives
  them away (capitals and at least three digits joined by "-" or "/").
* Every full-length phone number is redacted, helplines included. Telling a
  helpline from a parent's mobile needs a list that someone keeps up to date,
  and the bot's own answers already carry the helpline numbers. Short service
  numbers (999, 111, 116 123) cannot be a personal line and are left alone.
* Only full dates (day, month and year) are redacted, plus a day and month after
  a birth cue ("born on 3rd May"). A month or a year alone ("since September",
  "born in 2015", "2018/19") gives staff the timeline without identifying anyone.
* Plain links are kept because they usually point at public guidance; a link
  with a query string can carry a case reference or an email and is redacted.
* Redacting twice changes nothing: no pattern matches a placeholder, and the
  boundary tests beside which a detail can disappear treat a placeholder's
  brackets like a letter, so removing a detail never exposes a new match.
"""

import re
from collections.abc import Iterable, Iterator

from bot.names import names

# In order of precedence: where two detections overlap, the earlier one names the
# merged span (an email inside a link is reported as the link).
PLACEHOLDERS = (
    "[url]",
    "[email]",
    "[date]",
    "[phone]",
    "[nhs-number]",
    "[reference]",
    "[postcode]",
    "[address]",
    "[school]",
    "[number]",
    "[name]",
)
PLACEHOLDER_PATTERN = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))
_PRECEDENCE = {placeholder: rank for rank, placeholder in enumerate(PLACEHOLDERS)}

_Span = tuple[int, int, str]

# Every pattern runs on a lower-cased copy of the message: Python's re is several
# times slower with IGNORECASE, and the positions are the same in both copies.
#
# Word boundaries are written out so that a placeholder's bracket blocks a match
# just as the word it replaced did: removing one detail then never exposes a new
# match beside it, which is what makes redact() idempotent.
_START = r"(?<![\w\]])"
_END = r"(?![\w\[])"


def _starting(first: str, not_after: str = r"[\w\]]") -> str:
    """Match `first`, a single character, where it is not preceded by `not_after`.

    The test sits after the character rather than before it so that re can skip
    straight to candidate characters instead of trying every position (3x faster).
    """
    return rf"{first}(?<!{not_after}{first})"


def _by_first_character(phrases: Iterable[str]) -> str:
    """Join regex phrases, each starting with a plain character, into one alternation.

    re tries the branches of an alternation one by one at every position; with one
    branch per first character, a position that starts no phrase costs a single
    comparison (about 3x faster here). A phrase starting with a letter must also
    start a word; one starting with an apostrophe ("'s called") follows one.
    """
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(phrase[0], []).append(phrase[1:])
    return "|".join(
        f"{_starting(first) if first.isalpha() else first}(?:{'|'.join(rests)})" for first, rests in groups.items()
    )


_DIGIT = r"\d"  # for f-strings, whose expressions cannot hold a backslash
_NOT_AFTER_NUMBER = r"[\w+\]]"
# A link starts a word, or follows an opening bracket or quote.
_NOT_BEFORE_LINK = r"[^\s(<\[\"']"
_URL_WITH_QUERY = re.compile(
    rf"(?:{_starting('h', _NOT_BEFORE_LINK)}ttps?://|{_starting('w', _NOT_BEFORE_LINK)}ww\.)"
    r"""[^\s\[\]<>"'?]*+\?(?=[\w%])[^\s\[\]<>"']*"""
)

# The look-behind makes each run of address characters a single attempt, so a
# long string without "@" cannot make the search quadratic.
_EMAIL = re.compile(r"(?<![\w.+%-])[\w.+%-]++@[\w-]+(?:\.[\w-]+)+")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_NUMERIC_DATE = re.compile(
    _starting(_DIGIT, r"[\w/.\]-]")
    + r"(?:\d?[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{3}-\d{1,2}-\d{1,2})(?![\w/\[-])"
)
# A year followed by "/" is an academic year ("5 June 2018/19" is not a birthday).
_YEAR = r"\d{4}(?![\w/\[])"
_DAY_MONTH_YEAR = re.compile(rf"{_starting(_DIGIT)}\d?{_ORDINAL}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}")
# No left boundary: a month name ending a longer word before a day and a year
# does not happen in practice, and leaving it out keeps the search fast.
_MONTH_DAY_YEAR = re.compile(rf"{_MONTH}\s+\d{{1,2}}{_ORDINAL},?\s+{_YEAR}")
# A birthday without the year still narrows a child down to a handful of pupils.
_BIRTH_DATE = re.compile(
    rf"(?:{_starting('b')}(?:orn(?:\s+on)?|irthday(?:\s+is)?(?:\s+on)?)"
    rf"|{_starting('d')}(?:\.?o\.?b\.?:?|ate\s+of\s+birth(?:\s+is)?:?))"
    rf"\s+(?P<pii>(?:the\s+)?\d{{1,2}}{_ORDINAL}(?:\s+of)?\s+{_MONTH}|{_MONTH}\s+(?:the\s+)?\d{{1,2}}{_ORDINAL}){_END}"
)

# UK numbers have 9 or 10 digits after the leading 0 or +44; between the groups
# people type spaces, dots, dashes and brackets round the area code.
_INTERNATIONAL = r"44[ \t.-]?(?:\(0\)[ \t]?)?"
_PHONE = re.compile(
    rf"(?:{_starting('[+]', _NOT_AFTER_NUMBER)}[ \t]?{_INTERNATIONAL}"
    rf"|{_starting('0', _NOT_AFTER_NUMBER)}0{_INTERNATIONAL}"
    rf"|{_starting('[(]', _NOT_AFTER_NUMBER)}0"
    rf"|{_starting('0', _NOT_AFTER_NUMBER)})"
    r"\d(?:[ \t.-]?\)?[ \t.-]?\d){8,9}(?![\d\[])"
)

_NHS_NUMBER = re.compile(rf"{_starting(_DIGIT, _NOT_AFTER_NUMBER)}\d\d([ -]?)\d{{3}}\1\d{{4}}(?![\w/\[])")

# A greedy run from its first digit takes the whole run, so no boundaries are needed.
_LONG_NUMBER = re.compile(r"\d{6,}")

# Each pattern with a character it cannot match without, so that the common
# message with no link and no email skips those searches.
_PLAIN_DETECTORS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (_URL_WITH_QUERY, "[url]", "?"),
    (_EMAIL, "[email]", "@"),
    (_NUMERIC_DATE, "[date]", ""),
    (_DAY_MONTH_YEAR, "[date]", ""),
    (_MONTH_DAY_YEAR, "[date]", ""),
    (_BIRTH_DATE, "[date]", ""),
    (_PHONE, "[phone]", ""),
    (_NHS_NUMBER, "[nhs-number]", ""),
    (_LONG_NUMBER, "[number]", ""),
)

# A reference after its cue may be lower case or spaced ("case ref sen/7781", "claim
# number DLA 553 210 4"): a group after a space must hold a digit, so the words that
# follow are not taken; three digits in all keep "reference 12 of the code" out.
_REFERENCE_CUES = (
    r"ref(?:erence)?",
    *(rf"{what}[ \t]+(?:no|number|ref(?:erence)?|id)" for what in ("case", "claim", "appeal", "application",
                                                                   "complaint", "file")),
    "upn",
    "uln",
)
_REFERENCE_AFTER_CUE = re.compile(
    rf"(?:{_by_first_character(_REFERENCE_CUES)})(?![\w\[])\.?(?:[ \t]+is)?[ \t]*[:#]?[ \t]*"
    r"(?P<pii>[a-z\d]++(?:[/-][a-z\d]++|[ \t][a-z]{0,3}\d[a-z\d]*+)*+)(?![\w\[/-])"
)
_MIN_REFERENCE_DIGITS = 3
# With no cue, the shape alone: capitals and digits joined by "-" or "/" with three
# digits in a row ("EHC-88213", "SEN/2023/0456", "12345/AB"), or a letter and a long
# run of digits (a unique pupil number). "KS2", "Y7-11", "Covid-19" and "2018/19" stay.
_IN_A_CODE = r"[\w/\]-]"
# Tried only where a run of capitals and digits starts (so a long run costs one
# attempt, not one per character), possessively; the right boundary and the digits
# are checked on each candidate in _reference_spans.
_REFERENCE_SHAPE = re.compile(
    rf"{_starting('[A-Z0-9]', _IN_A_CODE)}(?:[A-Z\d]*+(?:[/-][A-Z\d]++)++|(?<=[A-Z])[A-Z]{{0,2}}\d{{5,}}+)"
)
_THREE_DIGITS = re.compile(r"\d{3}")
_NATIONAL_INSURANCE = re.compile(rf"{_starting('[a-z]')}[a-z][ \t]?\d\d[ \t]?\d\d[ \t]?\d\d[ \t]?[a-d]{_END}")
# Searched first: its leading digit lets re skip text quickly, unlike the letters.
_NATIONAL_INSURANCE_DIGITS = re.compile(r"\d\d[ \t]?\d\d[ \t]?\d\d[ \t]?[a-d]")

_NOT_IN_A_WORD = r"[\w\]'’-]"
_SETTING = (r"(?:Primary|Secondary|Academy|School|College|Nursery|Pre-?[Ss]chool|Playgroup|Infants?|Juniors?"
            r"|High|Grammar|Pupil[ \t]+Referral[ \t]+Unit|PRU)")
# Up to six capitalised words (with "of", "the", "and"... between them) before one or
# more setting words; which of them are distinctive is decided in _school_spans.
_SCHOOL = re.compile(
    rf"(?P<name>{_starting('[A-Z]', _NOT_IN_A_WORD)}[\w'’.-]*"
    rf"(?:(?:[ \t]+(?:of|the|and|&|upon|on|de|la))?[ \t]+[A-Z][\w'’.-]*){{0,5}}?)"
    rf"[ \t]+{_SETTING}(?:[ \t]+{_SETTING})*(?![\w\[])"
)
# Welsh: the setting word comes first.
_YSGOL = re.compile(rf"{_starting('Y', _NOT_IN_A_WORD)}sgol(?:[ \t]+[A-Z][\w'’-]*){{1,3}}")
# "st marys primary": in lower case only a saint's name is a safe sign of a school.
_SAINTS_SCHOOL = re.compile(
    rf"{_starting('s')}t\.?[ \t]+[a-z]+(?:['’]?s)?[ \t]+{_SETTING.lower()}(?:[ \t]+{_SETTING.lower()})*{_END}"
)
# Words that say what kind of setting it is, not which: "a Special School", "the
# Catholic High School", "an Ofsted Outstanding School" name no one.
_GENERIC_SETTING_WORDS = frozenset(
    """
    special primary secondary infant infants junior juniors high grammar free independent state mainstream
    local community catholic church christian muslim jewish faith sixth form day residential boarding
    hospital virtual forest sunday summer holiday home village new current old previous next nursery
    pre-school preschool maintained specialist alternative private academy college school pupil referral
    unit resource base middle upper lower first all-through language autism asd semh sen send hearing
    visual deaf further education fe studio university technical trust multi music sports montessori
    steiner welsh english international ofsted outstanding good requires improvement inadequate
    council county city borough c e ce rc
    """.split()
)
# Words that start a sentence before a school's name, not words of the name.
_BEFORE_A_NAME = frozenset(
    """
    the a an is are was were can could does do did has have had will would should may might must shall
    our my his her their your this that these those which what where when why how who and or but so if
    at to in on for from with by of as please does isn't doesn't can't won't
    """.split()
)

_POSTCODE = re.compile(
    rf"{_starting('[a-pr-uwyz]')}[a-hk-y]?\d[a-z\d]?[ \t]{{0,2}}(?P<inward>\d[abd-hjlnp-uw-z]{{2}}){_END}"
)
# "KS2 5th", "Y4 2hr" and "Y2 3yr" have the shape of a postcode; a real inward
# code is not written as a lower-case ordinal or unit.
_ORDINAL_OR_UNIT = re.compile(r"\d(?:st|nd|rd|th|hr|yr)")

_ADDRESS = re.compile(
    rf"{_starting(_DIGIT)}\d{{0,3}}[a-z]?,?[ \t]+"
    r"(?P<street>(?:(?!(?:the|a|an|in|at|on|to|of|and|or|for|with|from|by|my|our|his|her|their"
    r"|is|was|are|near|off)(?![^\W\d_]))[^\W\d_][\w'’.-]*[ \t]+){1,3})"
    r"(?P<type>road|rd|street|st|avenue|ave|lane|crescent|terrace|grove|boulevard|mews"
    rf"|way|drive|close|place|court|gardens|park|hill|view|walk|rise|row|green|square|vale|parade){_END}\.?"
)
# These are everyday words too ("a 5 minute walk"), so they only make an address
# when the street name and the type are capitalised.
_AMBIGUOUS_STREET_TYPES = frozenset(
    "way drive close place court gardens park hill view walk rise row green square vale parade".split()
)

_TOKEN = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
_TOKEN_PATTERN = re.compile(_TOKEN)
_FAMILY_WORDS = "mum mom mam mother dad father parent carer nan nana gran granny grandma grandad grandpa".split()
_FAMILY = f"(?:{'|'.join(_FAMILY_WORDS)})"
_RELATION = (
    r"(?:(?:little|baby|youngest|eldest|oldest|middle|autistic|adopted|foster|step"
    r"|\d{1,2}[ -]?(?:year[ -]old|yr[ -]old|yo|y/o))\s+)*"
    r"(?:sons?|daughters?|child|children|boys?|girls?|grandsons?|granddaughters?|grandchild|grandchildren"
    r"|kids?|twins?|nephew|niece|stepson|stepdaughter|brothers?|sisters?|cousins?|partner|husband|wife|ex)"
    r"(?:\s+(?:is\s+)?(?:called|named))?"
)
# Any cue may be followed by a capitalised name, or a lower-case one that is a known
# first name; after a self-introduction (below) the bar is higher.
_STRONG_CUES = (
    *(rf"{owner}\s+{_RELATION}" for owner in ("my", "our", "his", "her", "their")),
    r"name\s+is",
    r"name['’]s",
    r"names\s+are",
    r"named",
    r"known\s+as",
    *(rf"{verb}\s+called" for verb in ("is", "was", "are", "were", "'s", "’s", "'re", "’re")),
    *(rf"{family}\s+(?:to|of)" for family in _FAMILY_WORDS),
)
_WEAK_CUES = (r"i['’]?m", r"i\s+am", r"this\s+is", "mr", "mrs", "ms", "miss", "mx", "dr", "prof")
# After a title any capitalised word is a name ("Mrs Kent"); after "I'm" not a
# faith, a nationality or a place ("I'm Catholic").
_SELF_INTRODUCTION = re.compile(r"i['’]?m|i\s+am|this\s+is")


_NAME_CUE = re.compile(
    rf"(?:{_by_first_character((*_STRONG_CUES, *_WEAK_CUES))})(?![^\W\d_])\.?"
    rf"(?=[^\S\n]*[,:]?[^\S\n]*(?P<first>{_TOKEN})(?P<rest>(?:(?:[^\S\n]*[,&][^\S\n]*|[^\S\n]+){_TOKEN}){{0,3}}))"
)
# A signature sits at the end, so only the last few lines are searched. The name
# ends its line or is followed by kisses, a number or punctuation ("Regards, Tom
# Hale 07700 900123", "Thanks, Jo (Sam's mum)"); a word after it means the cue
# was not a sign-off ("thanks Jo for asking"). A placeholder counts as a word
# there, so that redacting what follows a name cannot make the name a signature.
_SIGN_OFF_REACH = 160
_SIGN_OFF = re.compile(
    rf"(?:{_START}(?:thanks|thank\s+you|many\s+thanks|cheers|regards|kind\s+regards|best\s+wishes"
    r"|warm\s+regards|all\s+the\s+best|thx|ta)|(?:^|\n)[^\S\n]*(?:love|from|best))(?![^\W\d_])"
    rf"(?=[^\S\n]*[,.!:-]?\s*(?P<first>{_TOKEN})(?P<rest>(?:[^\S\n]+{_TOKEN})?)"
    r"[^\S\n]*(?:x+[^\S\n]*)?(?:[^\w\s\[]|\d|\n|\Z))"
)
# "Jack's mum": found from the "'s mum" end, which re can skip to quickly, and
# then the word before it is read back.
_PARENT_OF = re.compile(rf"['’]s[^\S\n]+{_FAMILY}{_END}")
_WORD_BEFORE = re.compile(rf"(?<![\w\]'’-]){_TOKEN}\Z")
_LONGEST_NAME = 40
# Digits may touch a name ("Jack2015"); letters, joiners and placeholders may not.
_NOT_BEFORE_NAME = r"[^\W\d_'’\]-]"

# Words that follow a cue far more often than a name does. Compared case-folded,
# with curly apostrophes straightened.
_NOT_NAMES = frozenset(
    """
    a an the and or but nor so yet if then than that this these those there here where when
    while who whom whose which what why how as at by for from in into of off on onto out over
    to up down with without within about above after before against among around because
    between during since through under until upon via per like just
    he she it they them their theirs his her hers him we us our ours you your yours i me my
    mine myself himself herself themselves itself one ones someone everyone anyone everybody
    nobody nothing something anything everything all both each every either neither none some
    any many much more most few less least several other another such same own
    is isn't was wasn't are aren't were weren't be been being am has hasn't have haven't had
    hadn't having do does doesn't did didn't done doing can can't cannot could couldn't will
    won't would wouldn't shall should shouldn't may might must mustn't need needn't ought
    he's she's it's they're they've we're we've i'm i've who's that's there's
    also still just now currently recently really always never often sometimes usually only
    even already too very quite rather again ever soon later early late finally eventually
    nearly almost hardly barely definitely certainly probably possibly maybe perhaps literally
    basically actually constantly regularly repeatedly suddenly gradually slowly quickly well
    badly not no yes absolutely totally completely extremely incredibly particularly
    especially generally mostly mainly partly fully highly severely mildly clearly obviously
    apparently unfortunately sadly luckily hopefully please kindly together alone home today
    tonight tomorrow yesterday once twice
    little young younger youngest old older oldest eldest middle new current previous autistic
    dyslexic dyspraxic disabled deaf blind nonverbal non-verbal verbal happy unhappy sad upset
    angry anxious worried scared afraid frightened tired exhausted sure unsure aware able
    unable ill sick fine okay ok good bad great lovely struggling desperate lost confused
    frustrated concerned stressed overwhelmed fed mainstream special private local urgent
    goes went gets got attends attended needs needed loves loved hates hated likes liked
    refuses refused struggles struggled finds found keeps kept seems seemed feels felt wants
    wanted uses used says said tells told comes came turns turned receives received started
    starts began begins finished finishes left leaves moved moves became becomes spends spent
    suffers suffered copes coped masks masked runs ran hits hit bites bit throws threw screams
    screamed cries cried sleeps slept eats ate joined joins transferred transitioned qualifies
    qualified won scored missed misses lives lived stays stayed learns learned learnt reads
    read writes wrote speaks spoke talks talked walks walked plays played shows showed makes
    made takes took gives gave sees saw knows knew thinks thought looks looked appears
    appeared requires required deserves deserved benefits manages managed hurts hurt
    refuse struggle love hate get go attend need have
    school schools college nursery class teacher teachers senco sen send ehcp ehc ehcna plan
    plans la lea council iass sendiass sendias ipsea cqc ofsted ks1 ks2 ks3 ks4 ks5 eyfs adhd
    add asd asc pda odd ocd spd dcd fasd gdd mld sld pmld semh slcn salt slt ot ep ta tas lsa
    camhs gp nhs dla uc esa iep isp pep cin lac cla sats
    mum mom mam mother dad father parent parents carer carers family nan nana gran granny
    grandma grandad grandpa sibling siblings brother sister baby twin twins son sons daughter
    daughters child children kid kids boy boys girl girls grandson granddaughter stepson
    stepdaughter nephew niece partner husband wife ex
    year years yr yrs age aged months weeks days time person people paediatrician
    psychologist diagnosis diagnosed
    mr mrs ms miss mx dr prof sir madam hi hello dear
    names named called known
    name email phone nhs number postcode address date url
    everyone everybody guys folks mate again anyway advance lot lots loads x xx xxx xxxx
    one two three four five six seven eight nine ten eleven twelve
    """.split()
)
# Capitalised, these stop being common words and become names ("my daughter May").
_NAMES_THAT_ARE_WORDS = frozenset({"May", "Will"})
# A word that starts with a capital (any alphabet), not after a letter or joiner.
_CAPITAL = r"[^\W\d_a-z]"  # a letter, not an ASCII lower-case one: checked with isupper() after
_CAPITALISED = re.compile(rf"{_starting(_CAPITAL, _NOT_BEFORE_NAME)}[^\W\d_]*(?:[-'’][^\W\d_]+)*")
_NEXT_CAPITALISED = re.compile(rf" (?=[^\W\d_a-z])({_TOKEN})")
_MOST_SURNAMES = 3
# "Williams syndrome", "Crohn's disease": a name in a condition's name names nobody.
_EPONYM = re.compile(r"(?:['’]s)?[ \t]+(?:syndrome|disease|palsy)\b", re.IGNORECASE)


# One placeholder can leave a detail its neighbour hid ("ref 07700 900123[": the long
# number goes first, then "ref 07700" reads as a reference): run again until nothing
# changes, so stored text is the same however often it passes through here.
MAX_PASSES = 4


def redact(text: str) -> str:
    """Return text with every personal detail replaced by a placeholder."""
    for _ in range(MAX_PASSES):
        redacted = _redact_once(text)
        if redacted == text:
            break
        text = redacted
    return text


def _redact_once(text: str) -> str:
    lowered = _lowered(text)
    spans = [
        *_plain_spans(lowered),
        *_reference_spans(text, lowered),
        *_postcode_spans(text, lowered),
        *_address_spans(text, lowered),
        *_school_spans(text, lowered),
        *_name_spans(text, lowered),
    ]
    return _replace(text, spans)


def _lowered(text: str) -> str:
    """Lower-case text without moving any character, so spans fit both copies."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters ("İ") lower to two; keep those as they are.
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def _plain_spans(lowered: str) -> Iterator[_Span]:
    for pattern, placeholder, needed in _PLAIN_DETECTORS:
        if needed not in lowered:
            continue
        group = "pii" if "pii" in pattern.groupindex else 0
        for match in pattern.finditer(lowered):
            yield (*match.span(group), placeholder)


def _reference_spans(text: str, lowered: str) -> Iterator[_Span]:
    for match in _REFERENCE_AFTER_CUE.finditer(lowered):
        if sum(char.isdigit() for char in match["pii"]) >= _MIN_REFERENCE_DIGITS:
            yield (*match.span("pii"), "[reference]")
    for match in _REFERENCE_SHAPE.finditer(text):
        start, end = match.span()
        if _joins(text[end : end + 1], "/[-"):
            continue  # part of a longer word, path or placeholder
        code = match[0]
        if _THREE_DIGITS.search(code) and not code.replace("/", "").replace("-", "").isdigit():
            yield (start, end, "[reference]")
    if _NATIONAL_INSURANCE_DIGITS.search(lowered):
        for match in _NATIONAL_INSURANCE.finditer(lowered):
            yield (*match.span(), "[reference]")


def _joins(char: str, joiners: str) -> bool:
    return bool(char) and (char.isalnum() or char == "_" or char in joiners)


def _school_spans(text: str, lowered: str) -> Iterator[_Span]:
    for match in _YSGOL.finditer(text):
        yield (*match.span(), "[school]")
    for match in _SCHOOL.finditer(text):
        # Leading everyday words and acronyms are not part of the name: "Is Fernbrook
        # School...", "EHCP Oakwood Academy", "The Priory Academy" (known as "Priory Academy").
        words = list(_TOKEN_PATTERN.finditer(text, match.start(), match.end("name")))
        while words and (_folded(words[0][0]) in _BEFORE_A_NAME or words[0][0].isupper()):
            words.pop(0)
        if any(_is_distinctive(word[0]) for word in words):
            yield (words[0].start(), match.end(), "[school]")
    for match in _SAINTS_SCHOOL.finditer(lowered):
        yield (*match.span(), "[school]")


def _is_distinctive(word: str) -> bool:
    """Does word tell one school from another ("Oakwood"), unlike "Catholic" or "SEN"?"""
    return word[0].isupper() and not word.isupper() and _folded(word) not in _GENERIC_SETTING_WORDS


def _postcode_spans(text: str, lowered: str) -> Iterator[_Span]:
    for match in _POSTCODE.finditer(lowered):
        if _ORDINAL_OR_UNIT.fullmatch(text[match.start("inward") : match.end("inward")]):
            continue
        yield (*match.span(), "[postcode]")


def _address_spans(text: str, lowered: str) -> Iterator[_Span]:
    for match in _ADDRESS.finditer(lowered):
        if match["type"] in _AMBIGUOUS_STREET_TYPES:
            words = text[match.start("street") : match.end("type")].split()
            if not all(word[0].isupper() for word in words):
                continue
        yield (*match.span(), "[address]")


def _name_spans(text: str, lowered: str) -> list[_Span]:
    names: set[str] = set(_uncued_names(text))
    for match in _NAME_CUE.finditer(lowered):
        names.update(_names_at(text, match, strong=not _SELF_INTRODUCTION.fullmatch(match[0])))
    for match in _SIGN_OFF.finditer(lowered, max(0, len(lowered.rstrip()) - _SIGN_OFF_REACH)):
        names.update(_names_at(text, match, strong=False))
    for match in _PARENT_OF.finditer(lowered):
        word = _WORD_BEFORE.search(text, max(0, match.start() - _LONGEST_NAME), match.start())
        if word and _could_be_name(word[0], strong=False):
            names.add(word[0])
    return [
        (*match.span(), "[name]")
        for pattern, haystack in _name_searches(names, text, lowered)
        for match in pattern.finditer(haystack)
    ]


def _names_at(text: str, match: re.Match[str], strong: bool) -> Iterator[str]:
    """Yield the word after a cue if it is a name, then the capitalised names that
    follow it: a surname, or a sibling after "and" ("Amy and Ben")."""
    first = _without_possessive(text[match.start("first") : match.end("first")])
    if not _could_be_name(first, strong):
        return
    yield first
    for token in _TOKEN_PATTERN.findall(text[match.start("rest") : match.end("rest")]):
        if token.casefold() == "and":
            continue
        token = _without_possessive(token)
        if not (token[0].isupper() and _could_be_name(token, strong=False)):
            return
        yield token


def _uncued_names(text: str) -> Iterator[str]:
    """Yield the known first names in text that stand as names on their own, each
    with the capitalised words that follow it (a surname: "Mohammed Al-Farsi")."""
    known = names()
    for match in _CAPITALISED.finditer(text):
        word = _without_possessive(match[0])
        if word not in known.first or word.isupper():
            continue
        folded = _folded(word)
        if folded in _NOT_NAMES or folded in known.not_names:
            continue
        following = _capitalised_after(text, match.end())
        if folded in known.words and (_starts_sentence(text, match.start()) or following
                                      or _capitalised_before(text, match.start())):
            continue  # "Grace period", "Poppy Appeal", "Holly and Ivy"
        if _in_phrase(text, match.start(), word, known.phrases) or _EPONYM.match(text, match.end()):
            continue  # "Harry Potter", "Williams syndrome"
        yield word
        yield from following


def _capitalised_after(text: str, end: int) -> list[str]:
    """The capitalised words right after end, one space apart, that could be names
    (a middle name and surnames: a few at most, so a long run costs little)."""
    found: list[str] = []
    while len(found) < _MOST_SURNAMES and (match := _NEXT_CAPITALISED.match(text, end)) and not match[1].isupper():
        word = _without_possessive(match[1])
        if _folded(word) in _NOT_NAMES or _folded(word) in _GENERIC_SETTING_WORDS:
            break
        found.append(word)
        end = match.end()
    return found


def _capitalised_before(text: str, start: int) -> bool:
    word = _WORD_BEFORE.search(text, max(0, start - _LONGEST_NAME), start - 1) if start > 1 else None
    return bool(word) and text[start - 1] == " " and word[0][0].isupper()


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - _LONGEST_NAME) : start].rstrip(" \t\"'‘“(")
    return not before or before[-1] in ".!?\n:;"


def _in_phrase(text: str, start: int, word: str, phrases: tuple[str, ...]) -> bool:
    """Is the word at start part of one of phrases, wherever in it the word comes?"""
    return any(word in phrase and phrase.index(word) <= start and text.startswith(phrase, start - phrase.index(word))
               for phrase in phrases)


def _without_possessive(token: str) -> str:
    if token[-2:].lower() in ("'s", "’s"):
        return token[:-2]
    return token


def _could_be_name(token: str, strong: bool) -> bool:
    """Could token, right after a cue, be a name? A capitalised word can, unless it
    is a common word or an acronym; a lower-case one only if it is a known first
    name, and after a weak cue ("i'm", a sign-off) only if it is not an everyday
    word, a place or a faith as well."""
    if token in _NAMES_THAT_ARE_WORDS:
        return True
    folded = _folded(token)
    if len(token) < 2 or folded in _NOT_NAMES or token.isupper():
        return False
    known = names()
    if not strong and folded in known.not_names:
        return False
    if token[0].isupper():
        return True
    return token.title() in known.first and (strong or folded not in known.words)


def _folded(word: str) -> str:
    return word.replace("’", "'").casefold()


def _name_searches(names: Iterable[str], text: str, lowered: str) -> Iterator[tuple[re.Pattern[str], str]]:
    """Pair each search for the detected names with the copy it must run on.

    A name the parent wrote in lower case is found in any case; a capitalised
    one only as written, so that the daughter "Hope" does not take "I hope" too.
    """
    capitalised = sorted((n for n in names if n[0].isupper()), key=len, reverse=True)
    any_case = sorted((_lowered(n) for n in names if not n[0].isupper()), key=len, reverse=True)
    for found, haystack in ((capitalised, text), (any_case, lowered)):
        if found:
            alternatives = "|".join(_starting(name[0], _NOT_BEFORE_NAME) + re.escape(name[1:]) for name in found)
            yield re.compile(rf"(?:{alternatives})(?![^\W\d_\[-])"), haystack


def _replace(text: str, spans: list[_Span]) -> str:
    pieces: list[str] = []
    cursor = 0
    for start, end, placeholder in _merged(spans):
        pieces += (text[cursor:start], placeholder)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _merged(spans: list[_Span]) -> list[_Span]:
    """Join overlapping spans, so a detail two detectors found is replaced once."""
    merged: list[_Span] = []
    for start, end, placeholder in sorted(spans):
        if merged and start < merged[-1][1]:
            last_start, last_end, last_placeholder = merged[-1]
            winner = min(placeholder, last_placeholder, key=_PRECEDENCE.__getitem__)
            merged[-1] = (last_start, max(end, last_end), winner)
        else:
            merged.append((start, end, placeholder))
    return merged
