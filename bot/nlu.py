"""Intent rules: read Rasa 3 ``nlu.yml`` and turn a message into an intent.

The rules are transparent on purpose (risk is checked before them, by bot/safety.py):
Rasa-style button payloads, exact and near-exact example matches, whole-message
patterns in file order, and otherwise a question for the knowledge base.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Mapping

import yaml
from text_to_num import alpha2digit

from bot import english
from bot.knowledge import name_key

DATA_DIR = Path(__file__).parent / "data"


# A change of subject announced: "different subject - who was the minister?".
_SWITCH = (r"quick question|can i ask|(?:(?:totally|completely|entirely|quite) )?(?:a )?(?:different|another|other|new|separate|random)"
           r" (?:question|thing|topic|subject|one)(?: (?:entirely|altogether|now))?"
           r"|(?:totally |completely )?unrelated(?: but)?|(?:changing|switching|change|switch) (?:the |of )?(?:subject|topic)s?|change of (?:subject|topic)"
           r"|on another note|by the way|btw|(?:totally|completely|entirely|something|sth) different(?=\s*[,.!:;-])"
           r"|one more (?:thing|question)"
           # a step aside, however put: "quick detour", "slight tangent", "side question", "off topic"
           # (not "aside" alone: "aside from the trial, what else...?" names the trial)
           r"|(?:a )?(?:quick |slight |small |little |brief )?(?:detour|tangent|digression)|side (?:question|note)|off[ -]topic(?: but)?")
# Putting the last reply right with a question of its own: "no sorry I meant who wrote...".
# ("No, I meant the other review" asks the last question again, of the other one: kept.)
_CORRECTION = re.compile(r"^\W*(?:(?:no|nope|nah|sorry|oops)\b[,.!]*\s*)+(?:i (?:mean|meant)|what i meant was|i was asking"
                         r"|i wanted to know)\b[,:]?\s*(?=(?:what|whats|what's|who|whos|who's|when|where|why|how|which|is|are|can"
                         r"|could|do|does|did|will|would)\b)", re.IGNORECASE)
# A nod to the last reply before the next message: "fair enough. why...?", "ah well, thanks anyway".
_NODS = r"ok|okay|fine|fair enough|cool|alright|all right|oh|ah|ah well|oh well|hmm+|well|i see|got it|sigh|ugh+|honestly|tbh"
# With a comma or a stop after it, a word of thanks or agreement is a nod too: "right, and how long...?".
# ...and so is a feeling about the last answer: "that's great, and which year takes it?".
_FELT = (r"(?:that'?s|thats|that is|how|what an?)\s+(?:(?:really|so|very|such an?)\s+)?(?:great|good|brilliant|lovely|helpful|useful"
         r"|interesting|a relief|good news|great news|a shame|a pity|sad|awful|annoying|worrying)")
_NOD = re.compile(rf"^(?:(?:{_NODS}|{_FELT}|right|thanks|thank you|cheers|ta|great|lovely|brilliant|perfect|sure|interesting"
                  # a greeting before the question: "Good evening. Could you tell me...?"
                  r"|(?:hi|hello|hey|hiya)(?: there| again| all| everyone)?|good (?:morning|afternoon|evening|day)"
                  # back in the chat: "ok back. when does it start?", "sorry I'm back - who runs it?"
                  r"|(?:(?:ok|okay|right|sorry|so) )?(?:i'?m |im |i am )?back(?: now| again)?"
                  # praise for the last reply: "you're great, when does...?"
                  r"|(?:you'?re|you are|youre|ur) (?:(?:so|really|very|such|a) )*(?:great|brilliant|a star|a gem|a legend|amazing"
                  r"|a lifesaver|fab|ace|wonderful|helpful|the best|good))"
                  # (a nod straight before a change of subject needs no stop: "ok different thing - ...")
                  rf"\s*[,.!:;-]+\s*|(?:(?:{_NODS}|so|right)\s+)?(?:{_SWITCH})\s*[,.!:;-]*\s+)+", re.IGNORECASE)
# Politeness and hesitation before a question ("sorry, what's an EHCP?").
_LEAD_IN = re.compile(rf"^(?:(?:{_NODS}|{_SWITCH}|sorry|(?:hi|hello|hey|hiya)(?: there| again)?|good (?:morning|afternoon|evening)"
                      r"|please|so|um|erm|also|and|but)\s+)+")
_GREETING = re.compile(r"^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|morning|evening)\b")
# (and in the languages of the families who write, as typed in Latin letters: "gracias",
# "dziekuje", "shukriya", "diolch")
# ("I'm a TA", "my son's TA": a teaching assistant, no thanks)
_THANKS = re.compile(r"\b(?:thanks|thank you|thankyou|cheers|(?<!\ba )(?<!\bthe )(?<!\bmy )(?<!\bhis )(?<!\bher )(?<!\bour )(?<!\bs )(?<!'s )ta"
                     r"|much appreciated|appreciate it|that helps|that's helpful"
                     # as thumbs type it: "thnx", "thanx", "thnks", "thanq", "tq"
                     r"|th(?:a?n)?x|thn?ks|than?q|thnq|tq|tyvm|tysm"
                     r"|gracias|merci|danke|grazie|obrigad[oa]|dziekuje|dzieki|multumesc|mersi|tesekkurler|sagol|diolch"
                     r"|shukriya|shukran|dhanyavaad?|asante|mahadsanid|aciu|spasibo|cam on)\b")
# Telling about the family or oneself: "my son is...", "we've been...", "I'm a foster carer".
_TELLS = re.compile(r"(?:my|our|i(?! mean)(?! meant)|i'm|im|i've|ive|i'd|we|we're|we've|weve|he|she|he's|hes|she's|shes|his|her|they|their|they're)\s")
# ...but what one heard or read is put to be checked: "I heard the review found...".
_HEARD = re.compile(r"(?:i|we)(?:'ve| have)? (?:heard|read|saw|seen|was told|were told|been told)\b")
# A remark after a first word, said of something ("ugh this is all so confusing", "haha
# that's older than..."), not a search ("hmm the rochford review").
_REMARK = re.compile(r"^\S+ .*\b(?:this|that|that's|thats|it|it's|its|i|i'm|im|so|sounds|seems|is|was)\b")
# How something just read leaves the writer, asking nothing: "reading that makes me want to cry".
_MAKES_ME_FEEL = re.compile(r"\b(?:that|this|it|all this|all that|reading (?:that|this|it)|hearing (?:that|this))\s+(?:makes|made|is making|has made)"
                            r"\s+me\s+(?:want to\s+|feel\s+)?(?:(?:so|really|very|a bit|quite|pretty)\s+)?(?:cry|sad|angry|upset|sick|furious|mad"
                            r"|emotional|hopeful|happy|relieved|better|worse|worried|anxious|scream|laugh)\b")
# The last message taken back: "sorry typed that wrong ignore me", "scrap that".
_TAKEN_BACK = re.compile(r"\b(?:typed|asked|worded|phrased|spelt|spelled|wrote|put|sent) (?:that|it|this) (?:wrong|wrongly|badly|too soon|too early|by mistake)\b"
                         r"|\bignore (?:me|that|this|my last(?: message| question)?)\b|\b(?:scrap|forget) that\b"
                         # meant for someone else: "sorry wrong chat lol", "oops sent to the wrong person"
                         r"|\bwrong (?:chat|window|tab|person|group|conversation|thread|app|screen)\b", re.IGNORECASE)
# An oath or a groan and nothing else: "ffs", "for god's sake", "argh".
_EXCLAIMS = re.compile(r"^\W*(?:ffs+|fs|wtf+|omfg|fml|smh|a*rgh+|gr+|jeez(?: louise)?|blimey|bloody hell|oh my (?:god|gosh|days)"
                       r"|for (?:f\w*|god'?s|gods|heaven'?s|heavens|pete'?s|petes|christ'?s|crying out loud) sake|ffs man|good grief|give me strength)\W*$")
# "I've got a few questions about...": questions to come, none asked yet.
_ONLY_ANNOUNCES = re.compile(r"^[^?]*\b(?:i've got|i have|i've|got|have) (?:a few|some|a couple of|a quick|one|two|a) questions?\b[^?]*$")
# A question as the message's last clause, with no "?": "I'm a training provider, who
# handles queries about...", "...and when does it start"; a yes/no one: "im a new senco, is
# the forum for me", "thanks, and is it a permanent change".
# The question word where the answer goes, as learners of English and texters ask:
# "they do what with the schools now", "it starts when".
_WH_IN_PLACE = (r"\b(?:they|it|he|she|this|that|these|those|you)\s+(?:do|does|did|is|are|was|were|mean|means|meant|start|starts"
                r"|started|end|ends|cost|costs|happen|happens|say|says|said|help|helps)\s+(?:what|when|where|who|how)\b")
# (or a last sentence that opens on one: "...for the pre key stage standards. when in the autumn is it",
# or one after a condition: "...if i go to an STA event who pays for my travel")
_WH_LAST = r"(?:,|\band)\s*(?:who|what|when|where|which|how)(?:\s[^,.;:!]*)?\W*$|(?:[.!]\s|^)\s*(?:who|when|where|which)\s[^,.;:!]*$" \
    r"|\bif\s[^,.;:!?]{3,60}?\s(?:who|when|where|which|how)\s[^,.;:!?]{1,40}$" \
    r"|\bwhat\s+(?:(?:has|have)\s+)?(?:changed|happened|happens|is new|was new)\W*$"
_YES_NO_LAST = (r"(?:,|[.!]\s|^|\b(?:and|but|so))\s*(?!ha(?:ve|s) an?\s)(?:is|are|was|were|can|has|have)\s+"  # ("have a good evening")
                r"(?:the|it|there|they|he|she|my|our|this|that|a|an|i|we|you|his|her|their)\s[^,.;:!]*$")
# ...or one asked of others, run on: "...found the dfe guide for parents do schools legally have to follow it"
_YES_NO_OF_OTHERS = (r"\b(?:do|does|did)\s+(?:schools?|councils?|colleges?|parents?|teachers?|heads?|staff|las?|local authorities"
                     r"|the \w+)\s+(?:\w+ly\s+)?(?:have|need|get|know|follow|pay|count|apply|include|cover|help|mean|say|tell"
                     r"|give|offer|support|let|allow|still|ever|usually)\b"
                     # ...or of a thing named at length: "...but no ehcp, do the apprenticeship maths and english changes apply to him"
                     r"|\b(?:do|does|did)\s+(?:the|these|those|this|that|any)(?:\s+[\w'-]+){1,5}?\s+(?:apply|cover|include|count|affect)\b")
# What makes a message a question or a request, whatever its shape.
_ASKS = re.compile(r"\?|\b(?:whats|whos|why|how|(?:what|when|where|who|which) (?:is|are|was|were|do|does|did|can|could|should|will|would|about|to)"
                   r"|is there|are there|can (?:i|you|we|they|he|she)"
                   # run on from a statement, as phones and voice typing write it: "my daughter has an ehcp
                   # can the tribunal look at health", "...struggles with maths has anything changed for him",
                   # "...isnt doing subject learning yet is she going to be assessed", "what date is the webinar"
                   r"|(?:can|could) (?:the|it|my|our|this|that|these|those|his|her|their) \w+"
                   r"|(?:has|have|is|are|will|does|do) (?:anything|something|she|he|they) (?!(?:is|are|was|were|has|have)\b)\w+"
                   r"|what (?:date|day|time|year|age|month) (?:is|are|was|were|does|do|did)\b"
                   r"|could (?:i|you|we)|do (?:i|you|we|they)|does|did|will|would|should|tell me|explain|need|want|looking for"
                   r"|info|information|anything (?:on|about)|help with|source|sources|reference|citation"
                   # a question put for someone else: "my friend... wants to know which annex..."
                   r"|(?:wants|wanted|needs|needed|would like|'d like) to know|wonder(?:s|ing|ed)?"
                   r"|asked (?:me|us) (?:if|whether|what|when|where|who|why|how|which)"
                   # a question inside a dare: "I bet you don't even know who she is"
                   r"|(?:know|tell me|tell us|say|remember)(?: even)? (?:who|what|when|where|which|how|why|whether)"
                   # what was asked, said again: "I wanted the co-chair's name", "I asked when"
                   r"|(?:i|we) (?:asked|wanted|meant|was asking)(?: for| to know)? (?:the|his|her|their|its|when|who|where|why|how)\b)\b"
                   rf"|{_WH_LAST}|{_YES_NO_LAST}|{_WH_IN_PLACE}|{_YES_NO_OF_OTHERS}"
                   # or a claim put to be checked: "i read it's for year 6 is that right"
                   r"|\b(?:is|was) (?:that|this|it) (?:right|true|correct)\W*$"
                   r"|\b(?:isn'?t|wasn'?t|didn'?t|doesn'?t|aren'?t|isnt|wasnt|didnt|doesnt|arent) (?:it|he|she|they|that)\W*$")
# Words that only colour a question about a word: "what does EHC *actually* mean?".
_FILLERS = re.compile(r"\b(?:actually|really|even|exactly|again|anyway|though|tho|ever|just|here|by the way|btw|on earth|the hell|the heck)\b")


def _unfilled(plain: str) -> str:
    """The words with the fillers aside: "can you *actually* help" is "can you help"."""
    return " ".join(_FILLERS.sub(" ", plain).split())


# Thanks, then a question of its own: "Cheers. And for training providers?" asks again.
_ASKED_LAST = re.compile(f"{_WH_LAST}|{_YES_NO_LAST}")
# (or asked for, after: "thank you. full reference for my notes please")
_ASKED_AFTER = re.compile(r"[.,;:!]\s*[^.,;:!?\s][^.,;:!?]*\?\W*$|[.,;:!]\s*[^.,;:!?\s]+\s[^.,;:!?]*\b(?:please|pls|plz)\W*$")
# A command typed as a question ("start?", "options?") asks about the topic: when it
# starts, what the choices are. "help?" and "menu?" stay requests for help.
_ASKED_COMMAND = re.compile(r"^\W*(start|options)\s*\?+\W*$", re.IGNORECASE)
# Tags and fillers at the end say nothing about what is wanted: "you're a bot aren't you",
# "who made u lol".
_TAIL = re.compile(r"(?:\s+(?:lol|haha|ha|aren't you|arent you|are you|right|innit|then|mate|please|today|x+|eh|yeah|or not))+$")
_PAYLOAD = re.compile(r"^/(?P<intent>[a-z_]+)(?P<entities>\{.*\})?$", re.DOTALL)
_BRACKETED = re.compile(r"\[([^\]]+)\]\([a-z_]+\)")
NEAR_MATCH = 0.86
NEAR_MATCH_MAX_WORDS = 6
MIN_TOLD_WORDS = 5  # a statement about the family this long, asking nothing, is background
SMALL_TALK_WORDS = 30  # at most, in a message of several sentences that are each small talk


@dataclass(frozen=True)
class Parse:
    intent: str
    confidence: float
    text: str
    entities: dict = field(default_factory=dict)


REMARKS = frozenset({"reaction", "vent"})  # what a message opening with such a word says when it asks nothing
# Small talk that a word about the writer beside it leaves small talk: "sorry for all the
# questions, my head's all over the place" (not "yes?" after a claim: that asks).
FEELINGS_SHARED = frozenset({"apology", "complain", "vent", "thanks", "greet", "are_you_there", "reaction", "goodbye"})


def examples(block: str) -> list[str]:
    """The lines of a Rasa ``examples: |`` block, without their '- ' bullets."""
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")]


def _in_figures(text: str) -> str:
    """Numbers said in words, as voice typing writes them ("one hundred and ninety pounds",
    "twenty seventeen"), in figures as the knowledge gives them; a lone small number ("the
    seven aspects", "the first one") stays a word."""
    if not _NUMBER_WORD.search(text):
        return text
    return _SPOKEN_YEAR.sub(r"20\1", alpha2digit(text, "en", threshold=SMALL_NUMBER))


SMALL_NUMBER = 10
_NUMBER_WORD = re.compile(r"\b(eleven|twelve|\w+teen|\w+teenth|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
                          r"thousand|million|twentieth|thirtieth)\b", re.IGNORECASE)
_SPOKEN_YEAR = re.compile(r"\b20 ([12]\d)\b")  # "twenty seventeen" comes out as "20 17"


# Punctuation said aloud, as voice typing may leave it: "what date is it question mark",
# "full stop new line" (not "a title with a question mark in it").
_PUNCTUATION = {"question mark": "?", "full stop": ".", "exclamation mark": "!", "new line": ".", "new paragraph": "."}
_SAID_PUNCTUATION = re.compile(r"(?<!\ba)(?<!\bthe)(?<!\bno)(?<!\bany)(?<!\ba )(?<!\bthe )(?<!\bno )(?<!\bany )"
                               r"\s*\b(question mark|full stop|exclamation mark|new line|new paragraph)\b", re.IGNORECASE)


class Shorthand:
    """Phone-typing shorthand spelled out, from ``bot/data/shorthand.yml``."""

    def __init__(self, path: Path = DATA_DIR / "shorthand.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.words: dict[str, str] = {str(k): str(v) for k, v in data["words"].items()}
        self.pairs: dict[tuple[str, str], str] = {tuple(str(k).split()): str(v) for k, v in (data.get("pairs") or {}).items()}
        self.digits: dict[str, str] = {str(k): str(v) for k, v in data["digits"].items()}
        self.counting_before = frozenset(data["counting_before"])
        self.counting_after = frozenset(data["counting_after"])
        self.question_words = frozenset(data.get("question_words") or ())

    def spell_out(self, text: str) -> str:
        """``text`` with shorthand words replaced and everything else left as typed."""
        text = _SAID_PUNCTUATION.sub(lambda said: _PUNCTUATION[said[1].lower()], text)
        tokens = _TOKEN.split(unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'"))
        # Words sit at the odd positions of the split; what is between them stays as typed.
        words = [t.lower() for t in tokens[1::2]]
        second = False
        for index, word in enumerate(words):
            position = 2 * index + 1
            if second:  # the second word of a pair, spelled out with the first
                tokens[position - 1] = tokens[position] = ""
                second = False
                continue
            after = words[index + 1] if index + 1 < len(words) else ""
            if (word, after) in self.pairs:
                tokens[position], second = self.pairs[word, after], True
            elif word in self.words:
                tokens[position] = self.words[word]
            elif word in self.digits and self._stands_for_a_word(words, index):
                tokens[position] = self.digits[word]
            elif word.endswith("in") and english.common(word + "g") and not english.common(word):
                tokens[position] += "g"  # a g dropped as people type: "goin", "lookin for"
            elif _opens_a_sentence(tokens[position - 1], index):
                tokens[position] = self._question_word(word) or tokens[position]
            elif index and words[index - 1] == "how" and word not in english.counts():
                tokens[position] = self._how_typos.get(word) or tokens[position]
        return _in_figures("".join(tokens))

    @cached_property
    def _how_typos(self) -> dict[str, str]:
        """What follows "how" mistyped ("how lond", "how manny"): the word it stands for."""
        return _one_edit_from({"long", "many", "much", "often", "old", "far", "soon"})

    def _question_word(self, word: str) -> str | None:
        """What a mistyped question word opening a sentence stands for: shorthand for one
        with "s" ("wots", "wat's": "what is"), or a word of no English one edit from just
        one of them ("wich", "wehre"; "whn" is as near "who" and "why" as "when")."""
        bare = word[:-2] if word.endswith("'s") else word[:-1] if word.endswith("s") else ""
        if self.words.get(bare) in self.question_words:
            return f"{self.words[bare]} is"
        typo = self._question_typos.get(word)
        return typo if typo and word not in english.counts() else None

    @cached_property
    def _question_typos(self) -> dict[str, str]:
        """A mistyped question word: worked out on first use, as the English word list is read."""
        return _one_edit_from(self.question_words)

    def _stands_for_a_word(self, words: list[str], index: int) -> bool:
        before = words[index - 1] if index else ""
        after = words[index + 1] if index + 1 < len(words) else ""
        # At the very end too: "what's it 4", "how long is it running 4".
        return (before.isalpha() and (after.isalpha() or not after) and before not in self.counting_before
                and after not in self.counting_after and not (after.endswith("s") and len(after) > 3))


def _one_edit_from(words: set[str] | frozenset[str]) -> dict[str, str]:
    """Every spelling one edit from exactly one of ``words`` (and not itself one of them),
    mapped to that word: "wich" to "which", "lond" to "long"."""
    found: dict[str, set[str]] = {}
    for word in words:
        for variant in english.edits(word) - words:
            found.setdefault(variant, set()).add(word)
    return {variant: next(iter(near)) for variant, near in found.items() if len(near) == 1}


_TOKEN = re.compile(r"([A-Za-z0-9]+(?:'[A-Za-z]+)?)")
_CLAUSES = re.compile(r"(?<=[.!?,])\s+")
_SENTENCE_GAP = re.compile(r"[.?!;:,\n]\s*$")


def _opens_a_sentence(gap: str, index: int) -> bool:
    return index == 0 or bool(_SENTENCE_GAP.search(gap))


SHORTHAND = Shorthand()


def asks(text: str) -> bool:
    """Whether a message asks something, however typed ("?", "what is", "can you", "is there")."""
    return bool(_ASKS.search(text.lower()))


def normalise(text: str) -> str:
    # Accents folded, so a word typed with them is the word typed without: "dziękuję" is "dziekuje".
    text = unicodedata.normalize("NFKD", SHORTHAND.spell_out(text).lower().replace("ł", "l"))
    return " ".join(re.findall(r"[a-z0-9]+(?:'[a-z]+)?", "".join(c for c in text if not unicodedata.combining(c))))


_normalise = normalise  # for IntentRules._glossary, whose own normalise remembers what it did


class IntentRules:
    def __init__(self, path: str | Path = DATA_DIR / "nlu.yml"):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        self.examples: dict[str, str] = {}
        patterns: list[tuple[str, re.Pattern]] = []  # in file order
        for item in data["nlu"]:
            if "intent" in item:
                for example in examples(item["examples"]):
                    self.examples.setdefault(normalise(_BRACKETED.sub(r"\1", example)), item["intent"])
            elif "regex" in item:
                patterns += [(item["regex"], re.compile(p)) for p in examples(item["examples"])]
        # Crisis examples are for a Rasa model's training: bot/safety.py checks risk,
        # and no message may be near-matched into the crisis intent here.
        self._near = [(e, i) for e, i in self.examples.items() if i not in ("crisis", "ask_question", "glossary")]
        # A glossary pattern says nothing without its term: _glossary alone tries them.
        self._intent_patterns = [(i, p) for i, p in patterns if i != "glossary"]
        self._glossary_patterns = [p for i, p in patterns if i == "glossary"]

    def parse(self, text: str, terms: Mapping[str, str] | None = None) -> Parse:
        """``terms`` maps each normalised glossary name to its term id."""
        text = text.strip()
        payload = _PAYLOAD.match(text)
        if payload:
            try:
                entities = json.loads(payload["entities"]) if payload["entities"] else {}
            except ValueError:
                entities = {}
            if isinstance(entities, dict):
                return Parse(payload["intent"], 1.0, text, {k: str(v) for k, v in entities.items()})
        # Everything after this step reads the message with its shorthand spelled out.
        text = SHORTHAND.spell_out(text)
        plain = normalise(text)
        if not plain:
            return Parse("empty", 1.0, text)
        # "Hello, is anyone there?": the greeting is politeness; what follows says what is wanted.
        led = _LEAD_IN.sub("", plain)
        # "Hello, I'm a mum of a child with SEND and a bit lost.": a greeting and who is
        # writing, with nothing asked yet, is a hello.
        # Likewise thanks with news of what comes next ("Thank you, I'll show this to my
        # husband tonight", "lol ok thx"), with nothing asked, are thanks.
        announces = _ONLY_ANNOUNCES.search(text.lower())
        if announces or not _ASKS.search(text.lower()):
            if _GREETING.match(plain):
                return Parse("greet", 0.9, text)
            if _THANKS.search(plain) and not announces:
                return Parse("thanks", 0.9, text)
        bare = _TAIL.sub("", led) or plain
        # (and with its fillers aside: "can you *actually* help or not" is "can you help")
        for said in dict.fromkeys((bare, led or plain, plain, _unfilled(bare) or plain)):
            intent = self.examples.get(said)
            if intent and intent not in ("ask_question", "glossary", "crisis"):
                return Parse(intent, 1.0, text)
            for intent, pattern in self._intent_patterns:
                match = pattern.match(said)
                if not match or (intent == "thanks" and (_ASKED_AFTER.search(text) or _ASKED_LAST.search(text.lower()))) \
                        or (intent == "help" and _ASKED_COMMAND.match(text)):
                    continue
                entities = {"rest": match["rest"].strip()} if "rest" in pattern.groupindex else {}
                return Parse(intent, 0.95, text, entities)
        if _says_only(_TAKEN_BACK, plain, text):
            # "sorry typed that wrong ignore me": the last message taken back, nothing asked.
            return Parse("never_mind", 0.9, text)
        if _says_only(_MAKES_ME_FEEL, plain, text) or _EXCLAIMS.match(plain):
            # "honestly reading that makes me want to cry": how the last reply left them;
            # an oath alone ("ffs", "for god's sake"), at the news or at the bot.
            return Parse("reaction", 0.9, text)
        if not _ASKS.search(text.lower()) and _REMARK.search(plain) and self.parse(plain.split()[0]).intent in REMARKS:
            # "ugh this is all so confusing honestly", "haha that's older than my NQTs":
            # a laugh or a sigh, then a remark on what was said, asking nothing.
            # ("hmm the rochford review" is a search with a sigh.)
            return Parse("reaction", 0.9, text)
        term_id = self._glossary(text, terms or {}, {text: plain})
        if term_id:
            return Parse("glossary", 0.95, text, {"term": term_id})
        unfilled = _unfilled(plain) or plain
        if len(unfilled.split()) <= NEAR_MATCH_MAX_WORDS:
            best, score = _nearest(unfilled, self._near, NEAR_MATCH)
            if best:
                return Parse(best, round(score, 2), text)
            # Typed in a hurry ("this bot is rubish"): read again with the words mended,
            # where that makes them English.
            mended = " ".join(map(english.mended, plain.split()))
            again = self.parse(mended, terms) if mended != plain else None
            if again and again.intent not in ("ask_question", "glossary"):
                return Parse(again.intent, again.confidence, text, again.entities)
        small_talk = self._each_sentence(text)
        if small_talk:
            return small_talk
        if not announces and not _ASKS.search(text.lower()) and _TELLS.match(led or plain) \
                and not _HEARD.match(led or plain) and len(plain.split()) >= MIN_TOLD_WORDS:
            # "My son is 17 and has cerebral palsy.": who the question will be about, told
            # first; nothing asked yet.
            return Parse("inform", 0.9, text)
        return Parse("ask_question", 1.0, text)

    def _each_sentence(self, text: str) -> Parse | None:
        """A message of sentences that are each small talk ("Sorry, I didn't mean to be
        rude earlier. Goodnight."): the last one's intent, as its reply ends the turn."""
        sentences = [s for s in _CLAUSES.split(text) if s.strip()]
        if len(sentences) < 2 or len(text.split()) > SMALL_TALK_WORDS:
            return None  # a story of many words is never small talk alone
        parses = []
        for sentence in reversed(sentences):  # most often the last one asks: stop there
            parses.append(self.parse(sentence))
            if parses[-1].intent in ("ask_question", "glossary", "crisis", "empty"):
                return None
        # What the writer tells of themself beside it colours the small talk, asking
        # nothing: "This is useless. I've asked three times and I'm getting nowhere",
        # "sorry for all the questions, my head's all over the place".
        said = [p for p in parses if p.intent != "inform"]
        if not said or len(said) < len(parses) and (said[0].intent not in FEELINGS_SHARED or len(said[0].text.split()) < 2):
            # ("i think it was Greening who announced it, yes?" asks; in "sorry, I get so
            # worked up about all this" the "sorry" is a lead-in to what is told)
            return None
        return Parse(said[0].intent, min(p.confidence for p in parses), text, said[0].entities)

    def _glossary(self, text: str, terms: Mapping[str, str], normalised: dict[str, str] | None = None) -> str | None:
        """A glossary term asked about in the message, or in one of its sentences.
        ``normalised`` holds texts already normalised (each is normalised once here)."""
        normalised = {} if normalised is None else normalised

        def normalise(sentence: str) -> str:
            found = normalised.get(sentence)
            if found is None:
                found = normalised[sentence] = _normalise(sentence)
            return found

        # A clause of its own counts too: "what's an EHC plan anyway, what do the letters mean?"
        for sentence in [text, *re.split(r"[?!.,;]+|\s[-–—]+\s", text)]:
            plain = _unfilled(_LEAD_IN.sub("", normalise(sentence)))
            plain = _TAIL.sub("", plain) or plain
            for pattern in self._glossary_patterns:
                match = pattern.match(plain)
                term_id = match and (_lookup_term(match["term"], terms) or _named_in(match["term"], normalise(text), terms)
                                     or _referred_to(match["term"], normalise(text), terms, plain,
                                                     normalise(text[:text.find(sentence)]) if sentence != text else ""))
                if term_id:
                    return term_id
        return None


def _says_only(phrase: re.Pattern, plain: str, text: str) -> bool:
    """Whether the message says ``phrase`` and asks nothing besides it ("ignore that" alone,
    not "ignore that, when does it start?"; "want to cry" is no "want" of a question)."""
    # (what is left starts where the phrase ended: "scrap that - who led it" asks "who led it")
    return bool(phrase.search(plain)) and not _ASKS.search(phrase.sub(" ", text.lower()).strip(" -–—,.:;!"))


def without_nod(text: str) -> str:
    """The message without a nod to the last reply, a change of subject announced, the last
    message taken back or the last reply put right: "right", "different subject", "scrap
    that" and "no sorry I meant" are no words to look for."""
    # ("Ignore that - when does it start?": what was taken back names nothing asked now.)
    return _NOD.sub("", _CORRECTION.sub("", _TAKEN_BACK.sub("", text))) or text


def _nearest(text: str, candidates: list[tuple[str, str]], cutoff: float) -> tuple[str | None, float]:
    """The intent of the example most like ``text``, if one is at least ``cutoff`` alike."""
    best, best_score = None, cutoff
    typed = Counter(text)
    for example, intent in candidates:
        # The ratio can never beat what the two lengths allow: most examples are
        # ruled out without comparing them.
        if 2 * min(len(text), len(example)) / (len(text) + len(example)) < best_score:
            continue
        # difflib's quick_ratio (letters in common, counted with their repeats, over both
        # lengths), from each example's letters counted once.
        letters = _letters(example)
        common = 0
        for letter, count in typed.items():
            other = letters.get(letter)
            if other:
                common += count if count < other else other
        if 2.0 * common / (len(text) + len(example)) < best_score:
            continue
        score = difflib.SequenceMatcher(None, text, example).ratio()
        if score > best_score or best is None and score >= best_score:
            best, best_score = intent, score
    return best, best_score


@lru_cache(maxsize=None)  # the intent examples only: a fixed set
def _letters(example: str) -> Counter:
    return Counter(example)


def _named_in(raw: str, message: str, terms: Mapping[str, str]) -> str | None:
    """"What does EHC stand for in EHC plan?": the one term the message names whole
    that begins with the words asked about ("I keep seeing 'EHC plan'. What's EHC?")."""
    key = name_key(raw)
    begun = {name: terms[name] for name in terms if name.startswith(key + " ")}
    named = {term for name, term in begun.items() if _says(name, name_key(message))}
    # Or the only term that begins so, when the letters asked are a word of none other:
    # "what does EHC stand for again?" in a conversation about EHC plans.
    if not named and " " not in key and len(set(begun.values())) == 1:
        named = set(begun.values())
    return named.pop() if len(named) == 1 else None


def _referred_to(raw: str, message: str, terms: Mapping[str, str], asked: str = "", before: str = "") -> str | None:
    """"I keep seeing SENCO in letters. What does it mean?": "it" is the one term the
    message names. Asked what "it" *is*, not what it means, "it" is the term only when
    named just before ("the announcement mentions an LDA - what's that?"): in "the new
    online thing on what works with SEND kids - what is it?" it is the thing."""
    if raw.strip() not in ("it", "that", "this", "that word", "this word", "that acronym", "those letters", "the letters"):
        return None
    if not _ASKS_MEANING.search(asked):
        last = f" {name_key(before)}"
        named = {term for name, term in terms.items() if len(name) > 1 and last.endswith(f" {name}")
                 and not _in_a_longer_name(last[:-len(name)])}
    else:
        named = {term for name, term in terms.items() if len(name) > 1 and _says(name, name_key(message))}
    return named.pop() if len(named) == 1 else None


def _says(name: str, message: str) -> bool:
    """Whether the message names the term, not a longer name holding it ("pre key stage"
    is no "key stage")."""
    padded = f" {message} "
    return any(not _in_a_longer_name(padded[:at]) for at in (m.start() for m in re.finditer(re.escape(f" {name} "), padded)))


def _in_a_longer_name(before: str) -> bool:
    """Whether the words before a term make it part of a longer name ("pre" key stage)."""
    return (before.split() or [""])[-1] in _NAME_PREFIXES


_NAME_PREFIXES = frozenset({"pre", "post", "non", "sub", "anti", "semi", "co", "interim", "draft", "old", "new"})


_ASKS_MEANING = re.compile(r"\b(mean|means|meaning|stand|stands|short for|acronym|abbreviation|letters)\b")


def _lookup_term(raw: str, terms: Mapping[str, str]) -> str | None:
    key = name_key(raw)
    for candidate in (key, key[:-1] if key.endswith("s") else None):
        if candidate and candidate in terms:
            return terms[candidate]
    # A typo in a word no name uses, mended: "the pre key stage standerds" (only a word
    # that is no English word may be one; "pre", a word of names, is none).
    if any(word not in english.counts() for word in key.split()):
        naming = {word for name in terms for word in name.split()}
        mended = " ".join(word if word in naming else english.mended(word) for word in key.split())
        if mended != key and mended in terms:
            return terms[mended]
    # "learning difficulty assessment (LDA)": a name followed by its own acronym.
    head, _, last = key.rpartition(" ")
    if head and terms.get(head) and terms.get(head) == terms.get(last):
        return terms[head]
    return None
