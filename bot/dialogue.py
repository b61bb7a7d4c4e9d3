"""Decide what to say: message -> intent -> retrieval -> reply.

The rules (``rules.yml``) name an action for each intent; the actions here turn an
intent, the conversation so far and a knowledge snapshot into a reply. They are plain
functions of their inputs, so the Flask webhook and the rasa-sdk actions share them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from bot import answering
from bot.answering import Choice
from bot.knowledge import Entry, Term, name_key
from bot.nlu import DATA_DIR, IntentRules, Parse, asks, normalise, without_nod
from bot.places import Places
from bot.search import Concept, Hit, Snapshot, analyse

# Follow-up intents from nlu.yml and the kind of fact each asks for.
DEFINED = "term"  # the tracker's kind after a glossary turn: "and a SENCO?" asks for another term
FOLLOW_UP_KINDS = {"ask_contact": "contact", "ask_when": "when", "ask_more": "more"}
MAX_BUTTONS = 3
SAYS_FAR_MORE = 2.0  # a close topic whose facts say this many times more of the question answers
SAYS_MOST = 0.5  # ...when they say at least this share of it
SECOND_KIN_NAMING = 0.5  # how much of a question a relative's relative must name to answer in the topic's place
SAYS_ALL = 0.99  # ...or say all of it, where the others say less than this share of that:
SAYS_ALL_OVER = 1.4  # "in the spring 2018 trialling, what do schools do?" of the standards' trialling, not the pilot's spring
NEAR_ENOUGH = 0.7  # ...even from this share of the top's search score (not close enough to ask which)
SAME_FACT = 0.45  # two leads sharing this share of all their words tell the same fact
COVERS = 0.8  # of another topic's lead that a topic's facts say, to tell it too
# Five hits within this share of the top one: the search found no topic of its own, and
# only a hit covering this share of the question answers it.
FLAT, NEARLY_ALL = 0.9, 0.9
ALONE_SCORE = 0.5  # of the least score, for the only entry found, saying nearly all of the question
SHORT_LEAD_WORDS = 15  # a first sentence this short is followed by the next in a side-by-side reply
RELATED_SHARE = 0.35  # of a follow-up's words a related entry that alone gives the kind asked must say
NAMED_COVERAGE = 0.4  # of a question that gives a name an entry says
MAX_TOPICS = 6  # topics remembered per conversation, newest first
REMARK_WORDS = 8  # a remark on the last answer, asking nothing, is at most this long
# What is being done in reply to a thing just told: "what's the govt doing about it?"
# (by those in charge, not the asker or a council: "what can I do about it", "are LAs meant to do anything about it")
_DONE_ABOUT_IT = re.compile(r"^(?!.*\b(?:i|we|la|las|councils?|schools?|local authorit\w*)\b.*\babout\b)"
                            r".*\b(?:doing|done|do|did|going to do|gonna do|planning|planned) (?:anything |something )?about (?:it|this|that|them|these|those)\b")
_RESPONSE_STEMS = frozenset(analyse("response responses"))
# ...and is no request put as a statement: "say it again pls, just the digits", "wot if u never had one"
_ASKED_OTHERWISE = re.compile(r"^\W*(?:and|but|or|so|what|wot|wat|say|tell|give|just|repeat|explain|only|show|send|list)\b"
                              r"|\b(?:please|pls|plz|if)\b")
# ...nor news of the family's own ("my sister might be interested too": taken in with thanks).
_TELLS_OF_OWN = re.compile(r"\b(?:my|our)\s+\w")


@dataclass(frozen=True)
class Thresholds:
    """Calibrated on tests/data/dev_questions.yml with ``python -m bot eval``."""
    min_confidence: float = 0.6  # below this, say "I don't know" and signpost the IASS
    matched_scale: float = 15.0  # matched word weight that counts as full confidence on its own
    min_score: float = 6.0       # BM25F score below which nothing is close enough
    ambiguity: float = 0.85      # runner-up within this share of the top score: ask which
    lead_coverage: float = 0.4   # a clear leader (lead_ratio x the runner-up's score) needs only this share
    lead_ratio: float = 1.4
    # A leader far ahead (dominant_ratio x the runner-up) needs less again: its own name
    # said, the rest of a long question is the parent's story and what they ask of it.
    dominant_coverage: float = 0.3
    dominant_ratio: float = 2.0
    # ...and one overwhelmingly ahead, less still, where a story ("my dauhgter has
    # dyscalculia and is in year 3...") comes with a short question naming it.
    overwhelming_coverage: float = 0.15
    overwhelming_ratio: float = 4.0
    # ...and matches more than one everyday word: "you're actually quite helpful" shares
    # only "help" with an entry, once "actually quite" weigh as wording (see search.py).
    lead_matched: float = 3.0
    switch_coverage: float = 0.75  # a follow-up leaves the topic only for a hit covering this share
    clarify_ratio: float = 0.95    # ask "which did you mean?" only when the runner-up is this close
    # A hit far below the best one matched incidental words ("chief executive" of the wrong
    # body): however much of the question it covers, it is not an answer.
    outlier_ratio: float = 0.3


@dataclass
class Reply:
    """What the bot says, before any channel shapes it (see ``bot/channels``)."""
    text: str
    intent: str
    confidence: float = 1.0
    citations: list[dict] = field(default_factory=list)
    buttons: list[dict] = field(default_factory=list)
    answered: bool = True
    topic_id: str | None = None
    safety: str | None = None           # "emergency" or "concern" when someone may be at risk
    safety_category: str | None = None


class Domain:
    """Responses from ``domain.yml`` and the intent -> action map from ``rules.yml``."""

    def __init__(self, slots: dict[str, str], data_dir: Path = DATA_DIR):
        domain = yaml.safe_load((data_dir / "domain.yml").read_text(encoding="utf-8"))
        rules = yaml.safe_load((data_dir / "rules.yml").read_text(encoding="utf-8"))
        self.responses: dict[str, dict] = {name: variants[0] for name, variants in domain["responses"].items()}
        self.slots = slots
        self.actions: dict[str, str] = {}
        for rule in rules["rules"]:
            steps = rule["steps"]
            intent = next(s["intent"] for s in steps if "intent" in s)
            self.actions[intent] = next(s["action"] for s in steps if "action" in s)

    def text(self, name: str, **values: str) -> str:
        return self.responses[name]["text"].format_map({**self.slots, **values})

    def reply(self, name: str, intent: str, answered: bool = True, **values: str) -> Reply:
        # Payload braces are doubled in the YAML for Rasa's templates; undouble them here.
        buttons = [{**b, "payload": b["payload"].format()} for b in self.responses[name].get("buttons", [])]
        return Reply(self.text(name, **values), intent, buttons=buttons, answered=answered)


def choose_payload(entry_id: str) -> str:
    return f'/choose_topic{{"topic_id": "{entry_id}"}}'


def _offered_first(entries: list[Entry], buttons: list[dict]) -> list[dict]:
    """Buttons for ``entries`` (the other topics found), then the reply's own, at most MAX_BUTTONS."""
    offered = [{"title": e.title, "payload": choose_payload(e.id)} for e in entries]
    return (offered + [b for b in buttons if b not in offered])[:MAX_BUTTONS]


# A message that leans on what came before: a pronoun, or a lead-in like "and ...".
_ANAPHORA = re.compile(r"\b(it|its|that|this|they|them|their|he|she|his|her|him|there|those|these|the same|one)\b")
_AS_WELL = re.compile(r"\b(?:as well|too|also|either)\W*$")
# A closing "then" leans on what was said: "ok what info do schools need to give then".
_THEN = re.compile(r"\bthen\W*$")
# "Is there any training...?" points at no place: "there" only says something exists.
_EXISTENTIAL = re.compile(r"\b(is|are|was|were|will|would|could|might|has|have) there\b|\bthere('s| is| are| was| were| will)\b")
# A case supposed of what was just said: "what if someone had a statement years ago?"
_SUPPOSING = re.compile(r"^\W*(?:(?:and|but|so|ok|okay)\W+)?(?:what if|what about if|what happens if|and if|even if|suppose|supposing)\b")
_TOLD_OF_ANOTHER = 2  # words of a statement another entry must say to be what it tells of
# "Our local council", "my local authority": whose council, not the knowledge's "local areas"
# ("did our local council commission the residential review?" is asked of the review).
_OWN_LOCAL = re.compile(r"\b(?:my|our)(?: own)? local (?=council|authority|la\b|county|borough)", re.IGNORECASE)
# Where the family lives, told before the question ("we live in kent, when does the trial
# start?"): the question is the national one; the place is no word its answer must say.
_LIVES_IN = re.compile(r"^\W*(?:(?:hi|hiya|hello|hey|ok|so)\W+)?(?:we|i)(?:'re|'m| are| am)?(?: all| both)? (?:live|living|based)"
                       r" (?:in|near|around|outside|just outside) (?:the )?[^,.;?!]{1,30}?[,.;]\s*(?=\S)", re.IGNORECASE)
# Pointing at the very thing just said: "who's speaking at that one?", "is that session free?".
_THAT_ONE = re.compile(r"\b(that|this) (one|session|webinar|event|meeting|talk|day|date|time|conference|workshop)\b|\b(at|on|in|for|from) that\W*$")
_DEFINITE = re.compile(r"\bthe ([a-z][a-z'-]+)")
# Letters that stand for a name: "STOMP", "CETR", "SENCo".
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")
_LETTERS_ASKED = re.compile(r"\b(?:acronyms?|abbreviations?|abbreviated|initials|letters)\b", re.IGNORECASE)
# A thing pointed at by name: "those monthly webinars", "that leadership board".
_POINTING = re.compile(r"\b(?:this|that|these|those) ((?:[a-z][a-z'-]+ ){0,2}[a-z][a-z'-]+)")
_HOW_TO = re.compile(r"\bhow (do|does|can|could|would|should|to)\b")
# "What sort of board did she set up?": the thing asked is a board, whatever else is said of it.
# ...and so is "what new board...?", "which group will...?": the thing before the verb
# (where no kind of fact is asked: "which year do they...?" asks a time).
_SORT_OF = re.compile(r"\b(?:sort|kind|type)s? of (?:an? |the )?([a-z]+)|\b(?:what|which) (?:new |other |national |separate |extra )?([a-z]+)"
                      r"(?= (?:is|are|was|were|will|would|did|does|do|has|have|had|the|they|it|he|she|could|should|can)\b)")
_PERSON = re.compile(r"\b(he|she|him|her|his|hers|he's|she's)\b")
_DONE_TO = re.compile(r"\bwho(?:'s| has| had| did)? (?:commissioned|commission|asked|ask|appointed|appoint|chose|choose|picked|pick"
                      r"|hired|hire|employed|employ|paid|pay|funded|fund|invited|invite|told|tell) (?:him|her)\W*$")


@dataclass(frozen=True)
class _Meant:
    """Glue a search drops that still asks something: in a question of one of ``kinds``,
    ``said`` means ``word`` ("who said so?" asks who *announced* it)."""
    kinds: tuple[str, ...]
    said: re.Pattern
    word: str


_MEANT_BY_GLUE = (_Meant(("who",), re.compile(r"\bwho (?:said|says|say|stated|claims?|claimed) (?:so|that|this|it)\b"), "announced"),
                  # "who found that?" of findings: who led the review
                  _Meant(("who",), re.compile(r"\bwho (?:found|concluded|reported|worked out) (?:that|this|it|those|these|so)\b"), "led"),
                  _Meant(("recipient",), re.compile(r"\bwho else\b"), "copied"),
                  # "the government's answer", "its full answer to the report": its response
                  _Meant(("when", "what", "about"),
                         re.compile(r"\b(?:government'?s?|govt'?s?|its|their|her|his|full|official|formal|final) answer\b"
                                    r"|\banswer(?:ed)? (?:it|the (?:review|report|consultation))\b"), "response"))


# "What was his role in the review?": something of theirs is asked about them, whatever else it says.
# (An adviser's keywords drop the "his": "chief exec" then "role in review".)
_THEIRS = re.compile(r"\b(his|her) (?:(?:actual|real|exact|full|proper|official|current|main|own) )?(role|job|part|background|organisation|organization|charity|title|position|name|work|day job|career|experience)\b"
                     r"|^\W*(role|job|title|position|background|day job) (in|on|at|for|with)\b"
                     # "what role did he have in the review?", "which part did she play?"
                     r"|\b(what|which) (role|job|part|position|title) (did|does|do|has|had|will|was|is) (he|she)\b")
# A name put in quotes ("the 'what works' thing") is a title said word for word, glue and all.
_QUOTED = re.compile(r"(?<!\w)['\"“‘]([^'\"”’]{3,80}?)['\"”’](?!\w)")

# A message that opens as a question asks its own ("what is the Rochford Review?").
_OWN_QUESTION = re.compile(r"^\W*(what|whats|what's|who|when|where|why|how|which|is|are|can|could|do|does|did|will|would|should|tell me)\b")
_CLAIM_OF_IT = re.compile(r"^(?:and |so |but |ok |okay )?(?:is|are|was|were|do|does|did|will|would|can|could|has|have|should|must)"
                          r" (?:it|they|that|this|these|those|he|she|them)\b")
_ONE = frozenset({"one"})
# How "more" is asked for ("go on", "carry on", "explain more"): no words of a fact.
_MORE_STEMS = frozenset(analyse("go on carry keep continue more else detail details explain info information tell"))
# Kinds of fact a short question asks of what was just said ("when does that kick in?").
_OF_WHAT_WAS_SAID = frozenset({"when", "how_long", "where", "how_many", "how_much"})
_ARTICLE = re.compile(r"^(a|an|the)\s+")
# Turning down the topic for another: "no, I meant the tribunal trial", "sorry I mean the KS1 one".
# (Openers come in runs: "no sorry, I meant...", "oh sorry, I meant...")
_CORRECTED = re.compile(r"^\W*(?:(?:no+|nope|nah|oh|sorry|oops|not that(?: one)?|wrong one)\W+)*i\s+(?:meant|mean|was (?:asking|talking) about)\b\W*"
                        # ...or the last topic turned down, and the next named: "no not that one, the rockford one"
                        r"|^\W*(?:(?:no+|nope|nah|oh|sorry|oops)\W+)*(?:not (?:that|this|the) (?:one|review|thing|report)|wrong one)\W+(?=\w)"
                        # ...or only the next named: "no, the rochford one"
                        r"|^\W*(?:no+|nope|nah)\W+(?=the [\w' -]{2,40} one\W*$)")
# "No, I asked WHEN not who", "that's not what I asked, I wanted the name": the last
# question again, for the kind of fact the message names.
_KIND_MEANT = re.compile(r"^.{0,40}?\b(?:i|we) (?:asked|asked you|meant|wanted|want|was asking|am asking|needed|need)"
                         r" (?:to know |for )?(?:(?P<wh>when|who|where|why|how long|how many|how much|what)"
                         r"|(?P<owner>the|a|his|her|their|its)(?: (?P<whose>[\w-]+)'s)?"
                         r" (?P<thing>name|names|date|dates|place|reason|cost|price|email|email address|deadline))\b"
                         r"(?P<rest>.*?)(?:\W+(?:not|rather than|instead of)\b.*)?\W*$")
# A kind of fact named as a thing, put as the question that asks it.
_KIND_QUESTIONS = {"name": "what is the name", "names": "what are the names", "date": "when", "dates": "when", "place": "where",
                   "reason": "why", "cost": "how much", "price": "how much", "email": "what is the email address",
                   "email address": "what is the email address", "deadline": "what is the deadline"}
_ASKS_ITS_OWN = re.compile(r"\b(what|whats|what's|who|when|where|why|how|which)\b")
# "Say that shorter", "tl;dr", "just the number please": the last answer again, only its
# lead, or the first fact it gave of the kind named.
_BRIEF_THINGS = {"number": ("contact", "how_many"), "phone number": ("contact",), "phone": ("contact",),
                 "telephone number": ("contact",), "date": ("when",), "dates": ("when",), "day": ("when",),
                 "year": ("when",), "month": ("when",), "name": ("who",), "names": ("who",), "surname": ("who",),
                 "full name": ("who",), "email": ("address",), "email address": ("address",), "place": ("where",),
                 "venue": ("where",), "location": ("where",), "cost": ("how_much",), "price": ("how_much",),
                 "amount": ("how_much",), "deadline": ("deadline",)}
_BRIEFLY = re.compile(
    r"^\W*(?:(?:ok|okay|sorry|right|and|so|hmm|um)\W+)*(?:(?:can|could|would) (?:you|u) )?(?:(?:please|pls|plz) )?(?:"
    r"(?:say|put|explain|give|tell|write|make|repeat) (?:me )?(?:that|it|this)(?: again)?(?: to me)?"
    r" (?:shorter|in short|in brief|briefly|more briefly|short|in (?:one|a) (?:sentence|line)|in fewer words)"
    r"|(?:shorter|briefly|in short|tl\W?dr|too long|(?:the )?short version|(?:the )?short answer|in a nutshell"
    r"|sum (?:that|it) up|summari[sz]e (?:that|it))"
    r"|(?:just|only) (?:give me |tell me |need )?(?:the |his |her |their |its )?"
    rf"(?P<thing>{'|'.join(sorted(_BRIEF_THINGS, key=len, reverse=True))}|answer|gist|main point|key point|headline|bottom line)"
    r")(?:\W+(?:please|pls|plz|thanks|ta|then|mate|x+))*\W*$")
# The question that asks for a kind of fact, where the last answer gave none of it.
_KIND_ASKED = {"contact": "what is the phone number", "how_many": "how many", "when": "when", "who": "who",
               "address": "what is the email address", "where": "where", "how_much": "how much",
               "deadline": "what is the deadline"}
# Where the last answer came from, asked of it: "which announcement says that? need to cite
# it", "source + date pls", "where's that from?", "what's the reference?". (Not "the source
# of the funding": a source asked of something else is a question about it.)
# A request to send something on ("can you email it to me?", "could u text me the link",
# "pls forward that to my husband"): the bot sends nothing by itself.
_SEND_TO_ME = re.compile(r"\b(?:can|could|would|will) (?:you|u) (?:please |pls |plz |just |also )?"
                         r"(?:e-?mail|send|text|forward|post|whatsapp|message|print out|print)\b(?! (?:me )?(?:a |an |the )?(?:answer|reply)\b)"
                         r"(?: (?:it|this|that|them|those|these|me|us|over|the \w+|(?:a copy|copies|a link|the link) (?:of|to|for) (?:it|this|that|the \w+(?: \w+)?)|a copy|a link|the details|a pdf))*"
                         r"(?: (?:to|over to|through to) (?:me|us|my \w+|our \w+|him|her))?\W*$"
                         r"|^\W*(?:please |pls |plz )?(?:e-?mail|send|text|forward) (?:it|this|that|them|me)\b(?: (?:to|over to) (?:me|us|my \w+))?\W*$"
                         # "can I get a copy of that letter from you?"
                         r"|\bcan (?:i|we) (?:get|have) (?:a copy|copies|a link|the link)\b.{0,40} from (?:you|u)\W*$")
_HELP_ASKED = re.compile(r"\b(?:help|explain everything|tell me (?:everything|all)|where (?:do|should) i (?:start|begin)|confused|lost)\b")
_WHAT_YOU_MEANT = re.compile(r"^\W*(?:(?:and|so|sorry|but|ok|okay|hang on|wait)\W+)*what (?:do|did) (?:you|u) mean(?: by)?\b\W*")
_SOURCE_ASKED = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|right|thanks|thank you|cheers|great|perfect|lovely|brilliant|sorry)\W+)*(?:"
    r"(?:what'?s|what is|whats|what was|where'?s|where is|can i (?:have|get)|could i (?:have|get)|can you give me|could you give me|give me|pls|please)?\s*"
    r"(?:the |your |a )?(?:exact |full |original |proper |official )?(?:source|sources|reference|ref|citation|full citation)(?:\s*(?:\+|and|&)\s*(?:the )?(?:date|link|url))?"
    r"(?: (?:for|of) (?:that|this|it|the)(?: (?:answer|announcement|notice|letter|update|newsletter|one))?)?"
    r"|where (?:is|was|did|does) (?:that|this|it) (?:from|come from|say that|say so|published)(?: originally| first)?"
    r"|where (?:did|do) (?:you|u) (?:get|find) (?:that|this|it)(?: from)?"
    r"|where(?:'?s| is| was) (?:that|this|it)(?: (?:info|information|answer))? (?:from|come from)"
    r"|(?:which|what) (?:announcement|document|notice|update|page|newsletter|source|publication|bulletin) (?:says|said|is|was|did) (?:that|this|it)(?: (?:from|in|say))?"
    r"|how (?:do|should|can|would) i (?:cite|reference|quote) (?:that|this|it)"
    # "can you give me something citable", "...where that's from"
    r"|(?:can you |could you )?(?:give me|tell me|send me) (?:something|anything) (?:citable|quotable|i can (?:cite|quote|reference))"
    r"|(?:can you |could you )?(?:give me|tell me) where (?:that|this|it)(?:'?s| is| was) from"
    # ...and what it is for: "so I can email it to her", "for my file note", "to put in my email to counsel"
    # (or which one, asked again: "where's that from? which update?")
    r")(?:\W+(?:which|what) (?:announcement|document|notice|update|page|newsletter|source|publication|bulletin|one)\b)?(?:\W+(?:please|pls|plz|thanks|ta|x+))?(?:\W*(?:(?:i )?need (?:it |to cite it|to reference it|it for|for)|for (?:my|an|the|a) "
    r"|so (?:that )?(?:i|we) can |to (?:put|paste|quote|cite|use|include|add|send|forward) ).{0,60})?\W*$")
# ...of a thing it names: "where is the info about the single route of redress from?",
# "where did you get the £190 a day figure from?"
_SOURCE_OF_NAMED = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|right|sorry)\W+)*(?:where (?:is|was|does|did) (?:the |your |that |this )?(?:info|information|stuff|news|details?|bit|figure|number|date)"
    r" (?:about|on|of|for) (?P<a>[^?!.]+?) (?:from|come from)|where (?:did|do) (?:you|u) (?:get|find) (?P<b>[^?!.]+?)"
    r"(?: (?:figure|number|amount|date|fact|info|information|stat|statistic|detail))? from)\b")
_ANY_ASKED = re.compile(r"^\W*(?:(?:and|also|plus|so|ok|okay)\W+)+(?:are there |is there |got |have you got )?any(?:thing)?\b")
_ELLIPSIS = re.compile(r"^(and|but|also|so|what about|how about|plus|or|then|ok and|okay and|and what about)\b")
_MONTH_ONE = re.compile(rf"\b(?:the )?(?:(?P<on_day>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?)?(?P<month>{answering.MONTH_NAMES}) (?:one|webinar|session|event|meeting|edition|newsletter|talk)\b"
                        rf"|\bthe one in (?P<month_in>{answering.MONTH_NAMES})\b"
                        # a day with no month, of dates just told: "which was published on the 13th?"
                        rf"|\bon the (?P<day>\d{{1,2}})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:{answering.MONTH_NAMES})\b)")
_LIST_PART_STEMS = frozenset(analyse("bit part"))
_NAMED_ONE = re.compile(r"\bthe (?!same|other|first|second|third|last|next|previous|earlier|latest|new)[a-z'-]+(?: [a-z'-]+)? (?:one|bit|part)\b"
                        r"|\b(?:the|that) one (?:on|about|for|with|from|regarding|re)\b"
                        # "the Secretary of State's one", "the one replying to the review"
                        r"|\b[a-z-]+'s one\b|\bone (?:replying|responding|answering|covering|describing|explaining|announcing"
                        r"|published|sent|written|given|run|led)\b")
# "And the one after that?", "the next one?", "and the one before?": a sequence in time.
_SEQUENCED = r"(?:one|webinar|session|event|meeting|date|talk|workshop|panel|conference)"
_NEXT = re.compile(rf"\b(?:the )?(?:next|following) {_SEQUENCED}\b|\bone after(?: (?:that|this|it))?\b"
                   rf"|\b{_SEQUENCED} (?:after|following) (?:that|this|it)\b"
                   r"|^(?:and |what about |when'?s |when is )?the next\b")
# The step after the one just told: "then what?", "and after that?", "what happens next?"
_STEP_ON = re.compile(r"^\W*(?:(?:and|ok|okay|so|right),? )?(?:then what|what then|and then|then|after that|what(?:'s| is| comes| happens)? (?:next|after that)"
                   r"|what(?:'s| is)? the next (?:step|stage|bit|part))\W*$")
# "Which one was first?", "which came first?": of the things just talked about, the earliest.
_FIRST_IN_TIME = re.compile(r"^\W*(?:(?:and|ok|okay|so|but)\W+)?(?:which|what)(?: one| of them| of the two)?(?:'s|s| was| is| came| happened| started| comes)"
                            r" (?:first|earliest|the earliest|earlier|sooner)\W*$")
_BEFORE = re.compile(rf"\b{_SEQUENCED} before (?:that|this|it)\b|\b(?:the )?(?:previous|earlier) {_SEQUENCED}\b")
# "What's happening in March 2018?", "anything on 22 February?": a date, and nothing else asked of it.
# ...or else that month ("anything else sent that month?", "what else starts march 2018").
_LAST_SENTENCE = re.compile(r"(?<=[.!:;])\s+")
_WHATS_ON = re.compile(r"^\W*(?:(?:so|and|ok|okay|hi),? )?(?:what'?s|what is|what was|what were|what|is there anything|was there anything"
                       r"|anything)\s+(?P<other>else\s+)?(?:was\s+|is\s+)?(?:happening|happened|going on|on|planned|coming up|due|scheduled"
                       r"|taking place|starting|started|starts|beginning|began|launching|launched|sent|sent out|published|announced"
                       r"|released|coming out|came out|went out|out)\s+(?:(?:(?:in|on|during|for|from)\s+)?"
                       rf"(?:(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)? )?(?P<month>{answering.MONTH_NAMES})(?:,? (?P<year>20\d\d))?"
                       r"|(?P<same>(?:in |during )?(?:that|the same) month|(?:on )?(?:the|that) same (?P<unit>day)|then|around then|at the same time))\W*$")
# "Going back to the first thing you said": a return to an earlier topic.
_RETURN = re.compile(r"\b(go(ing)? back|back to|earlier|before that|the first (thing|one|topic)|you (said|mentioned|told me) (first|earlier|before)|previous)\b")
# Where a clause ends: "going back to the guides, are they binding?" asks its last one.
_CLAUSE = re.compile(r"\s*[,:;]\s*|\s+[-–]\s+")
# (how the conversation itself is told: "the first thing *we discussed*" names no discussion group)
_RETURN_WORDS = re.compile(r"\b(go(ing)?|back|to|earlier|before|first|thing|things|one|topic|you|said|mentioned|told|me|previous|what|the|about"
                           r"|we|discussed|discussing|discuss|talked|talking|chatted|covered)\b")
_FIRST = re.compile(r"\b(first|earlier|start|beginning)\b")
# The words after "back to" up to the clause's end name the topic returned to: "back to
# redress, when are the induction events" returns to redress, whatever "events" names.
_BACK_TO = re.compile(r"\b(?:go(?:ing)? back|back|return(?:ing)?) to\b", re.IGNORECASE)
_RETURNED_TO = re.compile(_BACK_TO.pattern + r"(.*)")
# A choice offered between two names: "Rochford or Lenehan?" (see ``Actions.either``).
_OR = re.compile(r"\bor\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]+")
ALTERNATIVE_WORDS = 5  # a choice's second name comes this soon after its "or": "or was it Justine Greening"


def _a_name(word: str, names: frozenset[str]) -> bool:
    """Whether a word of the message is a word of one of these names (no number is)."""
    stems = analyse(word)
    return bool(stems) and word[:1].isalpha() and set(stems) <= names


def _run(spans: list[tuple[int, int]], at: int) -> tuple[int, int]:
    """The span of the name holding word ``at``: its words next to each other."""
    first = last = at
    while first > 0 and spans[first - 1][1] + 1 >= spans[first][0]:
        first -= 1
    while last + 1 < len(spans) and spans[last][1] + 1 >= spans[last + 1][0]:
        last += 1
    return spans[first][0], spans[last][1]


# "Separate thing, is there a conference...?": the question leaves the topic under way.
# Two things set side by side: "what's the difference between the Rochford Review and
# the Lenehan review?", "pre-key stage standards vs the engagement model".
# So are two asked to be the same or told apart: "is the Rochford Review the same thing as
# the review of residential special schools?", "how does X differ from Y?", "X compared with Y".
_COMPARED = re.compile(r"\b(?:differences?|diff) (?:between|of) (?P<a>.+?) (?:and|&|vs\.?|versus) (?P<b>[^?!.]+)"
                       r"|^(?P<c>[^?!.]+?) (?:vs\.?|versus) (?P<d>[^?!.,-]+)"
                       r"|\b(?:is|are|was|were|isn't|aren't) (?P<e>[^?!.,]+?) (?:just |really |actually )?(?:the same(?: thing)? as"
                       r"|(?:any )?different (?:from|to)) (?P<f>[^?!.]+)"
                       r"|\bhow (?:is|are|does|do|did) (?P<g>[^?!.,]+?) (?:differ|different|compare) (?:from|to|with) (?P<h>[^?!.]+)"
                       r"|^(?P<i>[^?!.,]+?) compared (?:to|with) (?P<j>[^?!.]+)"
                       # ...or named first and then asked of: "the lenehan review and the rochford review,
                       # same thing?", "are the engagement model and the 7 areas related?"
                       r"|(?:^|[:–-]\s+)(?:(?:are|were|is) )?(?P<k>[^?!.,:–-]+?) (?:and|&) (?P<l>[^?!.,:–-]+?)\s*[,:–-]?\s+(?:(?:are|is|were) (?:they|it|those|these) )?"
                       r"(?:just |really |actually )?(?:the )?(?:same|different|related|linked|connected)(?: things?)?\W*$", re.IGNORECASE)
_COMPARED_PAIRS = (("a", "b"), ("c", "d"), ("e", "f"), ("g", "h"), ("i", "j"), ("k", "l"))
# How rare (idf) a word of another topic's title must be to name it in a follow-up that
# points back ("what board did the government promise after it?": "board" is 2.9; "work"
# 1.6, "first" 2.1, "council" 1.5 name nothing by themselves).
RARE_NAMING_WEIGHT = 2.5
_NEW_TOPIC = re.compile(r"\b(separate|different|unrelated|new|another|other) (thing|question|topic|subject|matter|issue|query)\b"
                        r"|\b(change|changing) (the )?(subject|topic)\b|\bon (a|another) (different |separate )?(note|subject|topic)\b"
                        r"|\bnothing to do with (that|this|the last)\b|^\W*(separately|unrelated|unrelatedly|also unrelated|on another note)\b")
_ORDINALS = {"first": 0, "1st": 0, "1": 0, "one": 0, "top": 0, "second": 1, "2nd": 1, "2": 1, "two": 1,
             "third": 2, "3rd": 2, "3": 2, "three": 2, "other": 1, "last": -1, "bottom": -1, "final": -1}
# A pointer at an item of a list just told, and nothing else: "tell me more about the
# first one", "the second recommendation?", "and the last one you said".
_ITEM_POINTER = re.compile(r"^(?:and |so |ok |okay |please |(?:can|could) (?:you|u) |what about |how about |tell me (?:more )?about |more (?:on|about) "
                           r"|what(?:'s| is| was) |whats )*(?:the |that |your )?(first|second|third|fourth|fifth|sixth|1st|2nd|3rd|last|final)"
                           r"(?: (?:one|thing|item|point|finding|recommendation|theme|change|plan|bit|project|area|step|announcement|proposal))?"
                           r"(?: (?:you|u) (?:said|mentioned|listed|gave|told me|just said))?\W*$")
_ORDINAL_NAMES = {"1st": "first", "2nd": "second", "3rd": "third"}
_OTHER_ITEM = re.compile(r"^(?:and |so |ok |okay |what about |how about |tell me (?:more )?about |what(?:'s| is| was) |whats )*"
                         r"the other (?:one|thing|item|point|change|bit)\W*$")  # ("the other project?" may be another topic's)
# How a reply in words to a choice starts: "the second one", "no, the one about colleges".
# A question word after a pause or an "and" asks a question of its own ("the first one -
# when is it?"); "the one about children who can't sit the SATs" only names an option.
_PICK_CUE = re.compile(r"^(no,? |nah,? |not that,? )?(tell me (more )?about |more (on|about) |go with )?"
                       # (or asked of the two set side by side: "which one's about tests?")
                       r"(the|that|this|i mean|i meant|option|number|first|second|third|last|other|one|which (one|of (them|those|the two)))\b"
                       r"(?!.*(?:[,;:.?!-]\s*|\b(?:and|but|so)\s+)(who|when|where|why|how)\b)")
_PICK_WORDS = frozenset("the one about on for that this option please i mean meant want wanted about tell me more go with which of them those two".split())


def _items(value) -> list:
    return value if isinstance(value, list) else []


def _strings(value) -> list[str]:
    return [v for v in _items(value) if isinstance(v, str)]


class Tracker:
    """The conversation so far, as plain JSON for any state store or a Rasa slot:
    topics (newest first), the facts already given from the newest, and any pending
    "which did you mean?" with the question that raised it."""

    def __init__(self, data: dict | None = None):
        # The context may come from a Rasa slot, so any JSON at all: keep what fits.
        data = data if isinstance(data, dict) else {}
        last = data.get("last_topic")
        self.topics: list[str] = _strings(data.get("topics")) or ([last] if isinstance(last, str) and last else [])
        self.topics = self.topics[:MAX_TOPICS]
        self.given: list[int] = [g for g in _items(data.get("given")) if isinstance(g, int) and not isinstance(g, bool)]
        self.pending: list[str] = _strings(data.get("pending"))
        self.asked: str = data["asked"] if isinstance(data.get("asked"), str) else ""
        self.offered: list[str] = _strings(data.get("offered"))
        # The entries a glossary turn's term points to: "what are pre-key stage standards?"
        # then "how are they being reviewed?" may be about them, not the older topic.
        self.aside: list[str] = _strings(data.get("aside"))
        # Whether this turn says it leaves the topic under way (never kept: one turn's).
        self.leaving = False
        # The facts of the last reply (positions in the newest topic): what "where?" asks about.
        self.said: list[int] = [g for g in _items(data.get("said")) if isinstance(g, int) and not isinstance(g, bool)]
        # The kind of fact the last answer gave ("contact"): "and if I'm a parent?" asks it again.
        self.kind: str = data["kind"] if isinstance(data.get("kind"), str) else ""
        # A question asked before any topic ("what's the phone number?"), which the next
        # message may give one for ("the one for apprenticeships").
        self.awaiting: str = data["awaiting"] if isinstance(data.get("awaiting"), str) else ""
        # What the last answered question asked of its topic besides its kind ("chairs" of
        # "who chairs the forum's group?"): "and the residential review?" asks it again.
        self.asking: list[str] = _strings(data.get("asking"))[:answering.MAX_ASKING_WORDS]

    def to_dict(self) -> dict:
        data: dict[str, Any] = {}
        if self.topics:
            data.update(topics=self.topics, last_topic=self.topics[0])
        if self.given:
            data["given"] = self.given
        if self.pending:
            data.update(pending=self.pending, asked=self.asked)
        if self.offered:
            data.update(offered=self.offered, asked=self.asked)
        if self.aside:
            data["aside"] = self.aside
        if self.said:
            data["said"] = self.said
        if self.kind:
            data["kind"] = self.kind
        if self.awaiting:
            data["awaiting"] = self.awaiting
        if self.asking:
            data["asking"] = self.asking
        return data

    def answered(self, choice: Choice) -> dict:
        """The tracker after answering from ``choice``: its entry becomes the topic."""
        entry_id = choice.entry.id
        given = answering.shown(choice) + (self.given if self.topics[:1] == [entry_id] else [])
        topics = [entry_id, *[t for t in self.topics if t != entry_id]][:MAX_TOPICS]
        return Tracker({"topics": topics, "given": sorted(set(given)), "said": list(choice.positions),
                        "kind": choice.kind}).to_dict()

    def discussed(self, entry_id: str) -> dict:
        """The tracker after saying the entry does not tell what was asked: in a new
        conversation it is the topic ("Institute of Teaching launch?" - "doesn't say
        when" - "who do I contact about that?"); a topic under way stays (the entry may
        be a neighbour the question strayed to)."""
        if self.topics and not self.leaving:
            return self.to_dict()
        # (A message that says it leaves the topic, "separately, is the forum still running?",
        # names the new one: it leads, the old one is remembered behind it.)
        return Tracker({"topics": [entry_id, *(t for t in self.topics if t != entry_id)]}).to_dict()


class Actions:
    """The bot's actions. Each returns the reply and the conversation context to keep."""

    def __init__(self, domain: Domain, thresholds: Thresholds = Thresholds(), places: Places | None = None):
        self.domain = domain
        self.thresholds = thresholds
        self.places = places or Places()

    # -- shared pieces -------------------------------------------------------------
    def source_line(self, item: Entry | Term, since_told: bool = True) -> str:
        """``since_told``: the reply tells what changed since, if anything did."""
        if isinstance(item, Term):
            return self.domain.text("utter_glossary_source")
        source = item.source
        if item.since and since_told:
            # The answer says what changed since: no general warning that things may have.
            return self.domain.text("utter_source_updated", publisher=source.credit(), date=source.published_words())
        return self.domain.text("utter_source", publisher=source.credit(), date=source.published_words())

    def related_buttons(self, entry: Entry, snapshot: Snapshot) -> list[dict]:
        related = [snapshot.knowledge.entries[r] for r in entry.related if r in snapshot.knowledge.entries]
        return [{"title": r.title, "payload": choose_payload(r.id)} for r in related[:MAX_BUTTONS]]

    def confidence(self, hit: Hit) -> float:
        return hit.confidence(self.thresholds.matched_scale)

    @staticmethod
    def kin(hits: list[Hit], snapshot: Snapshot) -> frozenset[str]:
        """The top hit's relatives among the hits: those it names as related, or that name it."""
        if not hits:
            return frozenset()
        entries = snapshot.knowledge.entries
        lead = entries[hits[0].id]
        return frozenset(h.id for h in hits[1:] if h.id in lead.related or lead.id in entries[h.id].related)

    def confident(self, hit: Hit) -> bool:
        return self.confidence(hit) >= self.thresholds.min_confidence and hit.score >= self.thresholds.min_score

    def clear_leader(self, hits: list[Hit], kin: frozenset[str] = frozenset(), titled: bool = False,
                     story: bool = False, fresh: bool = False) -> list[Hit]:
        """A top hit far ahead of the rest is the topic, even when the message has many
        words of its own ("how often...", "sign up 4...") that no entry holds. ``kin``: its
        relatives, which share its words and are no rivals ("can my son do an
        apprenticeship if he can't pass English and maths?": the changes, then their contacts).
        ``titled``: the message says a word of its title, so a dominant lead needs less of
        the rest ("do I need a mediation certificate before I appeal?" names no title: its
        "appeal" leads the redress trial by far, and the trial does not answer it). ``story``:
        the question comes with sentences of a story, whose words thin any topic's share.
        ``fresh``: no topic is under way, which a follow-up's one word might leave."""
        t = self.thresholds
        lead = hits[0] if hits else None
        rivals = [h for h in hits[1:] if h.id not in kin]
        bars = [(t.lead_coverage, t.lead_ratio)]
        if titled:
            bars.append((t.dominant_coverage, t.dominant_ratio))
        if titled and story and rivals:
            # (Ahead of others found, not merely alone: "what's the minimum wage for
            # apprentices?" finds only the apprenticeship changes, which never say.)
            bars.append((t.overwhelming_coverage, t.overwhelming_ratio))
        # Alone, and saying all of a short question ("how many hubs?"), a rare word's
        # low score is still the one place the knowledge says it.
        floor = t.min_score * ALONE_SCORE if fresh and len(hits) == 1 and hits[0].coverage >= NEARLY_ALL else t.min_score
        if lead and lead.score >= floor and lead.matched >= t.lead_matched and any(
                lead.coverage >= coverage and (not rivals or lead.score >= ratio * rivals[0].score) for coverage, ratio in bars):
            return [lead]
        return []

    def cite(self, item: Entry | Term, snapshot: Snapshot, body: str, intent: str, confidence: float) -> Reply:
        citations = item.citations()
        buttons: list[dict] = []
        if isinstance(item, Term):
            seen = [snapshot.knowledge.entries[s] for s in item.see if s in snapshot.knowledge.entries]
            if seen:
                body += "\n\n" + self.domain.text("utter_see_also", titles="; ".join(
                    f"{e.title} ({e.source.published_words()})" for e in seen[:MAX_BUTTONS]))
                citations += [c for e in seen for c in e.citations()[:1]]
                buttons = [{"title": e.title, "payload": choose_payload(e.id)} for e in seen[:MAX_BUTTONS]]
                # A term defined from 2017 news ("STOMP") says what became of it, as its entry would.
                changed = next((e for e in seen if e.since), None)
                if changed:
                    body += "\n\n" + answering.since_line(changed)
                    citations.append(changed.since.citation(changed.id, changed.title))
        else:
            buttons = self.related_buttons(item, snapshot)
        return Reply(f"{body}\n\n{self.source_line(item)}", intent, confidence, citations, buttons, True, item.id)

    def define(self, term: Term, snapshot: Snapshot, intent: str, confidence: float) -> Reply:
        # The term's full name first: "EHCP" asked, "EHC plan (education, health and care plan)" told.
        spelled = term.spelled_out()
        name = f"{term.term} ({spelled})" if spelled else term.term
        return self.cite(term, snapshot, f"{name}: {term.meaning}", intent, confidence)

    def answer(self, choice: Choice, snapshot: Snapshot, intent: str, confidence: float,
               tracker: Tracker) -> tuple[Reply, dict]:
        """Lead with the asked fact; or, when the entry holds no fact of that kind or is
        another year's than the one asked, say the announcement does not say, and offer
        the entry itself."""
        entry = choice.entry
        if choice.other_year:
            return self.not_answered(entry, "utter_other_year", intent, confidence, title=entry.title,
                                     year=choice.other_year), tracker.discussed(entry.id)
        if choice.has_kind and choice.silent:
            # The knowledge itself says the source is silent on this: say so, uncited.
            silent = next(f for f in choice.facts if answering.ABSENT.search(f.text))
            silence = answering.read_with_its_lead_in(entry, silent)
            return self.not_answered(entry, "utter_not_known", intent, confidence, fact=silence), tracker.discussed(entry.id)
        if not choice.has_kind and choice.kind == "recipient":
            # "To whom is it addressed?" of a briefing or recommendations that went to no
            # one by name: whom it is meant for answers, where the entry says.
            meant_for = answering.choose(entry, [], "audience")
            choice = meant_for if _leads_with_kind(meant_for) else choice
        if not choice.has_kind:
            return self.not_answered(entry, "utter_not_said", intent, confidence, title=entry.title,
                                     what=answering.asked_words(choice)), tracker.discussed(entry.id)
        reply = self.cite(entry, snapshot, answering.compose(choice), intent, confidence)
        return reply, tracker.answered(choice)

    def source_of(self, entry: Entry, intent: str, snapshot: Snapshot) -> Reply:
        """The announcement the topic under way comes from, and its official page today."""
        source, official = entry.source, entry.official
        also = self.domain.text("utter_source_official", title=official.title, publisher=official.credit(),
                                url=official.url) if official and official.url else ""
        text = self.domain.text("utter_source_of", topic=entry.title, title=source.title, publisher=source.credit(),
                                date=source.published_words(), url=source.url or "", official=also)
        return Reply(text, intent, 1.0, entry.citations(), self.related_buttons(entry, snapshot), True, entry.id)

    def cannot_send(self, topic: Entry | None, intent: str) -> Reply:
        """No email, text or file is sent; the page the topic under way comes from, as a
        link to copy, uncited (it answers no question about SEND)."""
        if topic is None or not topic.source.url:
            return self.domain.reply("utter_cannot_send", intent)
        source = topic.source
        return self.domain.reply("utter_cannot_send_topic", intent, title=source.title, publisher=source.credit(),
                                 date=source.published_words(), url=source.url)

    def not_answered(self, entry: Entry, response: str, intent: str, confidence: float, **values: str) -> Reply:
        """An honest "the announcement doesn't say", uncited, offering the entry itself."""
        reply = self.domain.reply(response, intent, answered=False, **values)
        reply.confidence = confidence
        reply.buttons = [{"title": entry.title, "payload": choose_payload(entry.id)}]
        return reply

    def fallback(self, intent: str, context: dict, confidence: float = 0.0) -> tuple[Reply, dict]:
        """Nothing found. The topic stays: the next question may still be about it."""
        reply = self.domain.reply("utter_fallback", intent, answered=False)
        reply.confidence = confidence
        tracker = Tracker(context)
        tracker.pending = []
        return reply, tracker.to_dict()

    # -- actions named in rules.yml -----------------------------------------------
    def action_answer_from_knowledge(self, parse: Parse, context: dict, snapshot: Snapshot) -> tuple[Reply, dict]:
        intent = parse.intent
        tracker = Tracker(context)
        if intent == "choose_topic":
            return self.picked(parse.entities.get("topic_id", ""), parse, tracker, snapshot)
        if intent == "inform":
            if not (tracker.topics or tracker.pending or tracker.offered):
                return self.taken_in(parse.text, intent, tracker, snapshot)
            # Once a topic is under way, what is told is about it: "he isn't doing subject
            # learning yet" asks for what fits him. When the knowledge has nothing for it
            # ("my son's school might be interested"), nothing was asked: thanks, not
            # "sorry, I don't have an answer to that".
            reply, kept = self.action_answer_from_knowledge(replace(parse, intent="ask_question"), context, snapshot)
            if reply.text == self.domain.text("utter_fallback"):
                return self.domain.reply("utter_inform", intent), kept
            other = snapshot.knowledge.entries.get(reply.topic_id or "")
            if other and reply.topic_id not in tracker.topics and _TOLD_OF_ANOTHER > sum(
                    c.said_in(answering.fact_stems(other)) for c in answering.content_of(snapshot.concepts(parse.text))):
                # Another entry is what is told of when it says what is told ("he isn't doing
                # subject learning yet"), not one word of it ("sorry, I get so worked up about
                # all this" is nothing about the "what works" resource).
                return self.domain.reply("utter_inform", intent), context
            return reply, kept
        if intent == "affirm" and tracker.pending:
            return self.picked(tracker.pending[0], parse, tracker, snapshot)
        if intent == "deny" and tracker.pending:
            return self.domain.reply("utter_deny", intent, answered=False), Tracker({"topics": tracker.topics}).to_dict()
        if intent in ("affirm", "deny"):
            return self.domain.reply("utter_anything_else", intent), context
        options = tracker.pending or tracker.offered
        cue = _PICK_CUE.match(parse.text.lower().strip())
        if options and (tracker.pending or cue):
            picked = self.pick_in_words(parse.text, options, snapshot)
            if picked:
                return self.picked(picked, parse, tracker, snapshot)
            if cue and tracker.asked and not (tracker.topics and _CORRECTED.match(parse.text.lower())):
                # "The one on the Rochford consultation", naming none of the options: the
                # question that raised the choice, about what the reply names.
                # (One question, read whole: not a question with a story after it.)
                asked, tracker.pending, tracker.asked = tracker.asked, [], ""
                return self.retrieve(f"{asked.rstrip(' ?')} {parse.text}", intent, answering.question_kind(asked), tracker,
                                     snapshot)
        # "Right, and how long...?", "fair enough. why...?": the nod to the last reply is
        # no part of the question, and "right" is no word to look for.
        text = without_nod(parse.text)
        topic = snapshot.knowledge.entries.get(tracker.topics[0]) if tracker.topics else None
        if topic and _SOURCE_ASKED.match(text.lower()):
            return self.source_of(topic, intent, snapshot), context
        named = _SOURCE_OF_NAMED.match(text.lower())
        source = self.plainly_named(named["a"] or named["b"], snapshot) if named else None
        if source:
            return self.source_of(source, intent, snapshot), Tracker(context).discussed(source.id)
        if not tracker.topics and _HELP_ASKED.search(text.lower()) and all(
                (c.typed or c.stems) <= answering.DOMAIN_STEMS for c in answering.content_of(snapshot.concepts(text))):
            # "hi, i need help with send stuff", "tell me everything about SEND": no topic
            # yet, and nothing named but SEND itself: what the bot can help with.
            return self.domain.reply("utter_help", "help"), context
        if _SEND_TO_ME.search(text.lower()):
            # "Can you email it to me?": the bot sends nothing, but says where the page is.
            # (A question about what the bot can do, as "are you a bot?" is.)
            return self.cannot_send(topic, "bot_challenge"), context
        brief = _BRIEFLY.match(text.lower()) if topic and tracker.said else None
        if brief:
            said = answering.said_facts(topic, tracker.said)
            named = _BRIEF_THINGS.get(brief["thing"] or "", ())
            # (unnamed, the kind the last question asked: a reason follows its claim)
            kinds = named or ((tracker.kind,) if tracker.kind in answering.FEATURES else ())
            lead = next((f for f in said if any(answering.FEATURES[k].search(f.text) for k in kinds)), None) \
                or (None if named else next(iter(said), None))
            if lead:
                body = answering.read_with_its_lead_in(topic, lead)
                return self.cite(topic, snapshot, body, intent, parse.confidence), {**context, "said": [lead.position]}
            if named:
                text = f"{_KIND_ASKED[named[0]]}?"
        # "What do you mean wellbeing over education?": what the topic says of the words after it.
        unclear = _WHAT_YOU_MEANT.match(text.lower()) if tracker.topics else None
        if unclear and text[unclear.end():].strip(" ?.!"):
            text = f"what does it say about {text[unclear.end():]}"
        meant = _KIND_MEANT.match(text.lower()) if tracker.topics else None
        if meant:
            text = f"{_kind_question(meant)}{meant['rest']}?"
        # "No, I meant the tribunal trial": the last question again, of what the message
        # names ("no, I meant the letter - what's in it?" asks its own question of it).
        corrected = _CORRECTED.match(text.lower()) if tracker.topics else None
        if corrected and text[corrected.end():].strip(" ,.?!"):
            text = text[corrected.end():]
        else:
            corrected = None
        awaiting, tracker.awaiting = tracker.awaiting, ""
        if awaiting and not tracker.topics and answering.question_kind(text) == "what" and len(text.split()) <= 8 \
                and not _OWN_QUESTION.match(text.lower()):
            # "What's the phone number?" with no topic, then "the one for apprenticeships":
            # the question asked, of what the message names.
            return self.retrieve(f"{awaiting} {text}", intent, answering.question_kind(awaiting), tracker, snapshot)
        # The question's own words say more than its intent: "their email address?" is an ask_contact
        # that only an address answers.
        asked = answering.question_kind(text)
        kind = asked if asked in ("address", "deadline", "day", "clock", "opening", "advice", "how_long") else FOLLOW_UP_KINDS.get(intent) or asked
        if asked == "definition" and tracker.said and topic and _LETTERS_ASKED.search(text) and all(
                (c.typed or c.stems) <= answering.DEFINING_STEMS for c in answering.content_of(snapshot.concepts(text))):
            # "What does the acronym mean?" after "...part of the STOMP programme": the
            # letters the last answer said, where the glossary explains them.
            term = next((t for fact in answering.said_facts(topic, tracker.said) for t in _ACRONYM.findall(fact.text)
                         if name_key(t) in snapshot.term_names), None)
            if term:
                return self.action_define_term(Parse("glossary", parse.confidence, text, {"term": term}), context, snapshot)
        if tracker.kind == DEFINED and _ELLIPSIS.match(text.lower()):
            # "What's SEND short for?" then "and a SENCO?": the same question, of the term named.
            term = snapshot.term_names.get(name_key(_ARTICLE.sub("", _ELLIPSIS.sub("", text.lower()).strip(" ?!."))))
            if term:
                return self.action_define_term(Parse("glossary", parse.confidence, text, {"term": term}), context, snapshot)
        # ("Also any workshops on the go?" asks whether there are such things, not who runs them.)
        again = kind == "what" and tracker.kind not in ("", DEFINED) and not _ANY_ASKED.match(text.lower()) and bool(
            corrected and not _ASKS_ITS_OWN.search(text.lower()) or _ELLIPSIS.match(text.lower()) or _NAMED_ONE.match(text.lower()))
        if again:
            # "And if I'm a parent?", "what about the Rochford Review?", "the one on
            # residential schools" (no choice was offered): the last question again, of
            # what the message names ("what number?" again is whom to contact), with
            # what it asked besides its kind ("who chairs...?": "and the review?" asks who chairs it).
            kind = "contact" if tracker.kind == "address" else tracker.kind
            if kind == "contact" and topic and answering.said_only_otherwise(answering.family(topic, snapshot.knowledge.entries),
                                                       snapshot.concepts(text), kind):
                # ...unless the topic tells of what it names, but gives no contact for it:
                # then the message asks what that is ("and the taskforce?" after a helpline).
                kind = "what"
        asking = " ".join(tracker.asking) if again and kind != "what" else ""
        pair = answering.two_questions(text) if not again and not corrected else None
        both = self.each_answered(pair, intent, context, snapshot) if pair else None
        if both:
            return both
        reply, data = self.retrieve(text, intent, kind, tracker, snapshot, fresh=_leaves_topic(parse.text.lower()),
                                    asking=asking)
        if again and kind != "what" and not reply.citations and tracker.topics:
            # "How many schools?" then "and support?": when the topic gives no such count of
            # support, the message asks what it says of support ("8 regional hubs").
            told, told_data = self.retrieve(text, intent, "what", Tracker(context), snapshot)
            if told.citations and told.topic_id == tracker.topics[0]:
                reply, data = told, told_data
        also = answering.also_asked(text, data.get("kind") or kind)
        if also and reply.citations and data.get("said"):
            reply, data = self.also_answered(reply, data, also, snapshot)
        if data.get("kind"):
            data["asking"] = answering.asking_words(f"{text} {asking}", data["kind"])
        return reply, data

    def each_answered(self, pair: tuple[str, str], intent: str, context: dict,
                      snapshot: Snapshot) -> tuple[Reply, dict] | None:
        """"When does the tribunal trial start, and who led the residential review?": two
        questions about two topics, each answered from its own, one after the other; None
        when they share a topic or the second names none of its own (then the message is
        one question, answered whole). The conversation goes on from the second answer,
        the last thing told ("what's his title?" asks of the person it names)."""
        first, second = pair
        if len(answering.content_of(snapshot.concepts(second))) <= 1:
            return None  # "...and what will it teach?": one word of its own asks more of the first
        reply, data = self.retrieve(first, intent, answering.question_kind(first), Tracker(context), snapshot)
        # (The second is read as a follow-up of the first answer: one that stays on its
        # topic, "...and when was it commissioned?", is no second topic.)
        other, after = self.retrieve(second, intent, answering.question_kind(second), Tracker(data), snapshot)
        if not reply.citations or not other.citations or reply.topic_id == other.topic_id or not other.answered:
            return None
        text = f"{reply.text}\n\n{other.text}"
        citations = reply.citations + [c for c in other.citations if c not in reply.citations]
        return replace(reply, text=text, citations=citations, buttons=reply.buttons or other.buttons), after

    def also_answered(self, reply: Reply, data: dict, also: answering.AlsoAsked, snapshot: Snapshot) -> tuple[Reply, dict]:
        """"Who announced the changes and when?": the answer's topic also gives the fact the
        second question asks for, just after the first answer's lead, if it was not told."""
        entry = snapshot.knowledge.entries.get(data["topics"][0])
        if entry is None:
            return reply, data
        answered = data.get("kind", "")
        every = answering.facts_for(entry, answered)  # in order: a fact's position is its index
        told = Choice(entry, tuple(every[p] for p in data["said"] if p < len(every)), 1.0, True, answered, True)
        extra = answering.choose(entry, snapshot.concepts(also.words), also.kind)
        if not told.facts or not extra.has_kind or extra.silent:
            return reply, data
        # The first answer was chosen by the words of both questions ("how many schools...
        # and when does it finish?" led with the end date): its lead is chosen again by
        # its own question's words, where they find its kind of fact.
        own = answering.choose(entry, snapshot.concepts(also.answered), answered)
        lead = own.facts[0] if own.has_kind and not own.silent and own.facts else told.facts[0]
        if extra.facts[0].position in answering.shown(told) and lead == told.facts[0]:
            return reply, data
        rest = tuple(f for f in told.facts if f.position not in (lead.position, extra.facts[0].position))
        both = replace(told, facts=(lead, extra.facts[0], *rest) if extra.facts[0] != lead else (lead, *rest))
        cited = self.cite(entry, snapshot, answering.compose(both), reply.intent, reply.confidence)
        return cited, {**data, **Tracker(data).answered(both)}

    def taken_in(self, text: str, intent: str, tracker: Tracker, snapshot: Snapshot) -> tuple[Reply, dict]:
        """Background told before a question ("My daughter is 11 and her teacher says she's
        assessed against the interim pre-key stage standards."): thanks, and the topic it
        plainly names becomes the conversation's, so "what are they being replaced with?"
        is asked of it."""
        concepts = snapshot.concepts(text)
        hits = snapshot.search(answering.topic_words(text, concepts), limit=5, kind="entry").hits \
            if answering.content_of(concepts) else []
        leader = self.clear_leader(hits)
        if not leader:
            return self.domain.reply("utter_inform", intent), tracker.to_dict()
        entry = snapshot.knowledge.entries[leader[0].id]
        # (Only asked with no topic under way: the entry is the first.)
        tracker.topics, tracker.given, tracker.said, tracker.kind = [entry.id], [], [], ""
        reply = self.domain.reply("utter_inform_topic", intent, title=entry.title)
        reply.buttons = [{"title": entry.title, "payload": choose_payload(entry.id)}]
        return reply, tracker.to_dict()

    def picked(self, entry_id: str, parse: Parse, tracker: Tracker, snapshot: Snapshot) -> tuple[Reply, dict]:
        """A topic chosen by a button, a "yes" or in words: answer the question that
        raised the choice, now about that topic."""
        item = snapshot.entry(entry_id)
        if item is None:
            return self.fallback(parse.intent, tracker.to_dict())
        if isinstance(item, Term):
            return self.define(item, snapshot, parse.intent, 1.0), tracker.to_dict()
        question = tracker.asked
        # Words of the pick that the option's summary does not say tell more of what is
        # wanted: "when's the webinar?" then "the one with Phil Brayshaw" asks the date of
        # his talk; "the one about colleges" only names the option.
        said = answering.summary_stems(item) | answering.title_stems(item)
        more = " ".join(w for w in re.findall(r"[\w'-]+", parse.text) if not set(analyse(w)) & said)
        concepts = snapshot.concepts(f"{question} {more}") if question else []
        kind = answering.question_kind(question) if question else "what"
        tracker.pending, tracker.asked = [], ""
        return self.answer(answering.choose(item, concepts, kind), snapshot, parse.intent, 1.0, tracker)

    def pick_in_words(self, text: str, options: list[str], snapshot: Snapshot) -> str | None:
        """"The second one", "the one about colleges": which option a reply in words names."""
        words = re.findall(r"[a-z0-9]+", text.lower())
        if len(words) > 12:
            return None
        ordinals = [_ORDINALS[w] for w in words if w in _ORDINALS]
        if ordinals and len(words) <= 7 and set(words) - set(_ORDINALS) <= _PICK_WORDS | {"one", "option"}:
            index = ordinals[0]
            if -len(options) <= index < len(options):
                return options[index]
        stems = set(analyse(" ".join(w for w in words if w not in _PICK_WORDS)))
        if not stems:
            return None
        overlap = []
        for option in options:
            entry = snapshot.knowledge.entries.get(option)
            if entry is None:
                continue
            # Words of an option's name count double: "the tribunal one" names the trial.
            # An option must say most of what the reply names: "the one on the Rochford
            # consultation" is not the board that shares only "review" with it.
            body = answering.summary_stems(entry)
            named = answering.topic_stems(entry)
            if 2 * len(stems & (named | body)) >= len(stems):
                overlap.append((2 * len(stems & named) + len(stems & body), option))
        overlap.sort(reverse=True)
        if overlap and overlap[0][0] > 0 and (len(overlap) == 1 or overlap[0][0] > overlap[1][0]):
            return overlap[0][1]
        return None

    def retrieve(self, text: str, intent: str, kind: str, tracker: Tracker, snapshot: Snapshot,
                 fresh: bool = False, asking: str = "") -> tuple[Reply, dict]:
        """The answer from the knowledge. ``fresh``: the message says it leaves the topic
        under way ("separate thing, ..."), which is then searched past, though remembered.
        ``asking``: what the last question asked besides its kind ("chairs"), asked again
        here ("and the residential review?"); it picks the fact, never the topic."""
        tracker.leaving = fresh
        place = self.places.named_in(text)
        if place and (place.own or not snapshot.mentions(place.name)):
            # "Does Kent County Council...?": the announcements are national and never name it.
            if place.in_england:
                return self.domain.reply("utter_not_local", intent, answered=False, place=place.name), tracker.to_dict()
            return self.domain.reply("utter_not_england", intent, answered=False, place=place.name), tracker.to_dict()
        compared = self.compared(text, snapshot)
        if compared:
            return self.side_by_side(compared, snapshot, intent)
        text = self.either(text, snapshot)
        recent = [] if fresh else [e for e in (snapshot.knowledge.entries.get(t) for t in tracker.topics) if e]
        if not recent and not fresh:
            # "What are pre-key stage standards?" then "how are they being reviewed?": the
            # entries the term was explained for are the topic.
            recent = [e for e in map(snapshot.knowledge.entries.get, tracker.aside) if e]
        if not recent and not fresh:
            # "Which did you mean: the review, its findings...?" answered with a question
            # ("who's the co-chair?"): the topics offered are what it is asked of.
            recent = [e for e in map(snapshot.knowledge.entries.get, tracker.pending) if e]
        claimed = answering.claim_checked(text)
        lowered, text = text.lower(), _OWN_LOCAL.sub("the ", _LIVES_IN.sub("", answering.without_asking_phrases(text)))
        # "What does he do?" after a reply naming Mark Geraghty: he is asked about by name.
        concepts = snapshot.concepts(text)
        if _THAT_ONE.search(lowered):
            # "Where can I get that one?": "one" stands for the thing just told, naming nothing.
            concepts = [c for c in concepts if (c.typed or c.stems) != _ONE]
        if kind == "more":
            # "Go on": the topic's next facts, not a sibling that says "go".
            concepts = [c for c in concepts if not (c.typed or c.stems) <= _MORE_STEMS]
        questions = answering.asked_sentences(text)
        # (So does the clause that asks after one telling of the asker: "my son is 14, when...?")
        asked_parts = questions or [answering.asked_after_telling(text)]
        if any(asked_parts):
            # Of several questions, the one that asks the kind of fact wanted says what the
            # answer must hold: "is the trial still going ahead? when is it meant to start"
            # wants a date, whether or not one says "still going ahead".
            of_kind = [q for q in asked_parts if answering.question_kind(q) == kind] if len(asked_parts) > 1 else []
            asked_words = {stem for c in snapshot.concepts(" ".join(of_kind or asked_parts)) for stem in c.typed or c.stems}
            concepts = [c if (c.typed or c.stems) & asked_words else replace(c, story=True) for c in concepts]
        content = answering.content_of(concepts)
        if recent and content and kind == "what" and not claimed and not asks(lowered) and not _ASKED_OTHERWISE.search(lowered) \
                and not _TELLS_OF_OWN.search(lowered) \
                and len(lowered.split()) <= REMARK_WORDS and not any(snapshot.uses(c) for c in content):
            # "ok that's fairer than I thought", "bless you", "sorry, bit stressed": a remark
            # on what was said, asking nothing, in words the knowledge never uses.
            return self.domain.reply("utter_reaction", "reaction"), tracker.to_dict()
        if recent and content and kind in _OF_WHAT_WAS_SAID and _ANAPHORA.search(lowered) \
                and not any(snapshot.uses(c) for c in content):
            # "When does that kick in?": words the knowledge never uses, in a question about
            # what was just said, say how it is asked; the kind of fact asked is what matters.
            concepts, content = [c for c in concepts if c not in content], []
        # A question with words of its own about what she did ("did she find placements
        # were good?") asks about the work, not about her.
        # (Not when they are what was done to: "who commissioned her?" asks who did it.)
        person = answering.last_person(recent[0], tracker.said) \
            if recent and (len(content) <= 1 and _PERSON.search(text.lower()) and not _DONE_TO.search(text.lower())
                           or _THEIRS.search(text.lower())) else None
        if person:
            concepts = snapshot.concepts(f"{text} {person}")
            content = answering.content_of(concepts)
        else:
            # Glue words no search keeps still ask something: "who said so?" asks who
            # announced what was said; "who else got it?" whom the letter was copied to;
            # "when was the government's answer?" when its response came.
            meant = next((m.word for m in _MEANT_BY_GLUE if kind in m.kinds and m.said.search(lowered)), None)
            if meant:
                concepts = snapshot.concepts(f"{text} {meant}")
                content = answering.content_of(concepts)
        # Only a short step along ("and the one after that?"): "the earlier one with the
        # parent carer, can I still watch it?" names its own thing.
        short = len(text.split()) <= 7  # ("what is the next one after that?")
        sequence = (_NEXT.search(lowered) or _BEFORE.search(lowered)) if short else None
        month = _MONTH_ONE.search(lowered) if short else None
        if recent and _FIRST_IN_TIME.match(lowered):
            # (two topics one after the other are the two asked of; one topic, its own events)
            found = answering.first_in_time(recent[:2] if len(recent) > 1 and tracker.said else recent[:1], tracker.given)
            if found:
                return self.answer(found, snapshot, intent, 1.0, tracker)
        step = answering.next_item(recent[0], tracker.said) if recent and tracker.said and _STEP_ON.match(lowered) else None
        if step:
            return self.answer(step, snapshot, intent, 1.0, tracker)
        sequence = sequence or (_STEP_ON.match(lowered) if short else None)
        if recent and (month or (tracker.said and sequence)):
            # "And the one after that?" of a dated fact: the next one in time, here or in a
            # sibling; "and the February one?": the one dated then.
            # (and the topics before it: the webinar after the STOMP one is in the series' entry)
            siblings = [e for e in map(snapshot.knowledge.entries.get, recent[0].related) if e] + recent[1:]
            found = answering.dated_in([recent[0], *siblings], month["month"] or month["month_in"] or "",
                                       int(month["day"] or month["on_day"] or 0)) if month else \
                answering.next_in_time(recent[0], tracker.said, siblings, earlier=sequence.re is _BEFORE)
            if found:
                return self.answer(found, snapshot, intent, 1.0, tracker)
        # (the last sentence may ask it, after how the writer feels: "I'm exhausted. Quick list: what's on in March?")
        on = _WHATS_ON.search(lowered) or _WHATS_ON.search(_LAST_SENTENCE.split(lowered)[-1])
        then = answering.date_said(recent[0], tracker.said) if on and on["same"] and recent else None
        if on and (on["month"] or then):
            # "What's happening in March 2018?": whatever the knowledge dates then, however
            # few of the question's words each one says; several are offered by name.
            # "That month" is the month of the fact just told ("the same day" its day);
            # "else" is besides its topic.
            month, year, day = (then[1], then[0], then[2] if on["unit"] == "day" and then[2] else None) if then else \
                (on["month"], int(on["year"]) if on["year"] else None, int(on["day"]) if on["day"] else None)
            entries = [e for e in snapshot.knowledge.entries.values() if not (on["other"] and recent and e.id == recent[0].id)]
            dated = answering.dated_on(month, entries, year, day)
            if len(dated) == 1:
                return self.answer(dated[0], snapshot, intent, 1.0, tracker)
            if dated:
                return self.dated_then(dated, text, intent, tracker)
        pointer = _ITEM_POINTER.match(lowered) if recent else None
        item = answering.nth_item(recent[0], _ORDINAL_NAMES.get(pointer[1], pointer[1])) if pointer else None
        if recent and tracker.said and _OTHER_ITEM.match(lowered):
            item = answering.other_item(recent[0], tracker.said)
        if item:
            # "Tell me more about the first one", "the last one you said?": the item of the
            # list just told that it points at; "and the other one?" the one of two not told.
            return self.answer(item, snapshot, intent, 1.0, tracker)
        if recent and _RETURN.search(text.lower()):
            back = self.go_back(text, intent, kind, recent, tracker, snapshot)
            # (None: "back to" a thing never talked of here, asked as if fresh, without the "back to")
            return back or self.retrieve(_BACK_TO.sub(" ", text), intent, kind, tracker, snapshot, asking=asking)
        if answering.asks_for_office_holder(text, kind, concepts):
            # "Who is the education secretary?": the person the knowledge names in that office,
            # in whichever entry says so (often not the one that says the office most).
            holders = answering.office_holders(snapshot.knowledge.entries.values(), concepts)
            here = [entry for entry, _ in holders if recent and entry.id == recent[0].id]
            if here or len({person for _, person in holders}) == 1:
                entry = here[0] if here else holders[0][0]
                return self.answer(answering.choose(entry, concepts, _fact_kind(kind)), snapshot, intent, 1.0, tracker)
        hits = snapshot.search(answering.topic_words(text, concepts, kind), limit=5, kind="entry").hits if content else []
        # A story around the question ("I'm a deputy head at a special school. How many
        # schools are in the engagement pilot?") says who asks; the question, when it
        # points back to nothing in the story and an entry says nearly all of its own
        # words, says what about. A story after it ("When will the reception check come
        # in? My little one is only 2...") may only thin the entry the question finds plainly.
        # ("Will they test him in reception? When start this?": "this" is the question before.)
        asked = " ".join(questions[-2:]) if len(questions) > 1 and _points_outside(questions[-1], snapshot) \
            else questions[-1] if questions else ""
        if hits and asked and not recent and _points_outside(asked, snapshot):
            # "...he's at a residential school. Was there a review of these schools?": the
            # story tells which schools; the question is asked of them.
            asked = _with_story_words(asked, text)
        if hits and asked and not recent and not _points_outside(asked, snapshot):
            asked_concepts = snapshot.concepts(asked)
            if len(answering.content_of(asked_concepts)) >= 2:
                own = snapshot.search(answering.topic_words(asked, asked_concepts, kind), limit=5, kind="entry").hits
                if own and (own[0].id != hits[0].id and own[0].coverage >= NEARLY_ALL and self.confident(own[0])
                            or own[0].id == hits[0].id and not self.confident(hits[0]) and self.clear_leader(own)):
                    hits = own
        subject = answering.claim_subject(claimed.text) if claimed and hits else ""
        if subject:
            # What a claim is about is said before what it claims ("the pre key stage
            # standards | are being scrapped next year"): when that names the entry the
            # whole claim finds, plainly and nearly whole, it is the topic, however
            # thinly the rest, which may be wrong, is matched.
            own = snapshot.search(answering.topic_words(subject, snapshot.concepts(subject), kind), limit=5, kind="entry").hits
            if own and own[0].id == hits[0].id and own[0].coverage >= NEARLY_ALL and self.clear_leader(own):
                hits = own
        # The topic under way is no outlier: its own words may be few in a follow-up.
        topic = recent[0].id if recent else None
        kin = self.kin(hits, snapshot)
        confident = [h for h in hits if self.confident(h) and (
            h.score >= self.thresholds.outlier_ratio * hits[0].score or h.id == topic)] or self.clear_leader(
            hits, kin, titled=bool(hits) and any(
                c.said_in(answering.title_stems(snapshot.knowledge.entries[hits[0].id])) for c in content),
            story=bool(questions), fresh=not recent)
        if len(confident) == 1 and confident[0] is hits[0] and kind not in ("contact", "address") \
                and answering.about_contacts(snapshot.knowledge.entries[hits[0].id]):
            # Whom to contact about a topic leads; the topic close behind may answer the
            # question itself ("apprenticeship changes - who qualifies"): see best_of.
            confident += [h for h in hits[1:] if h.id in kin]
        # A name the question gives ("who chaired the Rochford Review?") is what it is
        # about: an entry that says it, or a relative, answers; one that only shares the
        # other words ("co-chair" in another review) does not.
        found = [snapshot.knowledge.entries[h.id] for h in hits]
        names = answering.names_given(concepts, found)
        named = [h for h in confident if answering.says_names(snapshot.knowledge.entries[h.id], names, snapshot.knowledge.entries)]
        # (A name in a claim may be the wrong one: "is it true Ofsted run the Rochford pilot?")
        confident = named or confident if claimed or answering.guessed_names(text, names) else named
        # A person the knowledge names is the clue that matters ("Geraghty - what's his day
        # job?"): an entry that names them and says a fair part of the rest answers,
        # however thin the rest is.
        people = [c for c in content if answering.saying(c, found, answering.people_stems)]
        if people and not confident:
            # (or its family names them: "Lenehan review recommendations" of the
            # recommendations, which never name her, though the review does)
            entries = snapshot.knowledge.entries
            confident = [h for h, entry in zip(hits, found) if h.coverage >= NAMED_COVERAGE and all(
                answering.saying(c, answering.family(entry, entries), answering.people_stems) for c in people)]
        # So is a name in the best hit's title ("when did the Rochford Review report?"):
        # it answers, though "report" is not among its words.
        if names and not confident and hits and hits[0].coverage >= NAMED_COVERAGE and \
                all(c.said_in(answering.title_stems(found[0])) for c in names):
            confident = hits[:1]
        quoted = [q.lower() for q in _QUOTED.findall(text)]
        titled = [h for h in hits if any(q in h.title.lower() for q in quoted)]
        if len(titled) == 1:
            confident = titled
        elif quoted and hits and not confident:
            # Words put in quotes name the thing talked of ("I saw people on Facebook going on
            # about 'the Lenehan report'. What's its proper title?"): the story around them
            # thins every entry's share, but alone they find the one that says them all.
            found_for = {h.id: h for h in hits}
            for words in quoted:
                own = snapshot.search(answering.topic_words(words, snapshot.concepts(words), kind), limit=5, kind="entry").hits
                if own and own[0].id in found_for and own[0].coverage >= NEARLY_ALL and self.clear_leader(own):
                    confident = [found_for[own[0].id]]
                    break
        if len(hits) >= 5 and hits[4].score >= FLAT * hits[0].score and not recent:
            # Five entries alike ("how many weeks does the LA have to finish an EHC needs
            # assessment?" matches words all over the knowledge): no topic stands out, so
            # only one that covers nearly all of the question is an answer.
            confident = [h for h in confident if h.coverage >= NEARLY_ALL]
        relative = answering.relative_titled(snapshot.knowledge.entries[confident[0].id], concepts, snapshot.knowledge.entries) \
            if confident and not recent else None
        if relative:
            # "The recommendations in Good intentions, good enough?": the review is named by
            # its title, and what is asked of it is the title of a relative of it.
            return self.answer(answering.choose(relative, concepts, _fact_kind(kind)), snapshot, intent,
                               self.confidence(confident[0]), tracker)
        choosing = concepts + snapshot.concepts(asking) if asking else concepts
        if recent and tracker.offered and recent[0].id == tracker.offered[0] and kind in answering.CHECKED_KINDS \
                and _leans_on_context(text, content):
            # "Who was it addressed to?" after several things listed ("what else went out that
            # month?"): the one listed that alone gives that kind of fact, when the first does not.
            listed = [e for e in map(snapshot.knowledge.entries.get, tracker.offered) if e]
            giving = [e for e in listed if answering.choose(e, choosing, _fact_kind(kind)).has_kind]
            if len(giving) == 1 and giving[0].id != recent[0].id:
                recent = [giving[0], *(e for e in recent if e.id != giving[0].id)]
        if recent and _DONE_ABOUT_IT.search(lowered):
            # "What is the DfE doing about it?" after the review's findings: what was done in
            # reply, the entry of its family (or theirs) that is a response to it.
            entries = snapshot.knowledge.entries
            near = [e for f in answering.family(recent[0], entries) for e in answering.family(f, entries)]
            reply_entry = next((e for e in near if _RESPONSE_STEMS & answering.title_stems(e)), None)
            if reply_entry and reply_entry.id != recent[0].id:
                return self.answer(answering.choose(reply_entry, concepts, "list"), snapshot, intent, 1.0, tracker)
        if recent:
            last = recent[0]
            leaning = _leans_on_context(text, content)
            skip = tracker.given if kind == "more" else ()
            if kind == "more" and len(set(skip)) >= len(answering.facts(last)):
                body = self.domain.text("utter_no_more", title=last.title)
                return self.cite(last, snapshot, body, intent, 1.0), tracker.to_dict()
            on_topic = self.on_topic(last, choosing, _fact_kind(kind), skip, snapshot, follow_up=True,
                                     just_said=tracker.said, referent=person or "",
                                     of_it=bool(_CLAIM_OF_IT.match(text.lower())),
                                     pointed=bool(_THAT_ONE.search(lowered)))
            for aside_entry in filter(None, map(snapshot.knowledge.entries.get, tracker.aside)):
                # The term just explained is about this entry, and it answers at least as well:
                # "they" after "what are pre-key stage standards?" means the standards.
                # A follow-up of no words of its own ("from when?") asks of the term, the
                # last thing told, whenever its entry gives the kind asked.
                aside = answering.choose(aside_entry, choosing, _fact_kind(kind))
                if aside.has_kind and (aside.score >= on_topic.score and aside.score > 0 or not content):
                    on_topic = aside
                    break
            if not confident or confident[0].id == on_topic.entry.id:
                # "How did the review gather evidence?": "the review" is the topic's own
                # name, so a fact holding some of the rest answers.
                # ("Is there an upper age limit?" leans on nothing but "there", which only
                # says something exists: the topic answers only if it says some of it.)
                existing = leaning and not _leans_on_context(_EXISTENTIAL.sub(" ", text.lower()), content)
                # (The topic, or a related entry, that gives the kind of fact asked and says a
                # fair part of the question answers too: "based on whose recommendations?",
                # "is teacher cover paid if staff go to the events?" of the pilot, whose
                # sibling pays £190 a day.)
                if (leaning and not (existing and on_topic.score <= 0)) or confident or on_topic.score >= 0.5 \
                        or ((on_topic.score > 0 or on_topic.has_kind and kind in answering.CHECKED_KINDS) and _names_topic(text, last)) \
                        or (on_topic.has_kind and kind in answering.CHECKED_KINDS and on_topic.score >= RELATED_SHARE):
                    return self.answer(on_topic, snapshot, intent, 1.0, tracker)
            else:
                other = snapshot.knowledge.entries[confident[0].id]
                fresh = answering.choose(other, choosing, _fact_kind(kind))
                # "What's his day job?" leans on the topic; "what about times tables?"
                # names another one. Move only when the message names the other topic
                # more than this one, or (without leaning) the other answers better.
                # Who is asking ("and if a parent has questions?") names no other topic.
                topical = answering.topical(concepts)
                named, named_here = answering.naming(other, topical), answering.naming(on_topic.entry, topical)
                # Words the topic under way says too ("schools" of the pilot's 50 schools)
                # are no sign of another topic when the topic answers with them.
                names_other = named > named_here and not (
                    on_topic.score > 0 and on_topic.has_kind and answering.said_in_entry(on_topic.entry, concepts, other))
                # A person only the other topic names is the clue that matters ("ok so what's
                # Goodwill's job then" after the apprenticeship changes, whose "paid job" is
                # a gloss), unless the question puts them as a claim to check of this topic.
                names_other = names_other or not claimed and any(
                    answering.saying(c, [other], answering.people_stems) and not answering.saying(
                        c, answering.family(on_topic.entry, snapshot.knowledge.entries), answering.people_stems)
                    for c in people)
                better_here = on_topic.score + named_here >= fresh.score + named  # a tie stays
                # "The residential one" names its thing; "that one", "the same one" point back.
                # (Not a closing "then" of a message naming another topic: "and what did Greening do then")
                # ("Those monthly webinars, who runs them?": "those" names the other topic, and "them" is it.)
                refers_back = not _points_at_other(lowered, on_topic.entry, other) and (
                    bool(_ANAPHORA.search(_NAMED_ONE.sub(" ", text.lower()))) or _names_again(text, on_topic.entry, other)) \
                    or bool(_THEN.search(lowered) or _SUPPOSING.match(lowered)) and not names_other
                # "And the conference, where is it?": "it" is what the first clause names.
                clauses = _CLAUSE.split(lowered.strip())
                # ("The rochford one, who's it for?": "the rochford one" names its thing.)
                if names_other and len(clauses) > 1 and not _ANAPHORA.search(_NAMED_ONE.sub(" ", clauses[0])):
                    refers_back = False
                # A pronoun keeps the topic unless the message also names another one
                # in words of its own (two or more: one word is too thin a clue).
                plainly_other = len(content) >= 2 and named >= self.thresholds.switch_coverage
                # "And"/"so" before a question with words of its own is no pronoun: such a
                # question stays only where it is answered better.
                thin = len(content) <= 1
                # "What is the government doing about it?" after the review's findings: "it" is
                # the review, and the government's response, a relative of its relatives,
                # answers nearly all of it where the topic's own family does not.
                kin = {r for e in answering.family(last, snapshot.knowledge.entries) for r in e.related}
                # ...and so does one the question names by a word of its title that the topic
                # never says: "what board did the government promise after it?"
                if refers_back and other.id in kin and fresh.has_kind and (
                        fresh.score >= self.thresholds.switch_coverage > on_topic.score
                        or _unsaid_name(concepts, other, on_topic.entry, RARE_NAMING_WEIGHT)
                        and not _unsaid_name(concepts, on_topic.entry, other)):
                    return self.answer(fresh, snapshot, intent, 1.0, tracker)
                # "The transforming care one, what's in it?" after a list of topics: the thing the
                # list named, by the title of its own entry, which the list is not.
                # ("Who is behind the redress bit?": the bit is the list's, its maker the item's.)
                pointer = _NAMED_ONE.search(lowered)
                named_by = [c for c in content if not (c.typed or c.stems) <= _LIST_PART_STEMS] if pointer else content
                titles_other = bool(named_by) and all(c.said_in(answering.title_stems(other)) for c in named_by)
                picked = pointer and fresh.kind in ("what", "about")
                if picked and titles_other and fresh.score > 0 \
                        and not any(c.said_in(answering.title_stems(on_topic.entry)) for c in content):
                    return self.answer(fresh, snapshot, intent, 1.0, tracker)
                # "Who's going to be on the board?" after a reply naming the board among three
                # plans: the board's own entry, whose title the question says and which tells
                # that its notice never said who, answers; "the department would set it up" does not.
                if fresh.has_kind and fresh.silent and titles_other and not refers_back and fresh.kind in answering.CHECKED_KINDS \
                        and not all(c.said_in(answering.title_stems(on_topic.entry)) for c in content):
                    return self.answer(fresh, snapshot, intent, 1.0, tracker)
                if (refers_back and not plainly_other) or (not names_other and ((leaning and thin) or better_here)):
                    return self.answer(on_topic, snapshot, intent, 1.0, tracker)
        elif not content and kind != "what":
            # "When does it start?" with nothing said before: ask, never guess a topic.
            tracker.awaiting = text[:200]
            if kind in ("contact", "address"):
                return self.numbers_known(text, intent, snapshot), tracker.to_dict()
            return self.domain.reply("utter_ask_topic_first", intent), tracker.to_dict()
        if not confident:
            if _SAID_TO_ME.search(_ASKS_OF_ME.sub(" ", lowered)):
                # "do you remember what I asked yesterday?", "last time u told me the wrong
                # date", "can I quote you?": nothing to look up, a word to the bot itself.
                return self.domain.reply("utter_about_me", "bot_challenge"), tracker.to_dict()
            return self.fallback(intent, tracker.to_dict(), self.confidence(hits[0]) if hits else 0.0)
        return self.best_of(confident, text, intent, _fact_kind(kind), choosing, tracker, snapshot)

    def numbers_known(self, text: str, intent: str, snapshot: Snapshot) -> Reply:
        """A person to talk to (the IASS); and, for a phone number asked with no topic yet,
        each number the knowledge gives, told by the sentence that gives it, under its
        topic (an entry about contacts first), cited and offered as buttons."""
        reply = self.domain.reply("utter_handoff", intent)
        stems, phone = answering.ADDRESSES[1]
        if not set(analyse(text)) & stems:
            return reply
        lines, given, seen = [], [], set()
        for entry in sorted(snapshot.knowledge.entries.values(), key=lambda e: not answering.about_contacts(e)):
            for fact in answering.facts(entry):
                numbers = set(phone.findall(fact.text)) - seen
                if numbers:
                    seen |= numbers
                    lines.append(f"- {entry.title}: {fact.text}")
                    given.append(entry)
                    break
        if not lines:
            return reply
        listed = self.domain.text("utter_numbers_known", numbers="\n".join(lines))
        return Reply(f"{reply.text}\n\n{listed}", intent, reply.confidence,
                     [c for e in given for c in e.citations()[:1]],
                     [{"title": e.title, "payload": choose_payload(e.id)} for e in given[:MAX_BUTTONS]], True)

    def compared(self, text: str, snapshot: Snapshot) -> list[Entry]:
        """The two topics a message sets side by side, each found plainly by its own words."""
        found = _COMPARED.search(text)
        if not found:
            return []
        entries = [self.plainly_named(part, snapshot) for part in next((found[x], found[y]) for x, y in _COMPARED_PAIRS
                                                                         if found[x])]
        return entries if all(entries) and entries[0].id != entries[1].id else []

    def plainly_named(self, part: str, snapshot: Snapshot) -> Entry | None:
        """The topic a few words name by themselves ("the lenehan review", "the £190 a day
        figure"), if one clearly leads."""
        concepts = snapshot.concepts(part)
        hits = snapshot.search(answering.topic_words(part, concepts, "what"), limit=5, kind="entry").hits \
            if answering.content_of(concepts) else []
        leader = [h for h in hits[:1] if self.confident(h)] or self.clear_leader(hits)
        return snapshot.knowledge.entries[leader[0].id] if leader else None

    def either(self, text: str, snapshot: Snapshot) -> str:
        """"Which one is about testing, Rochford or Lenehan?", "was it Goodwill who spoke
        in Parliament, or was it Greening?": a choice put between two names the knowledge
        says, only one of which is meant. The message without the name whose topic answers
        the rest worse, so the other's is found as if named alone."""
        if not _OR.search(text):
            return text
        # (the names of the topics the whole message finds: both are among them)
        hits = snapshot.search(answering.topic_words(text, snapshot.concepts(text), "what"), limit=5, kind="entry").hits
        entries = [snapshot.knowledge.entries[h.id] for h in hits]
        names = frozenset().union(*(answering.people_stems(e) | answering.proper_stems(e) for e in entries))
        for found in _OR.finditer(text):
            start = max(text.rfind(stop, 0, found.start()) for stop in ".?!") + 1
            before = [(m.start(), m.end()) for m in _WORD.finditer(text, start, found.start()) if _a_name(m[0], names)]
            after = [(m.start(), m.end()) for m in list(_WORD.finditer(text, found.end()))[:ALTERNATIVE_WORDS]
                     if _a_name(m[0], names)]
            if not before or not after or analyse(text[slice(*before[-1])]) == analyse(text[slice(*after[0])]):
                continue
            # A name is its words together: "Robert Goodwill", "Justine Greening".
            choices = [_run(before, len(before) - 1), _run(after, 0)]
            best = None
            for dropped in choices:
                rest = text[:dropped[0]] + " " + text[dropped[1]:]
                hits = snapshot.search(answering.topic_words(rest, snapshot.concepts(rest), "what"), limit=1, kind="entry").hits
                if hits and (best is None or hits[0].coverage > best[0]):
                    best = (hits[0].coverage, rest)
            return best[1] if best else text
        return text

    def side_by_side(self, entries: list[Entry], snapshot: Snapshot, intent: str) -> tuple[Reply, dict]:
        """Each topic's own first lines, each with its source: what each one is, so the
        difference shows."""
        parts = []
        for entry in entries:
            summary = [f.text for f in answering.facts(entry) if f.field == "answer"]
            lead = " ".join(summary[:2]) if len(summary[0].split()) < SHORT_LEAD_WORDS else summary[0]
            # (with the warning that things may have changed: what changed is not told here)
            parts.append(f"{entry.title}: {lead}\n{self.source_line(entry, since_told=False)}")
        citations = [c for entry in entries for c in entry.citations()[:1]]
        buttons = [{"title": e.title, "payload": choose_payload(e.id)} for e in entries]
        reply = Reply("\n\n".join(parts), intent, 1.0, citations, buttons, True, entries[0].id)
        return reply, Tracker({"offered": [e.id for e in entries]}).to_dict()

    def on_topic(self, last: Entry, concepts: list[Concept], kind: str, skip, snapshot: Snapshot,
                 follow_up: bool = False, just_said: list[int] = (), referent: str = "",
                 chosen: dict[str, Choice] | None = None, of_it: bool = False, pointed: bool = False) -> Choice:
        """The best answer within the current topic: the entry itself, or one its
        staff marked as related ("what did it find?" after the review's summary).
        ``of_it``: the question asks yes or no of the topic itself ("are they binding?").
        ``chosen`` holds choices already made by entry id for these concepts and kind
        (with no skip, nothing just said and no referent): they are not made again."""
        chosen = chosen or {}
        best = chosen.get(last.id) if not (skip or just_said or referent) else None
        best = best or answering.choose(last, concepts, kind, skip, just_said, referent, pointed)
        own = best
        # Only words of its own can point past the topic; "when does it start?" cannot.
        # But "who do I contact about that?" of a topic without a contact is asked of the
        # related entry whose contact names the topic most ("the Rochford Review team"),
        # an entry about contacts first among equals.
        if not answering.content_of(concepts):
            if kind in ("contact", "address") and not best.has_kind:
                named = answering.title_stems(last)
                # (Only a contact that names the topic: "what's their helpline?" of a briefing
                # is not asked of a related entry's helpline for something else.)
                contacts = sorted((r for r in map(snapshot.knowledge.entries.get, last.related)
                                   if r and r.contact and named & answering.stems_of(r.contact)),
                                  key=lambda r: (-len(named & answering.stems_of(r.contact)), not answering.about_contacts(r)))
                return _first_with_kind(contacts, concepts, kind, chosen) or best
            return best
        held_here = kind == "about" and _leads_with_kind(own) and \
            any(c.said_in(answering.fact_stems(last)) for c in answering.topical(concepts))
        for related_id in last.related:
            related = snapshot.knowledge.entries.get(related_id)
            if related is None:
                continue
            other = chosen.get(related_id) or answering.choose(related, concepts, kind)
            # A related entry answers when the question names it better, or when only it
            # holds the kind of fact asked (the topic has no amount; its sibling has £190).
            names_it = answering.naming(related, concepts) > answering.naming(best.entry, concepts)
            # In a follow-up, a related entry also answers when only it holds the words asked.
            # (Of several, the one that holds most of them.)
            # But a claim asked of the topic itself ("are they legally binding?" of the
            # exclusion guides) is about it, not about a sibling on another subject that
            # says "non-binding" (the appeals trial).
            # (A lead picked for saying what the topic is about, "the letter was about...",
            # scores 0 too, when the topic's other facts hold the words.)
            only_there = follow_up and not (of_it and related.topic != last.topic) and own.score == 0 \
                and other.score > best.score and other.has_kind and not held_here
            # In a follow-up a tie stays with the topic under way when the words that name
            # the sibling are the topic's own too: "how many schools?" is asked of the pilot
            # just described (50 schools), not of the sibling with "schools" in its title.
            outscores = other.score > best.score or (other.score == best.score and not (
                follow_up and best.has_kind and answering.said_in_entry(best.entry, concepts, related)))
            # Names are in most entries: names asked of the topic's group ("which schools are
            # in the pilot?") are never another entry's unless the question names that one.
            # (Whom a letter went to is told without the question's words: a sibling that
            # tells it answers on that alone.)
            # ...and, but for a letter about the topic, only if it says what the question names
            # ("who chairs the leadership board?" is not answered by the co-chair of the
            # review that proposed it).
            holds_kind = other.has_kind and not best.has_kind and (kind != "names" or names_it) and (
                kind == "recipient" or (other.score > 0 and not _unsaid_name(concepts, best.entry, related)))
            # "Why is the trial happening?" of the minister's letter about it: the trial's own
            # entry gives the reason, the letter none.
            # (A list of whom to contact gives no reason for a policy, whatever its "so that".)
            reason_there = kind == "why" and follow_up and other.score > 0 and _leads_with_kind(other) \
                and not _gives_kind(best) and not _unsaid_name(concepts, best.entry, related) \
                and not answering.about_contacts(related)
            # (A sibling named better that lacks the kind of fact asked never replaces a topic
            # that gives it: "number of teaching school hubs for the Rochford pilot" is not
            # answered by how to volunteer for it, which gives no count.)
            trades_down = kind in answering.VALUE_KINDS and best.has_kind and not other.has_kind
            if (names_it and outscores and not trades_down) or holds_kind or only_there or reason_there:
                best = other
        if best is own and follow_up and own.score == 0 and answering.naming(last, concepts) == 0:
            # With nothing of the question in the topic or its relatives, a relative of a
            # relative that the question names ("did the secretary of state agree with it?" of
            # the review's findings: the response to the review) answers, when it gives the kind.
            entries = snapshot.knowledge.entries
            second = [e for e in map(entries.get, dict.fromkeys(r for related in map(entries.get, last.related) if related
                                                                for r in related.related))
                      if e and e.id != last.id and e.id not in last.related]
            named = [(answering.naming(e, concepts), e) for e in second]
            # (One word, "training", "changed", names too many things to move on.)
            named = [(n, e) for n, e in named if n >= SECOND_KIN_NAMING] if len(answering.content_of(concepts)) >= 2 else []
            if named:
                other = answering.choose(max(named, key=lambda pair: pair[0])[1], concepts, kind)
                if other.has_kind and other.score > 0:
                    best = other
        if best is own and kind == "who" and answering.asks_who_announced(concepts) and own.facts \
                and not answering.names_a_person(own.facts[0].text) and not _A_PERSON_SAID.search(own.facts[0].text):
            # "Who announced all this?" of a plan its own entry says "the government"
            # announced: the related entry that names the person who announced it.
            # ("In the interim, she announced three things" has told who.)
            return _first_with_kind(filter(None, map(snapshot.knowledge.entries.get, last.related)), concepts, kind, chosen,
                                    fits=lambda c: bool(c.facts) and answering.names_a_person(c.facts[0].text)
                                    and bool(answering.PUBLICATION.search(c.facts[0].text))) or best
        return best

    def best_of(self, hits: list[Hit], text: str, intent: str, kind: str, concepts: list[Concept],
                tracker: Tracker, snapshot: Snapshot) -> tuple[Reply, dict]:
        """Answer from the top hit; ask "which did you mean?" only when close runners-up
        would give a different answer."""
        top = hits[0]
        if kind not in ("contact", "address") and answering.about_contacts(snapshot.knowledge.entries[top.id]):
            # "What changed for apprentices with SEND?": whom to contact about a topic gives
            # way to the topic itself, found nearly as well.
            kin = self.kin(hits, snapshot)
            topic = next((h for h in hits[1:MAX_BUTTONS] if h.score >= top.score * self.thresholds.ambiguity
                          and h.id in kin and h.coverage >= top.coverage
                          and not answering.about_contacts(snapshot.knowledge.entries[h.id])), None)
            if topic:
                hits = [topic, *(h for h in hits if h is not topic)]
                top = topic
        close = [h for h in hits[1:MAX_BUTTONS] if h.score >= top.score * self.thresholds.ambiguity]
        if kind not in ("contact", "address"):
            # Whom to contact about the top topic is no rival answer to a question about the
            # topic itself ("can she get the apprenticeship maths changes?").
            kin = self.kin(hits, snapshot)
            close = [h for h in close if not (h.id in kin and answering.about_contacts(snapshot.knowledge.entries[h.id]))]
        tied = bool(close) and close[0].score >= top.score * self.thresholds.clarify_ratio
        content = answering.content_of(concepts)
        if close and len(content) == 1:
            # "Tell me about the review": one word that names several entries alike.
            titles = [answering.title_stems(snapshot.knowledge.entries[h.id]) for h in (top, close[0])]
            tied = tied or all(content[0].said_in(t) for t in titles)
            # The options are the entries that are such a thing ("The Rochford Review...",
            # "Pre-key stage standards review"), not e-learning about reviews, found first.
            if tied and kind in ("what", "about"):
                alike = [h for h in hits[:MAX_BUTTONS + 1]
                         if content[0].said_in(answering.head_stems(snapshot.knowledge.entries[h.id]))]
                if len(alike) > 1:
                    top, close = alike[0], alike[1:MAX_BUTTONS]
        sort_of = _SORT_OF.search(text.lower())
        if sort_of and (sort_of[1] or kind == "what"):
            # The one topic found that is itself such a thing (its title names it) is the
            # answer, not an entry that tells more of what was said about it.
            named = [snapshot.knowledge.entries[h.id] for h in hits[:MAX_BUTTONS] if self.confident(h)
                     and set(analyse(sort_of[1] or sort_of[2])) & answering.title_stems(snapshot.knowledge.entries[h.id])]
            if len(named) == 1:
                return self.answer(answering.choose(named[0], concepts, kind), snapshot, intent, self.confidence(top), tracker)
        choices = [answering.choose(snapshot.knowledge.entries[h.id], concepts, kind) for h in (top, *close)]
        confidence = self.confidence(top)

        def titled(entry: Entry) -> int:  # how many of the question's own words its title says
            return sum(c.said_in(answering.title_stems(entry)) for c in content)

        if kind in ("contact", "address") and not _HOW_TO.search(text.lower()):
            # "Who takes Rochford Review queries?": the contact that names the thing asked
            # about best, in a found entry or one related to it (its contacts entry), answers.
            # ("How can a school volunteer?" asks for the way in, which its own entry tells.)
            named = self.contact_naming(hits, concepts, kind, snapshot)
            if named:
                return self.answer(named, snapshot, intent, confidence, tracker)
            if not choices[0].has_kind:
                # "Is there anyone I can call about apprenticeships for my son?": the topic
                # gives no contact, its own contacts entry does.
                entries = snapshot.knowledge.entries
                contact = _first_with_kind((r for r in answering.family(entries[top.id], entries)
                                            if r.id != top.id and answering.about_contacts(r)), concepts, kind)
                if contact:
                    return self.answer(contact, snapshot, intent, confidence, tracker)
        if kind in answering.VALUE_KINDS and not any(c.has_kind for c in choices):
            # "Is it true Ofsted run the Rochford pilot in 100 schools?": no close topic gives
            # the count, date or sum asked; a topic further behind, still found surely, that
            # gives one of the very thing asked, and says as much of the question nearly as
            # strongly, answers ("approximately 50 schools").
            for hit in hits[1 + len(close):MAX_BUTTONS]:
                if hit.score < top.score * NEAR_ENOUGH or hit.coverage < top.coverage or not self.confident(hit):
                    continue
                other = answering.choose(snapshot.knowledge.entries[hit.id], concepts, kind)
                if other.has_kind and (kind != "how_many" or other.counted):
                    reply, context = self.answer(other, snapshot, intent, self.confidence(hit), tracker)
                    if reply.citations:
                        reply.buttons = _offered_first([c.entry for c in choices], reply.buttons)
                    return reply, context
        if close:
            # Search order decides between close topics; one that lacks the kind of
            # fact asked ("when...?" and it has no date) gives way to one that has it.
            # Among those, one whose lead gives a number of the very thing counted first.
            # Among those, one whose facts say far more of the question ("which part of
            # English gets a more flexible assessment?": the writing assessment, over the
            # apprenticeships' English that shares only "English" and "part"). Its lead must
            # hold the question's own words: words that only name the topic ("why are they
            # trialling the single route of redress?") said in a letter about it are no more.
            ranked = sorted(choices, key=lambda c: (not c.has_kind, not c.counted))
            rivals = [max(o.score for o in ranked if o is not c) for c in ranked]
            says_far_more = [c.has_kind and c.pinned and (c.score >= max(SAYS_FAR_MORE * rival, SAYS_MOST)
                                                          or c.score >= SAYS_ALL > SAYS_ALL_OVER * rival)
                             for c, rival in zip(ranked, rivals)]
            ranked = [c for _, c in sorted(zip(says_far_more, ranked), key=lambda pair: pair[0], reverse=True)]
            # Leads that tell the same fact in other words ("the starting point for progress
            # measures would move to reception") give one answer: nothing to choose.
            lead = ranked[0].facts[0].stems
            distinct = {c.facts[0].text for c in ranked
                        if len(lead & c.facts[0].stems) < SAME_FACT * len(lead | c.facts[0].stems)}
            distinct.add(ranked[0].facts[0].text)
            # Only an open question close between topics asks "which did you mean?";
            # otherwise answer, and offer the other topics as buttons. So does a title that
            # says more of the question's own words than any other's: it is the one meant
            # ("what are the recommendations in the Lenehan report about?": what the review
            # recommended, over the review).
            # (Nor when one topic alone says far more of it: "kids at residential schools - is
            # the learning going ok?" is what the review found, of which only it speaks.)
            asks = len(distinct) > 1 and kind in ("what", "about") and tied and sum(says_far_more) != 1
            # "Newsletter?": a topic that also tells what each other one leads with (the
            # newsletters, which tell of the July edition) gives every answer: nothing to choose.
            covering = next((c for c in ranked if all(o is c or _covers(c.entry, o) for o in ranked)), None) if asks else None
            if covering:
                ranked.insert(0, ranked.pop(ranked.index(covering)))
                asks = False
            said = sorted(((titled(c.entry), i) for i, c in enumerate(ranked)), reverse=True)
            if asks and said[0][0] > said[1][0]:
                ranked.insert(0, ranked.pop(said[0][1]))
                asks = False
            if not asks:
                reply, context = self.answer(self.within(ranked[0], concepts, kind, snapshot, choices), snapshot, intent,
                                             confidence, tracker)
                if reply.citations:
                    reply.buttons = _offered_first([c.entry for c in ranked[1:]], reply.buttons)
                    # "The other one" / "the one about colleges" may still pick an option.
                    context = {**context, "offered": [c.entry.id for c in ranked], "asked": text}
                return reply, context
            # The options in words too: for screen readers and channels without buttons.
            reply = self.domain.reply("utter_ask_which", intent,
                                      options=", or ".join(f'"{c.entry.title}"' for c in ranked))
            reply.confidence = confidence
            reply.buttons = [{"title": c.entry.title, "payload": choose_payload(c.entry.id)} for c in ranked]
            reply.buttons.append({"title": "None of these", "payload": "/deny"})
            tracker.pending, tracker.asked = [c.entry.id for c in ranked], text
            return reply, tracker.to_dict()
        # A topic a little further behind whose facts say far more of the question ("lenehan
        # review findings": what the review found, over the review that says "Lenehan" most)
        # answers, though not so close that it would be asked about.
        first = choices[0]
        for hit in hits[1:MAX_BUTTONS]:
            if hit.score < top.score * NEAR_ENOUGH:
                break
            if not self.confident(hit):
                continue
            other = answering.choose(snapshot.knowledge.entries[hit.id], concepts, kind)
            if other.has_kind and other.score >= max(SAYS_FAR_MORE * first.score, SAYS_MOST) \
                    and titled(other.entry) > titled(first.entry):
                reply, context = self.answer(self.within(other, concepts, kind, snapshot, [other, first]), snapshot, intent,
                                             confidence, tracker)
                if reply.citations:
                    reply.buttons = _offered_first([first.entry], reply.buttons)
                return reply, context
        return self.answer(self.within(first, concepts, kind, snapshot, choices), snapshot, intent, confidence, tracker)

    def dated_then(self, dated: list[Choice], text: str, intent: str, tracker: Tracker) -> tuple[Reply, dict]:
        """Several things dated in the month asked about: each in a paragraph of its own,
        with what became of it and its source; the first is the topic, the rest offered
        ("tell me more about the conference")."""
        shown = dated[:MAX_BUTTONS]
        body = "\n\n".join("\n".join(filter(None, (f"{c.entry.title}: {c.facts[0].text}", answering.since_line(c.entry),
                                                      self.source_line(c.entry)))) for c in shown)
        citations = [citation for c in shown for citation in c.entry.citations()[:1]]
        buttons = [{"title": c.entry.title, "payload": choose_payload(c.entry.id)} for c in shown]
        reply = Reply(body, intent, 1.0, citations, buttons, True, shown[0].entry.id)
        return reply, {**tracker.answered(shown[0]), "offered": [c.entry.id for c in shown], "asked": text}

    def contact_naming(self, hits: list[Hit], concepts: list[Concept], kind: str, snapshot: Snapshot) -> Choice | None:
        """Another entry, found or related to one found, whose contact field says more of
        the question's own words than the top entry's does, and at least half of them:
        "who takes Rochford Review queries?" is answered by the contacts entry, not by a
        sentence that happens to mention an email."""
        # Who is asking ("can our school...?") is no part of what the contact is for.
        content = answering.topical(concepts)
        if not content:
            return None
        entries = snapshot.knowledge.entries

        def share(entry: Entry) -> float:
            if not entry.contact:
                return 0.0
            # An entry about contacts ("Who to contact about...") first among equals.
            return answering.said_share(content, entry.contact) + (0.01 if answering.about_contacts(entry) else 0.0)

        top = entries[hits[0].id]
        best, best_share = None, max(0.5, share(top))
        candidates = {e.id: e for h in hits for e in answering.family(entries[h.id], entries)}
        for candidate in candidates.values():
            said = share(candidate)
            if candidate.id != top.id and said > best_share:
                choice = answering.choose(candidate, concepts, kind)
                if choice.has_kind:
                    best, best_share = choice, said
        return best

    def within(self, choice: Choice, concepts: list[Concept], kind: str, snapshot: Snapshot,
               choices: list[Choice] = ()) -> Choice:
        """The found entry, or a related one the question names better ("what did the
        review find?" is answered by the review's findings). ``choices``: those already
        made for the hits, with the same concepts and kind."""
        # (Named by its title in part, and the rest a name its family says: "list the
        # recommendations - lenehan" of the recommendations, which never name her.)
        named = answering.naming(choice.entry, concepts)
        if choice.has_kind and named > 0 and (named >= 0.5 and choice.score > 0
                                              or answering.names_its_family(choice.entry, concepts, snapshot.knowledge.entries)):
            return choice
        return self.on_topic(choice.entry, concepts, kind, (), snapshot, chosen={c.entry.id: c for c in choices})

    def go_back(self, text: str, intent: str, kind: str, recent: list[Entry], tracker: Tracker,
                snapshot: Snapshot) -> tuple[Reply, dict] | None:
        """"Going back to the first thing you told me": the earlier topic the words
        name, or the first one of the conversation; None when the words name no topic
        of the conversation."""
        concepts = snapshot.concepts(_RETURN_WORDS.sub(" ", text.lower()))
        content = answering.content_of(concepts)
        choices = [answering.choose(e, concepts, _fact_kind(kind)) for e in recent]
        returned_to = _RETURNED_TO.search(text.lower())
        named_there = answering.content_of(snapshot.concepts(
            _RETURN_WORDS.sub(" ", _CLAUSE.split(returned_to[1].strip())[0]))) if returned_to else []
        naming = [answering.naming(c.entry, named_there or content) for c in choices]
        if named_there and not any(naming):
            # "Going back to the rochford stuff, ..." when the Rochford Review was never
            # talked of here: back to what the words name, found as any question's would be.
            return None
        # The topic its words name ("back to the review"), one before the topic under way
        # first (going back is to an earlier one), then the one that answers best.
        best = max(range(len(choices)), key=lambda i: (naming[i], i > 0, choices[i].score))
        named = choices[best]
        target = named if content and (named.score > 0 or naming[best] > 0) else (choices[-1] if _FIRST.search(text.lower()) else choices[min(1, len(choices) - 1)])
        # "Going back to that review, what did it recommend?": the topic returned to, or
        # the entry its staff marked as related that answers better.
        if content:
            # "Going back to the exclusion guides, are they binding?" asks the claim of them.
            asked = _CLAUSE.split(text.lower())[-1]
            target = self.on_topic(target.entry, concepts, _fact_kind(kind), (), snapshot, follow_up=True,
                                   of_it=bool(_CLAIM_OF_IT.match(asked)))
        return self.answer(target, snapshot, intent, 1.0, tracker)

    def action_define_term(self, parse: Parse, context: dict, snapshot: Snapshot) -> tuple[Reply, dict]:
        """Explain a word. The conversation's topic stays for the next question."""
        asked = parse.entities.get("term", "")
        term = snapshot.knowledge.terms.get(asked) or snapshot.knowledge.terms.get(
            snapshot.term_names.get(name_key(asked), ""))
        if term is None:
            return self.retrieve(parse.text, parse.intent, answering.question_kind(parse.text), Tracker(context), snapshot)
        tracker = Tracker(context)
        tracker.aside = [e for e in term.see if e in snapshot.knowledge.entries][:MAX_BUTTONS]
        tracker.kind = DEFINED
        return self.define(term, snapshot, parse.intent, parse.confidence), tracker.to_dict()

    def action_restart(self, parse: Parse, context: dict, snapshot: Snapshot) -> tuple[Reply, dict]:
        """"/restart": forget the conversation, as Rasa does."""
        return self.domain.reply("utter_restart", parse.intent), {}

    def action_handoff(self, parse: Parse, context: dict, snapshot: Snapshot | None = None) -> tuple[Reply, dict]:
        if parse.intent == "out_of_scope":
            # A joke or the weather: said kindly, and the topic under way is kept.
            return self.domain.reply("utter_out_of_scope", parse.intent), context
        return self.domain.reply("utter_handoff", parse.intent), context

    def run(self, action: str, parse: Parse, context: dict, snapshot: Snapshot) -> tuple[Reply, dict]:
        if action.startswith("utter_"):
            reply = self.domain.reply(action, parse.intent)
            reply.confidence = parse.confidence
            return reply, context
        return getattr(self, action)(parse, context, snapshot)


def _covers(entry: Entry, other: answering.Choice) -> bool:
    """Whether the entry's facts say nearly every word of the other choice's lead."""
    lead = other.facts[0].stems
    return len(lead & answering.fact_stems(entry)) >= COVERS * len(lead)


def _fact_kind(kind: str) -> str:
    """"Tell me more" asks for what has not been said yet, of any kind."""
    return "what" if kind == "more" else kind


def _named_with_the(text: str) -> list[set[str]]:
    """The stems of each thing the message names with "the" ("the review", "the changes")."""
    return [stems for word in _DEFINITE.findall(text.lower()) if (stems := set(analyse(word)))]


def _names_again(text: str, topic: Entry, other: Entry) -> bool:
    """"Who do *the changes* apply to?" after the apprenticeship changes: a thing named
    with "the" that the topic's title or keywords name, and the other entry's do not."""
    here, there = answering.topic_stems(topic), answering.topic_stems(other)
    return any(stems <= here and not stems & there for stems in _named_with_the(text))


def _points_at_other(text: str, topic: Entry, other: Entry) -> bool:
    """The message points at a thing by a name the other entry's title says, and the
    topic never does ("those monthly webinars" after the inspections; "that board" after
    a reply telling of the board is the board told of)."""
    here, there = answering.fact_stems(topic) | answering.topic_stems(topic), answering.title_stems(other)
    for found in _POINTING.finditer(text):
        stems = [set(analyse(word)) for word in found[1].split()]
        if any(s and s <= there for s in stems) and not any(s & here for s in stems):
            return True
    return False


def _names_topic(text: str, topic: Entry) -> bool:
    """A thing named with "the" that the topic's title or keywords name ("the review")."""
    here = answering.topic_stems(topic)
    return any(stems <= here for stems in _named_with_the(text))


def _first_with_kind(entries, concepts: list[Concept], kind: str, chosen: dict[str, Choice] | None = None,
                     fits: Callable[[Choice], bool] = lambda c: True) -> Choice | None:
    """The first of the entries whose fact for the question is of the kind asked (and,
    where ``fits`` says more, such a fact)."""
    chosen = chosen or {}
    return next((c for c in (chosen.get(e.id) or answering.choose(e, concepts, kind) for e in entries)
                 if c.has_kind and fits(c)), None)


def _leads_with_kind(choice: Choice) -> bool:
    """Whether the first fact chosen carries the kind of fact asked."""
    return bool(choice.feature and choice.feature.search(choice.facts[0].text))


def _gives_kind(choice: Choice) -> bool:
    """Whether any fact chosen carries the kind of fact asked (a reason may follow its claim)."""
    return bool(choice.feature and any(choice.feature.search(f.text) for f in choice.facts))


def _unsaid_name(concepts: list[Concept], named: Entry, other: Entry, rare: float = 0.0) -> bool:
    """Whether the question names ``named`` in words of its title that ``other`` never says;
    with ``rare``, only in a word typed as the title has it, and no commoner than that
    ("board", not "work" nor "first")."""
    title, said = answering.title_stems(named), answering.fact_stems(other) | answering.title_stems(other)
    return any(c.said_in(title) and not c.said_in(said) and (not rare or c.weight >= rare and c.typed <= title)
               for c in answering.content_of(concepts))


# Where a clause or a question ends: "In England they test him in reception? When start this?"
_CLAUSES = re.compile(rf"\?\s+|{_CLAUSE.pattern}")


def _kind_question(meant: re.Match) -> str:
    """The question a correction names the kind of ("no, I asked WHEN"): "when"; "the
    date": "when"; "his name": "who"; "the co-chair's name": "who is the co-chair"."""
    if meant["wh"]:
        return meant["wh"]
    if meant["thing"] == "name" and meant["whose"]:
        return f"who is the {meant['whose']}"
    if meant["thing"] == "name" and meant["owner"] in ("his", "her"):
        return "who"
    return _KIND_QUESTIONS[meant["thing"]]


def _points_outside(sentence: str, snapshot: Snapshot) -> bool:
    """Whether a word of the sentence ("it", "that") points at something said before it.
    ("Children will be tested in reception - when does that start?": "that" is the clause
    before it, which names what it is about.)"""
    clauses = _CLAUSES.split(_EXISTENTIAL.sub(" ", sentence.lower()))
    if len(clauses) > 1 and len(answering.content_of(snapshot.concepts(" ".join(clauses[:-1])))) >= 2:
        return False
    return bool(_ANAPHORA.search(" ".join(clauses)))


_DEMONSTRATIVE = re.compile(r"\b(?:these|those|such)\s+([a-z]+)\b", re.IGNORECASE)
_STORY_WORD = re.compile(r"[A-Za-z][\w'-]*")


def _with_story_words(asked: str, text: str) -> str:
    """The question with "these schools" told as the story before it says them ("a
    residential school": "residential schools"); as it was when the story never says them."""
    pointer = _DEMONSTRATIVE.search(asked)
    start = text.rfind(asked)
    if not pointer or start <= 0:
        return asked
    noun = set(analyse(pointer[1]))
    story = _STORY_WORD.findall(text[:start])
    at = next((i for i in range(len(story) - 1, -1, -1) if noun and set(analyse(story[i])) == noun), None)
    if at is None:
        return asked
    # the words before it that say which ("a residential school", "his special school")
    before = list(itertools.takewhile(lambda w: analyse(w), reversed(story[max(0, at - 2):at])))[::-1]
    if not before:
        return asked
    return asked[:pointer.start()] + " ".join(before) + " " + pointer[1] + asked[pointer.end():]


def _leaves_topic(lowered: str) -> bool:
    """Whether the message says it leaves the topic under way ("separate thing, ..."); "back
    to the other thing" returns to an earlier one instead."""
    return bool(_NEW_TOPIC.search(lowered)) and not _RETURNED_TO.search(lowered)


# The bot spoken to or of, once what is asked of it ("can you tell me...", "do you know...")
# is set aside.
_SAID_TO_ME = re.compile(r"\b(?:you|u|ur|your|yours|yourself|you're|youre|you've|youve)\b")
_ASKS_OF_ME = re.compile(r"\b(?:can|could|would|will) (?:you|u) (?:please |pls |plz |possibly |also )?[a-z]+"  # any request
                         r"|\b(?:do|did|are|r) (?:you|u) (?:please |pls |plz |possibly |also )?"
                         r"(?:tell|give|show|explain|help|find|send|let|say|know|confirm|check|list|point|get|look|share|clarify|able)\b"
                         r"|\b(?:thank you|thankyou|if you (?:can|could|know)|you know|see you|mind you|are you sure)\b")


_A_PERSON_SAID = re.compile(r"\b(?:she|he)\b", re.IGNORECASE)


def _leans_on_context(text: str, content: list[Concept]) -> bool:
    lowered = text.lower().strip()
    # ("Is there one for the head as well?" asks more of what was said; "my sister might
    # be interested too" tells, asking nothing.)
    return len(content) <= 1 or bool(_ANAPHORA.search(lowered)) or bool(_ELLIPSIS.match(lowered)) \
        or bool(_AS_WELL.search(lowered)) and ("?" in lowered or answering.question_kind(text) != "what")


class Dialogue:
    """One turn: intent, then the action its rule names. A pure function of the message,
    the conversation so far and a knowledge snapshot; the caller keeps the context."""

    def __init__(self, rules: IntentRules, actions: Actions):
        self.rules = rules
        self.actions = actions

    def parse(self, text: str, snapshot: Snapshot) -> Parse:
        return self.rules.parse(snapshot.heard(text), snapshot.term_names)

    def turn(self, parse: Parse, context: dict, snapshot: Snapshot) -> tuple[Reply, dict]:
        parse = self.clicked(parse, context)
        if parse.intent == "empty":
            reply, new_context = self.actions.domain.reply("utter_empty", "empty"), context
        else:
            action = self.actions.domain.actions.get(parse.intent, "action_answer_from_knowledge")
            reply, new_context = self.actions.run(action, parse, context, snapshot)
        return _offer(reply, new_context)

    def clicked(self, parse: Parse, context: dict) -> Parse:
        """A message that is, word for word, a button the last reply offered stands for
        that button's option (a widget sends the button's words as its payload)."""
        options = context.get("options")
        option = options.get(normalise(parse.text)) if isinstance(options, dict) else None
        return self.rules.parse(option) if isinstance(option, str) else parse


@lru_cache(maxsize=4096)
def _button_key(title: str) -> str:
    """A button's words as a message saying them is looked up: the same titles (entries',
    "None of these") are offered again and again."""
    return normalise(title)


def _offer(reply: Reply, context: dict) -> tuple[Reply, dict]:
    """Channels send a button's own words as its payload (a click then reads as the
    parent's message in any widget), so the context keeps the option each button
    stands for until the next turn."""
    options = {_button_key(b["title"]): b["payload"] for b in reply.buttons}
    context = {k: v for k, v in context.items() if k != "options"}
    return reply, {**context, "options": options} if options else context
