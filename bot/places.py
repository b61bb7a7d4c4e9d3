"""Which place a question is about, when it names one as the family's own: a council or
area ("Kent County Council", "my area, Norfolk", "how did Birmingham do?", "our council,
we're in kent"), a school by its name ("Oakfield Primary"), the family's own school or
council as one taking part ("is my son's school one of them?"), or another UK nation
("does it apply in Wales?").

The 2017 announcements are national and about England: such a question gets an honest
answer instead of a national fact dressed up as local. Staff keep the list of places in
``bot/data/places.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot import english

PLACES_FILE = Path(__file__).parent / "data" / "places.yml"
MAX_KEYWORDS = 6  # a message this short that names a place is keywords about it

# A named council or area the question is about: "Kent County Council", "Birmingham's SEND services".
_LOCAL = re.compile(
    r"\b(?!(?:Does|Do|Did|Is|Are|Was|What|Which|Who|Can|Could|Will|Would|How|Why|When|Where|The|My|Our|Their|In|At|For|Has|Have|If)\b)"
    r"(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}?)"
    r"(?: (?:County |City |Borough |District |Metropolitan )?Council\b|'s (?:SEND|local offer|council|LA|local authority|schools|services)\b"
    # "Birmingham local area SEND inspection", "in Kent LA": a place with a local word after it.
    r"|(?: (?:local area|local authority|LA|local offer|SEND team|SENDIASS|IASS)\b))")
# A school by its name, as what the question asks about: "is Oakfield Primary in Leeds
# using them?", "does St Anne's C of E Academy have to...?" ("my son goes to Greenfields
# Academy, does the trial apply?" asks about the trial).
_SCHOOL = re.compile(
    r"\b(?i:is|are|was|were|does|do|did|has|have|will|would|can|could|should|must) "
    r"(?!(?:The|My|Our|Their|A|An|His|Her|This|That)\b)(?P<name>(?:St\.? )?[A-Z][a-z'’]+(?: [A-Z][a-z'’]+){0,2} "
    r"(?:(?:C of E|CE|RC|Church of England|Catholic|Community|Junior|Infant|Primary|Secondary|High|Grammar|Special) )?"
    r"(?:Primary|Infant|Junior|Secondary|High|Grammar|Academy|School|College)(?: School| Academy)?)\b")
# The family's own school or council asked about as one of those taking part: "is my son's
# school one of them?", "is my council part of it?". The announcements name none that did.
_OWN_PART = re.compile(
    r"\b(?:is|are|was|were|will|would) (?:my|our|his|her|their)(?: (?:son|daughter|child|kid|kids|children|boy|girl)(?:'?s|s')?)?"
    r" (?:local )?(?:(?P<school>school|nursery|college|academy)|council|la|local authority|area|county|borough)\b(?: \w+){0,3}?"
    r" (?:one of (?:them|those|the \w+)|on the list|(?:in|part of) (?:it|this|that|the (?:\w+ ){0,3}(?:pilot|trial|project|scheme|one))"
    r"|taking part|involved|included|signed up|picked|chosen|selected"
    # ...or as using it: "will my daughter's school be using them next year?"
    r"|(?:be )?(?:using|use|doing|trialling|trying) (?:it|them|this|that|these|those|the \w+))\b"
    # what was found of the family's own area: "what does my area's report say?", "our council's inspection"
    r"|\b(?:what|how|when|where|did|does|do|is|was|has|have|can|could|where's|whats|what's)\b[^.?!]{0,25}?\b(?:my|our) (?:local )?(?:area|council|la|local authority|county|borough)(?:'?s|s')? (?:send |\w+ )?"
    # ...or its own rules: "can you summarise my local council's admissions policy?"
    r"(?:report|reports|inspection|inspections|rating|ratings|result|results|outcome|outcomes|findings"
    r"|policy|policies|rules|criteria|arrangements|process|procedure|procedures)\b"
    # what it says of the family's own school or council by name: "does it say anything about
    # his school in particular?", "does it mention my son's college?" (not its place in one)
    r"|\b(?:(?:say|said|says|mention|mentions|anything|something)\b(?: \w+){0,2}? (?:about|on|of)|mention|mentions) (?:my|our|his|her|their)"
    r"(?: (?:son|daughter|child|kid|boy|girl|grandson|granddaughter)(?:'?s|s')?)? (?:own )?(?:local )?"
    r"(?:(?P<named_school>school|nursery|college|academy)|council|la|local authority|county|borough)\b(?! (?:place|places|admissions?|transport|choice|preference|appeals?)\b)"
    # what the family's own council has done, or how it did: "has my council done that
    # planning?", "how did my local area do?" (what a council must do is the law's: "does
    # my LA have to...?"; and who made a national thing is the knowledge's: "did our local
    # council commission the residential review?" was ministers)
    r"|\b(?:has|have|did) (?:my|our) (?:local )?(?:council|la|local authority|area|county|borough)\b"
    r"(?! (?:\w+ )?(?:commission|commissioned|publish|published|write|wrote|written|lead|led|run|ran|announce|announced"
    r"|launch|launched|set up|produce|produced|make|made|start|started|order|ordered|ask for|asked for)\b)"
    r"|\bhow (?:did|has|have|was) (?:my|our) (?:local )?(?:council|la|local authority|area|county|borough) (?:do|done|fare|fared|get on|got on|been rated|rated)\b",
    re.IGNORECASE)
# "What did they find in my area, Norfolk?"
_MY_AREA = re.compile(r"\b(?:my|our) (?:area|county|town|city|borough|council|region)(?:,| is| of| -)? (?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?)")
# A question about the family's own council or area, which a listed place then names:
# "how did my local council do? we're in kent", "how did Birmingham do?".
_ABOUT_OWN_AREA = re.compile(r"\b(?:my|our) (?:local )?(?:council|la|local authority|area|county|borough|town|city|local offer)\b"
                             r"|\blocal (?:council|authority|area|offer|inspection)\b|\bhow did (?:\w+ ){1,3}do\b"
                             r"|\bhow (?:is|are|does) (?:\w+ ){1,3}doing\b"
                             # what was found or said of a place: "what did ofsted say about cornwall?"
                             r"|\b(?:say|said|says|find|found|report|reports|rating|rated|results?|inspection|inspected|judged|judgement)\b"
                             r"(?: \w+){0,3} (?:about|on|for|in|of|at)\b", re.IGNORECASE)
# Another nation asked about: "does it apply in Wales?", "is it the same for Scotland?",
# or, in an adviser's keywords, the nation first or owning the thing: "Scotland ASN
# tribunal - ...", "Wales's ALN code", "the Scotland system".
# ...or asked of as a whole: "does Scotland have the same trial?"
_ABOUT_NATION = (r"(?:\b(?:in|to|for|across|within) {name}\b|\b{name} (?:too|as well|also)\b|^\W*{name}\b(?! (?:street|road|avenue)\b)"
                 r"|\b(?:does|do|did|has|have|is|will|would|can|could) {name} (?:have|has|got|get|do|does|use|run|follow|do it)\b"
                 r"|\b{name}(?:'s|s'| (?:tribunals?|councils?|schools?|law|laws|rules|system|government|equivalent|version|code|guidance))\b)")
# The same nation as an adjective, before what is theirs: "Scottish schools", "a Welsh council".
_NATION_ADJECTIVE = (r"\b{adjective} (?:\w+ )?(?:tribunals?|councils?|schools?|law|laws|rules|system|government|equivalent|version"
                     r"|local authorit(?:y|ies)|pupils|children|families|parents|ministers?|parliament|assembly|guidance|code)\b")


# A thing placed in England ("a residential school in England"), and the sentences that ask.
_IN_ENGLAND = re.compile(r"\b(?:in|to) England\b", re.IGNORECASE)
_QUESTIONS = re.compile(r"[^.!?]*\?")
_CLAUSES = re.compile(r"[^.!?,;]+[.!?,;]*")  # (clauses: "would they pay travel, I'm coming from Leeds" asks no place)
_YES_NO = re.compile(r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:is|are|was|were|does|do|did|has|have|will|would|can|could)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    name: str
    in_england: bool
    own: bool = False  # the family's own, which no national announcement names


class Places:
    def __init__(self, path: Path = PLACES_FILE):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        self._england = _pattern(data.get("england") or [])
        said = [(name, name, _ABOUT_NATION) for name in data.get("elsewhere") or []]
        said += [(nation, adjective, _NATION_ADJECTIVE) for adjective, nation in (data.get("elsewhere_adjectives") or {}).items()]
        self._elsewhere = [(nation, re.compile(pattern.format(name=re.escape(word), adjective=re.escape(word)), re.IGNORECASE))
                           for nation, word, pattern in said]
        # An ASCII name is found in ASCII text only where its lower case is: most
        # messages name no nation, and a substring test costs far less than a search.
        self._lowered = [word.lower() if word.isascii() else None for _, word, _ in said]

    def named_in(self, text: str) -> Place | None:
        """The place the question is about, if it names one as the family's own."""
        lowered = text.lower() if text.isascii() else None
        in_england = bool(_IN_ENGLAND.search(text))
        for (name, asked), key in zip(self._elsewhere, self._lowered):
            if lowered is not None and key is not None and key not in lowered or not asked.search(text):
                continue
            if in_england and not any(asked.search(question) for question in _QUESTIONS.findall(text)):
                # "Belfast mum here. My son is at a residential school in England. What did the
                # review say...?": where the family lives is told; the question is about England.
                continue
            return Place(name, in_england=False)
        own = _OWN_PART.search(text)
        if own:
            return Place("individual schools" if own["school"] or own["named_school"] else "individual council areas", in_england=True, own=True)
        found = _LOCAL.search(text) or _MY_AREA.search(text) or _SCHOOL.search(text)
        if found:
            return Place(found["name"], in_england=True)
        # A listed place anywhere in a question about the family's own area; otherwise one in
        # the clause of a yes/no question, which is what it asks about: "is that true for my
        # son's school in Devon?", "is Kent council one of the ones that's hostile?" (a place
        # in the story around a question is not: "our school in Birmingham wants to
        # volunteer. What do we send?").
        parts = [text] if _ABOUT_OWN_AREA.search(text) else [q for q in _CLAUSES.findall(text) if _YES_NO.match(q)]
        for part in parts:
            for match in self._england.finditer(part):
                if _meant_as_place(part, match) and not _VENUE_ASKED.search(part[:match.start()]):
                    return Place(_title(match.group(0)), in_england=True)
        if len(text.split()) <= MAX_KEYWORDS:
            # An adviser's keywords with a place among them: "Ofsted CQC Norfolk?", "leeds report?"
            for match in self._england.finditer(text):
                if _meant_as_place(text, match):
                    return Place(_title(match.group(0)), in_england=True)
        return None


# Where a national thing is held, put as a guess ("is the 2018 conference being held in
# Birmingham?"): the knowledge tells its venue; the place is no family's own.
_VENUE_ASKED = re.compile(r"\b(?:held|hosted|happening|taking place|located|based|on|run|running|staged)\s+(?:in|at)\s+(?:the\s+)?$",
                          re.IGNORECASE)


def _pattern(names: list[str]) -> re.Pattern:
    # Longest first, so "North Somerset" is found before "Somerset".
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def _meant_as_place(text: str, match: re.Match) -> bool:
    """"Reading", "Bury" and "Bath" are places only when written as names, not as the
    first word of a sentence."""
    word = match.group(0)
    if " " in word or not english.common(word):
        return True
    before = text[:match.start()].rstrip()
    return word[0].isupper() and bool(before) and before[-1] not in ".!?"


def _title(name: str) -> str:
    return " ".join(w if w in ("and", "upon", "with", "of", "on") else w[:1].upper() + w[1:] for w in name.lower().split())


def check_file(path: Path = PLACES_FILE) -> list:
    """Problems in the places YAML as FILE:LINE messages, for ``python -m bot validate``."""
    from bot.knowledge import Problem, read_located
    data, problems = read_located(Path(path))
    if problems:
        return problems
    if not isinstance(data, dict):
        return [Problem(str(path), 1, "expected 'england:' and 'elsewhere:' lists of place names")]
    for key in ("england", "elsewhere"):
        names = data.get(key)
        line = data.line_of(key) if hasattr(data, "line_of") else 0
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            problems.append(Problem(str(path), line, f"'{key}:' must be a list of place names, like [Kent, Leeds]"))
    adjectives = data.get("elsewhere_adjectives")
    if adjectives is not None and not (isinstance(adjectives, dict) and all(
            isinstance(a, str) and a.strip() and isinstance(n, str) and n in (data.get("elsewhere") or []) for a, n in adjectives.items())):
        line = data.line_of("elsewhere_adjectives") if hasattr(data, "line_of") else 0
        problems.append(Problem(str(path), line, "'elsewhere_adjectives:' must map a word to a place in 'elsewhere:', like {Welsh: Wales}"))
    return problems
