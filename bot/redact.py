"""Remove personal details from a parent's message before it is stored or logged.

Each personal detail is replaced by one of PLACEHOLDERS, so staff can still read
what was asked ("my son [name] is in year 4 and has an EHCP") without learning
who asked it.

Decisions worth knowing before changing a rule:

* Privacy wins over readability. After a strong cue such as "my son", the next
  word is treated as a name unless it is a common English word, so an unusual
  verb ("my son adores trains") may be redacted too; a leaked name is worse.
* A name found after a cue is redacted wherever else it appears in the message,
  because parents repeat the child's name ("my son Jack ... Jack has ADHD").
* Every full-length phone number is redacted, helplines included. Telling a
  helpline from a parent's mobile needs a list that someone keeps up to date,
  and the bot's own answers already carry the helpline numbers. Short service
  numbers (999, 111, 116 123) cannot be a personal line and are left alone.
* Only full dates (day, month and year) are redacted, plus a day and month after
  a birth cue ("born on 3rd May"). A month or a year alone ("since September",
  "born in 2015", "2018/19") gives staff the timeline without identifying anyone.
* Plain links are kept because they usually point at public guidance; a link
  with a query string can carry a case reference or an email and is redacted.
* Redacting twice changes nothing: no pattern matches a placeholder, and every
  boundary test treats a placeholder's brackets like the letters they replaced,
  so removing a detail never exposes a new match beside it.
"""

import re
from collections.abc import Iterable, Iterator

# In order of precedence: where two detections overlap, the earlier one names the
# merged span (an email inside a link is reported as the link).
PLACEHOLDERS = (
    "[url]",
    "[email]",
    "[date]",
    "[phone]",
    "[nhs-number]",
    "[postcode]",
    "[address]",
    "[number]",
    "[name]",
)
PLACEHOLDER_PATTERN = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))
_PRECEDENCE = {placeholder: rank for rank, placeholder in enumerate(PLACEHOLDERS)}

_Span = tuple[int, int, str]

# Every pattern runs on a lower-cased copy of the message: Python's re is several
# times slower with IGNORECASE, and the positions are the same in both copies.
# Word boundaries are written out so that a placeholder bracket blocks a match
# just as the word it replaced did (see the module docstring on idempotence).
_START = r"(?<![\w\]])"
_END = r"(?![\w\[])"

_URL_WITH_QUERY = re.compile(r"(?:https?://|www\.)[^\s\[\]<>\"'?]*+\?(?=[\w%])[^\s\[\]<>\"']*")

# The look-behind makes each run of address characters a single attempt, so a
# long string without "@" cannot make the search quadratic.
_EMAIL = re.compile(r"(?<![\w.+%-])[\w.+%-]++@[\w-]+(?:\.[\w-]+)+")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_MONTH = rf"(?:(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}|{_MONTH}\s+(?:the\s+)?{_DAY})"
_FULL_DATE = re.compile(
    r"(?<![\w/.\]-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})(?![\w/\[-])"
    rf"|{_START}{_DAY_MONTH},?\s+\d{{4}}{_END}"
)
# A birthday without the year still narrows a child down to a handful of pupils.
_BIRTH_DATE = re.compile(
    rf"{_START}(?:born(?:\s+on)?|birthday(?:\s+is)?(?:\s+on)?|d\.?o\.?b\.?:?|date\s+of\s+birth(?:\s+is)?:?)"
    rf"\s+(?P<pii>{_DAY_MONTH}){_END}"
)

# UK numbers have 9 or 10 digits after the leading 0 or +44; between the groups
# people type spaces, dots, dashes and brackets round the area code.
_PHONE = re.compile(
    r"(?<![\w+\]])(?:(?:\+|00)[ \t]?44[ \t.-]?(?:\(0\)[ \t]?)?|\(?0)"
    r"\d(?:[ \t.-]?\)?[ \t.-]?\d){8,9}(?![\d\[])"
)

_NHS_NUMBER = re.compile(rf"(?<![\w+\]])\d{{3}}([ -]?)\d{{3}}\1\d{{4}}{_END}")

# A greedy run from its first digit takes the whole run, so no boundaries are needed.
_LONG_NUMBER = re.compile(r"\d{6,}")

_PLAIN_DETECTORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_URL_WITH_QUERY, "[url]"),
    (_EMAIL, "[email]"),
    (_FULL_DATE, "[date]"),
    (_BIRTH_DATE, "[date]"),
    (_PHONE, "[phone]"),
    (_NHS_NUMBER, "[nhs-number]"),
    (_LONG_NUMBER, "[number]"),
)

_POSTCODE = re.compile(
    rf"{_START}(?:gir[ \t]?0aa|[a-pr-uwyz][a-hk-y]?\d[a-z\d]?[ \t]{{0,2}}(?P<inward>\d[abd-hjlnp-uw-z]{{2}})){_END}"
)
# "KS2 5th" and "Y4 2hr" have the shape of a postcode; real inward codes are
# written in capitals or at least not as a lower-case ordinal.
_ORDINAL_OR_HOURS = re.compile(r"\d(?:st|nd|rd|th|hr)")

_ADDRESS = re.compile(
    rf"{_START}(?:(?:flat|apartment|apt|unit)[ \t]*\d+[a-z]?,?[ \t]+)?\d{{1,4}}[a-z]?,?[ \t]+"
    r"(?P<street>(?:(?!(?:the|a|an|in|at|on|to|of|and|or|for|with|from|by|my|our|his|her|their"
    r"|is|was|are|near|off)(?![^\W\d_]))[^\W\d_][\w'’.-]*[ \t]+){1,3})"
    r"(?P<type>road|rd|street|st|avenue|ave|lane|crescent|terrace|grove|boulevard"
    rf"|way|drive|close|place|court|gardens|park|hill|view|walk|rise|row|green|square|vale|parade|mews){_END}\.?"
)
# These are everyday words too ("a 5 minute walk"), so they only make an address
# when the street name and the type are capitalised.
_AMBIGUOUS_STREET_TYPES = frozenset(
    "way drive close place court gardens park hill view walk rise row green square vale parade mews".split()
)

_TOKEN = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
_TOKEN_PATTERN = re.compile(_TOKEN)
_FAMILY = r"(?:mum|mom|mam|mother|dad|father|parent|carer|nan|nana|gran|granny|grandma|grandad|grandpa)"
# Strong cues are followed by a name whatever its case; weak cues ("I'm", "this
# is", "Mrs") are followed by ordinary words too often, so only a capitalised
# word counts as a name after them.
_NAME_CUE = re.compile(
    rf"{_START}(?:(?P<strong>(?:my|our|his|her|their)\s+"
    r"(?:(?:little|baby|youngest|eldest|oldest|middle|autistic|adopted|foster|step"
    r"|\d{1,2}[ -]?(?:year[ -]old|yr[ -]old|yo|y/o))\s+)*"
    r"(?:sons?|daughters?|child|children|boys?|girls?|grandsons?|granddaughters?|grandchild|grandchildren"
    r"|kids?|twins?|nephew|niece|stepson|stepdaughter|partner|husband|wife|ex)"
    r"(?:\s+(?:is\s+)?(?:called|named))?"
    r"|name\s+is|name['’]s|names\s+are|(?:is|was|are|were)\s+called|named|known\s+as"
    rf"|{_FAMILY}\s+(?:to|of))"
    r"|(?P<weak>i['’]?m|i\s+am|this\s+is|mr|mrs|ms|miss|mx|dr|prof)\.?"
    r"|(?P<contracted>['’](?:s|re)\s+called))"
    rf"(?=[^\S\n]*[,:]?[^\S\n]*(?P<first>{_TOKEN})(?P<rest>(?:(?:[^\S\n]*[,&][^\S\n]*|[^\S\n]+){_TOKEN}){{0,3}}))"
)
_SIGN_OFF = re.compile(
    rf"(?:{_START}(?:thanks|thank\s+you|many\s+thanks|cheers|regards|kind\s+regards|best\s+wishes"
    r"|warm\s+regards|all\s+the\s+best|thx|ta)|(?:^|\n)[^\S\n]*(?:love|from|best))(?![^\W\d_])"
    rf"[^\S\n]*[,.!:-]?\s*(?P<first>{_TOKEN})(?P<rest>(?:[^\S\n]+{_TOKEN})?)[\s.!x]*\Z"
)
_PARENT_OF = re.compile(rf"{_START}(?P<first>{_TOKEN})['’]s[^\S\n]+{_FAMILY}{_END}")

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
    mr mrs ms miss mx dr prof sir madam
    name email phone nhs number postcode address date url
    everyone everybody guys folks mate again anyway advance lot lots loads x xx xxx xxxx
    one two three four five six seven eight nine ten eleven twelve
    """.split()
)
# Capitalised, these stop being common words and become names ("my daughter May").
_NAMES_THAT_ARE_WORDS = frozenset({"May", "Will"})


def redact(text: str) -> str:
    """Return text with every personal detail replaced by a placeholder."""
    lowered = _lowered(text)
    spans = [
        *_plain_spans(lowered),
        *_postcode_spans(text, lowered),
        *_address_spans(text, lowered),
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
    for pattern, placeholder in _PLAIN_DETECTORS:
        group = "pii" if "pii" in pattern.groupindex else 0
        for match in pattern.finditer(lowered):
            yield (*match.span(group), placeholder)


def _postcode_spans(text: str, lowered: str) -> Iterator[_Span]:
    for match in _POSTCODE.finditer(lowered):
        inward = match["inward"]
        if inward and _ORDINAL_OR_HOURS.fullmatch(text[match.start("inward") : match.end("inward")]):
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
    names: set[str] = set()
    for match in _NAME_CUE.finditer(lowered):
        names.update(_names_at(text, match, lowercase_ok=match["weak"] is None))
    for match in _SIGN_OFF.finditer(lowered):
        names.update(_names_at(text, match, lowercase_ok=True))
    for match in _PARENT_OF.finditer(lowered):
        names.update(_names_at(text, match, lowercase_ok=False))
    return [
        (*match.span(), "[name]") for pattern, haystack in _name_searches(names, text, lowered)
        for match in pattern.finditer(haystack)
    ]


def _names_at(text: str, match: re.Match[str], lowercase_ok: bool) -> Iterator[str]:
    """Yield the word after a cue if it is a name, then the capitalised names that
    follow it: a surname, or a sibling after "and" ("Amy and Ben")."""
    first = _without_possessive(text[match.start("first") : match.end("first")])
    if not _could_be_name(first, lowercase_ok):
        return
    yield first
    rest = text[match.start("rest") : match.end("rest")] if "rest" in match.re.groupindex else ""
    for token in _TOKEN_PATTERN.findall(rest):
        if token.casefold() == "and":
            continue
        token = _without_possessive(token)
        if not (token[0].isupper() and _could_be_name(token, lowercase_ok=False)):
            return
        yield token


def _without_possessive(token: str) -> str:
    if token[-2:].lower() in ("'s", "’s"):
        return token[:-2]
    return token


def _could_be_name(token: str, lowercase_ok: bool) -> bool:
    if token in _NAMES_THAT_ARE_WORDS:
        return True
    if len(token) < 2 or token.replace("’", "'").casefold() in _NOT_NAMES:
        return False
    if token[0].isupper():
        return True
    # "my son being ..." and "my son started ..." are far commoner than names ending so.
    return lowercase_ok and not token.endswith(("ing", "ed"))


def _name_searches(names: Iterable[str], text: str, lowered: str) -> Iterator[tuple[re.Pattern[str], str]]:
    """Pair each search for the detected names with the copy it must run on.

    A name the parent wrote in lower case is found in any case; a capitalised
    one only as written, so that the daughter "Hope" does not take "I hope" too.
    """
    capitalised = sorted((n for n in names if n[0].isupper()), key=len, reverse=True)
    any_case = sorted((n.lower() for n in names if not n[0].isupper()), key=len, reverse=True)
    for found, haystack in ((capitalised, text), (any_case, lowered)):
        if found:
            alternatives = "|".join(map(re.escape, found))
            yield re.compile(rf"(?<![^\W\d_'’\]-])(?:{alternatives})(?![^\W\d_\[-])"), haystack


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
