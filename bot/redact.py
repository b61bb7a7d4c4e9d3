"""Remove personal details from a parent's message before it is stored or logged.

Each personal detail is replaced by one of PLACEHOLDERS, so staff can still read
what was asked ("my son [name] is in year 4 and has an EHCP") without learning
who asked it.

Decisions worth knowing before changing a rule:

* Privacy wins over readability. After a strong cue such as "my son", the next
  word is treated as a name unless it is a common English word, so an unusual
  verb ("my son adores trains") may be redacted too; a leaked name is worse.
* Every full-length phone number is redacted, helplines included. Telling a
  helpline from a parent's mobile needs a list someone keeps up to date, and the
  bot's own answers already carry the helpline numbers. Short service numbers
  (999, 111, 116 123) cannot be a personal line and are left alone.
* Only full dates (day, month and year) are redacted, plus a day and month after
  a birth cue ("born on 3rd May"). A month or year alone ("since September",
  "born in 2015", "2018/19") tells staff the timeline without identifying anyone.
* Plain links are kept because they usually point at public guidance; a link
  with a query string can carry a case reference or an email and is redacted.
* A name found after a cue is also redacted wherever else it appears in the
  message, because parents repeat the child's name ("Jack is 7. Jack has ADHD").
* The patterns never match a placeholder, so redacting twice changes nothing.
"""

import re
from collections.abc import Iterable

PLACEHOLDERS = (
    "[name]",
    "[email]",
    "[phone]",
    "[nhs-number]",
    "[postcode]",
    "[address]",
    "[date]",
    "[number]",
    "[url]",
)
PLACEHOLDER_PATTERN = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))

_URL_WITH_QUERY = re.compile(
    r"\b(?:https?://|www\.)[^\s\[\]<>\"']*\?(?=[\w%])[^\s\[\]<>\"']*", re.IGNORECASE
)

_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_MONTH = rf"(?:(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}|{_MONTH}\s+(?:the\s+)?{_DAY})"
_FULL_DATE = re.compile(
    r"(?<![\w/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})(?![\w/-])"
    rf"|\b{_DAY_MONTH},?\s+\d{{4}}\b",
    re.IGNORECASE,
)
# A birthday without the year still narrows a child down to a handful of pupils.
_BIRTH_DATE = re.compile(
    r"\b(?P<cue>born(?:\s+on)?|birthday(?:\s+is)?(?:\s+on)?|d\.?o\.?b\.?:?|date\s+of\s+birth(?:\s+is)?:?)"
    rf"(?P<space>\s+){_DAY_MONTH}\b",
    re.IGNORECASE,
)

# UK numbers have 10 or 11 digits after the leading 0 or +44; the separators are
# whatever people type between groups, including brackets round the area code.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)[ \t]?44[ \t.-]?(?:\(0\)[ \t]?)?|\(?0)"
    r"\d(?:[ \t.-]?\)?[ \t.-]?\d){8,9}(?!\d)"
)

_NHS_NUMBER = re.compile(r"(?<![\w+])\d{3}([ -]?)\d{3}\1\d{4}(?!\d)")

# Outward code, optional space, inward code. Lower-case ordinals and hours are
# excluded because "KS2 5th" and "Y4 2hr" have the same shape as "SW1 5TH".
_POSTCODE = re.compile(
    r"\b(?:GIR[ \t]?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]{0,2}"
    r"(?-i:(?!\d(?:st|nd|rd|th|hr)\b))\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)

_HOUSE = r"(?i:\b(?:(?:flat|apartment|apt|unit)[ \t]*\d+[a-z]?,?[ \t]+)?)\b\d{1,4}[A-Za-z]?,?[ \t]+"
_NOT_STREET_WORD = r"(?!(?:the|a|an|in|at|on|to|of|and|or|for|with|from|by|my|our|his|her|their|is|was|are|near|off)\b)"
# Unambiguous street types are accepted in any case ("12 acacia avenue"); types
# that are also everyday words ("a 5 minute walk") only count when capitalised.
_ADDRESS = re.compile(
    _HOUSE
    + r"(?:(?i:(?:"
    + _NOT_STREET_WORD
    + r"[^\W\d_][\w'’.-]*[ \t]+){1,3}(?:road|rd|street|st|avenue|ave|lane|crescent|terrace|grove|boulevard)\b\.?)"
    + r"|(?:"
    + _NOT_STREET_WORD
    + r"[A-Z][\w'’.-]*[ \t]+){1,3}"
    r"(?:Way|Drive|Close|Place|Court|Gardens|Park|Hill|View|Walk|Rise|Row|Green|Square|Vale|Parade|Mews)\b\.?)"
)

_LONG_NUMBER = re.compile(r"(?<!\d)\d{6,}(?!\d)")

_TOKEN = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
_TOKEN_PATTERN = re.compile(_TOKEN)
# Strong cues are followed by a name whatever its case; weak cues ("I'm", "this
# is", "Mrs") are followed by ordinary words too often, so only a capitalised
# word counts as a name after them.
_NAME_CUE = re.compile(
    r"(?:(?P<strong>(?i:\b(?:my|our|his|her|their)\s+"
    r"(?:(?:little|baby|youngest|eldest|oldest|middle|autistic|adopted|foster|step"
    r"|\d{1,2}[ -]?(?:year[ -]old|yr[ -]old|yo|y/o))\s+)*"
    r"(?:son|sons|daughter|daughters|child|children|boy|boys|girl|girls|grandson|grandsons"
    r"|granddaughter|granddaughters|grandchild|grandchildren|kid|kids|twin|twins|nephew|niece"
    r"|stepson|stepdaughter|partner|husband|wife|ex)"
    r"(?:\s+(?:is\s+)?(?:called|named))?"
    r"|\bname\s+is|\bname['’]s|\bnames\s+are|\b(?:is|was|are|were)\s+called|['’]s\s+called|['’]re\s+called"
    r"|\bnamed|\bknown\s+as"
    r"|\b(?:mum|mom|mam|mother|dad|father|parent|carer|nan|nana|gran|granny|grandma|grandad|grandpa)\s+(?:to|of))\b)"
    r"|(?P<weak>(?i:\b(?:i['’]?m|i\s+am|this\s+is))\b|\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\b\.?))"
    rf"(?=[^\S\n]*[,:]?[^\S\n]*(?P<first>{_TOKEN})(?P<rest>(?:(?:[^\S\n]*[,&][^\S\n]*|[^\S\n]+){_TOKEN}){{0,3}}))"
)
_SIGN_OFF = re.compile(
    r"(?:(?i:\b(?:thanks|thank\s+you|many\s+thanks|cheers|regards|kind\s+regards|best\s+wishes"
    r"|warm\s+regards|all\s+the\s+best|thx|ta))|(?:^|\n)[^\S\n]*(?i:love|from|best))\b"
    rf"[^\S\n]*[,.!:-]?\s*(?P<first>{_TOKEN})(?P<rest>(?:[^\S\n]+{_TOKEN})?)[\s.!xX]*\Z"
)
_PARENT_OF = re.compile(
    rf"\b(?P<first>(?-i:[A-Z]){_TOKEN})['’]s[^\S\n]+"
    r"(?:mum|mom|mam|mother|dad|father|parent|carer|nan|nana|gran|granny|grandma|grandad|grandpa)\b",
    re.IGNORECASE,
)

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
    daughters child children kid kids boy boys girl girls year years yr yrs age aged months
    weeks days time person people paediatrician psychologist diagnosis diagnosed
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
    text = _URL_WITH_QUERY.sub("[url]", text)
    text = _EMAIL.sub("[email]", text)
    text = _FULL_DATE.sub("[date]", text)
    text = _BIRTH_DATE.sub(r"\g<cue>\g<space>[date]", text)
    text = _PHONE.sub("[phone]", text)
    text = _NHS_NUMBER.sub("[nhs-number]", text)
    text = _POSTCODE.sub("[postcode]", text)
    text = _ADDRESS.sub("[address]", text)
    text = _LONG_NUMBER.sub("[number]", text)
    return _redact_names(text)


def _redact_names(text: str) -> str:
    names = set(_names_after_cues(text))
    names.update(_names_in(_SIGN_OFF.finditer(text), lowercase_ok=True))
    names.update(_names_in(_PARENT_OF.finditer(text), lowercase_ok=False))
    if not names:
        return text
    return _name_pattern(names).sub("[name]", text)


def _names_after_cues(text: str) -> Iterable[str]:
    for match in _NAME_CUE.finditer(text):
        yield from _names_in([match], lowercase_ok=match["strong"] is not None)


def _names_in(matches: Iterable[re.Match[str]], lowercase_ok: bool) -> Iterable[str]:
    """Yield the first token of each match if it is a name, then the capitalised
    names that follow it: a surname, or a sibling after "and" ("Amy and Ben")."""
    for match in matches:
        first = _without_possessive(match["first"])
        if not _could_be_name(first, lowercase_ok):
            continue
        yield first
        for token in _TOKEN_PATTERN.findall(match.groupdict().get("rest") or ""):
            if token.casefold() == "and":
                continue
            token = _without_possessive(token)
            if not (token[0].isupper() and _could_be_name(token, lowercase_ok=False)):
                break
            yield token


def _without_possessive(token: str) -> str:
    if token[-2:] in ("'s", "’s", "'S", "’S"):
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


def _name_pattern(names: set[str]) -> re.Pattern[str]:
    """Match every detected name as a whole word.

    A name first seen in lower case is matched in any case, since the parent
    clearly does not capitalise it; a capitalised one only as written, so that
    "Hope" the daughter does not take "I hope" with her.
    """
    alternatives = [
        re.escape(name) if name[0].isupper() else f"(?i:{re.escape(name)})"
        for name in sorted(names, key=len, reverse=True)
    ]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])")
