"""What is asked, and which facts of an entry answer it.

An entry's ``answer`` is a summary; the fact a parent asked for (a name, a date, an
annex, a phone number, whether something is binding) often sits in ``details``,
``contact`` or ``dates``. This module splits every field into sentences (the facts),
works out what kind of thing the question asks for, and picks the sentences that carry
it: the reply leads with them. When the entry has no fact of the asked kind, it says so
instead of handing over an unrelated field.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import itemgetter
from typing import Iterable, Iterator, NamedTuple

from bot import english
from bot.knowledge import Entry, split_sentences
from bot.names import names
from bot.search import STOP_WORDS, Concept, analyse

FIELDS = ("answer", "details", "contact", "dates")
MAX_WORDS = 85  # the facts; the source line adds about 12: a phone screen's worth
GLOSS_WEIGHT = 0.2  # a question's word said only in a fact's gloss "(the first year of school)"
LEAD_SAID_BONUS = 0.1  # more than the small lead of earlier sentences (0.01 a place)
MIN_WORDS = 40  # fewer words than this and the next best fact is added too
UNSURE_WORDS = 95  # when no fact clearly holds the question's words, show a little more
LIST_SENTENCES = 4
MIN_COUNTED, MAX_COUNTED = 3, 20  # "the seven areas": a list asked for by how many items it has
COUNTED_LIST_WORDS = 6  # ...in a question of a few words: in a longer one a number is most often the story's
LIST_LEAD = 2  # how many sentences after the one saying the words a list's items may start
LIST_WORDS = 105  # a list's items, with the source line still within 120 words
SINCE_LINE = "Since then ({publisher}): {text}"

MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTHS = rf"(?:{MONTH_NAMES})"
_NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|first|second|third|twenty-first)"
# A number written as digits or as a word: what a count is made of.
_COUNTED_NUMBER = rf"\b\d[\d,.]*\b|\b{_NUMBER_WORDS}\b"

# What several items of a list are called: "the 3 things", "key themes" ("the 7 areas of
# engagement" is a name, not a list asked for).
_LIST_NOUN_WORDS = ("things changes themes points steps plans findings recommendations proposals projects measures "
                    "priorities announcements topics workshops guides documents areas ideas messages actions")
_LIST_NOUNS = rf"({'|'.join(_LIST_NOUN_WORDS.split())})\b(?! of)"
# The same, as stems: what "three things" may stand for in a question ("how many main findings?").
LIST_NOUN_STEMS = frozenset(analyse(_LIST_NOUN_WORDS))

# What a question asks for, tried in order: the first that matches wins. Each pattern
# runs on the lower-cased message with shorthand expanded.
# How a yes/no question opens: "is...", "and does...", "so can...".
_YES_NO_START = r"((and|but|so|ok|okay|also|then),? )?(is|are|was|were|do|does|did|can|could|will|would|should|has|have|had|must|may|might)\b"

# The people or places a thing is for: "for which children?", "which pupils is it for?"
_GROUPS = "children|pupils|kids|people|young people|families|schools|students|learners"

KINDS: tuple[tuple[str, re.Pattern], ...] = tuple((kind, re.compile(pattern)) for kind, pattern in (
    # What happened after the announcements ("what did the full response actually say?",
    # "results of the 2019 check?"): only a note of what changed since can answer.
    # ("who actually decided it?" asks whose decision it was)
    ("later", r"(?<!\bwho )\b(actually|finally|eventually|in the end) (said(?! (?:about|on|regarding)\b)|decided|ended up|came out|happened|turned out)\b"
              # (but "what did it say about how well kids actually do" asks how they do)
              r"|\bdid (?!(?:\w+ ){0,8}?how (?:well|much|far|badly)\b)(\w+ ){0,8}(actually|finally|eventually|in the end) (say(?! (?:about|on|regarding)\b)|do|decide|end up|come out|happen|turn out)\b"
              # ("what did the report end up being called?" asks its name)
              r"|\bend(ed)? up (saying|doing|being(?! (?:called|named|titled)\b)|happening)\b"
              r"|\bwhen it (finally |eventually )?came out\b|\b(results?|outcomes?) of the 20(1[89]|2\d)\b"
              r"|\b(made permanent|rolled out) (after|in|from) 20(1[89]|2\d)\b"
              # how it stood once it was over ("was it made permanent after the two years were
              # up?", "did it get extended after it finished?"), who came after someone
              # (a "when" that opens its clause asks when: "the second one, when it finishes?")
              r"|(\b(after|once)|(?<![,;:.?!-] )(?<!^)\bwhen) (it|they|the (\w+ ){0,3}(trial|pilot|review|check|years?|consultation)) (had )?"
              r"(finished|ended|was over|were up|was up|closed|concluded|ran out|ends|is over|finishes|closes)\b"
              r"|\b(was|were|did|has|have|had) (\w+ ){0,6}(made permanent|(get|got|been) (extended|scrapped|made permanent))\b"
              # ...or asked of it at the end: "was it extended after that?", "did it go national in the end?"
              r"|\b(was|were|has|have) (it|they|this|that|the \w+) (extended|renewed|rolled out|scrapped|dropped|delayed|postponed|cancelled)"
              r"(?= (after (that|it|this|then)|since|in the end|later|eventually)\b|\W*$)"
              # (whether it worked is its outcome: "did the trial work in the end?")
              r"|\bdid (?!(?:\w+ ){0,8}?(?:how|work|succeed|help)\b)(\w+ ){1,8}(in the end|eventually|after all|ultimately)(?=\W*$)"
              r"|\bwho (replaced|took (over|ova|ovr) from|succeeded|came after)\b"
              # "who is the minister for children after Robert Goodwill?"
              r"|\bwho(?:'s|s| is| was| became)( the)? (?:[\w'-]+ ){0,4}after\b"
              # how it stands today: "is he still the minister now?", "is it still running today?",
              # "has it been updated since 2017?", "is there a newer update now?"
              r"|\bstill( [\w'-]+){0,5} (now|today|these days|nowadays|currently|any ?more)\b"
              # ...or asked of what was just told: "is he still?", "is she still education secretary?",
              # "and now? is it permanent"
              r"|^\W*(and |so |but )?is (he|she) still\b(?! (covered|eligible|included|entitled|allowed|able|counted)\b)|^\W*(and |so |but |what about |how about )?(now|today|these days|nowadays)\s*\?"
              r"|^\W*(and |so |but )?(is|are) (it|that|this|they) still (true|the case|right|correct|running|happening|going on|going ahead|in place)\b"
              # of a person named: "is she still in post?", "what's he doing now?"
              r"|\bstill (in (post|office|the (job|role|post))|in charge|there)\W*$|\b(he|she|they)('s|s| is| are)? (doing|working|up to)( these days)? now\b"
              r"|\b(who|what)('s|s| is| are)( the)? (current|present)\b|\bcurrent (status|position|state)\b"
              # who holds an office today: "who's the minister for children and families now?"
              r"|^\W*(and |so )?who('s|s| is| are) (?!(?:it|this|that|they|he|she|them)\b)(the )?([\w'-]+ ){1,6}(now|today|these days|nowadays|at the moment)\W*$"
              r"|\b(newer|more recent|latest) (update|version|edition|one)\b.*\b(now|since|yet)\b"
              r"|\b(pick|picked|choose|chose|decide|decided|go with|went with|settle on|settled on) in the end\b"
              # a perfect tense measured up to today: "has that board met yet?", "has the trial
              # been made permanent now?", "has the department since implemented them?"
              # (What was published "so far" or "yet" is most often what 2017 saw published.)
              r"|^(\w+ ){0,2}(has|have)\b(?!(?: \w+)? (?:i|we|my|our)\b)(?!(?: \w+)? (?:published|released|put out|brought out)\b)[\w' -]{3,80}\b(yet|since|now|by now)\W*$"
              r"|\b(has|have|had) (\w+ ){0,4}since (been )?(\w+(ed|en)|set|put|made|met|got|brought|built|held|kept|sent|run|said|paid|found|told)\b"
              r"|\b(what('s|s| is| has)|anything( else)?) (\w+ ){0,2}(happened|changed|been done|come out)\b(\W+\w+){0,6} since\b"
              # ("has it been updated since 2017?", "changed again since then?")
              r"|\b(updated|changed|replaced|revised|superseded|reviewed) (again |at all )?since\b"
              r"|\b(anything|something|any \w+) (newer|more recent|later|new) (than|since|after) (20\d\d|that|this|then|it)\b"
              # of a person: "is he still the minister?"
              r"|^(so |and |but )?(is|are) (he|she|(?:[\w'-]+ ){1,3}?) ?still (the|a|an) \w+"
              # whether it will keep to time: "will it be late?", "is the response going to be delayed?"
              r"|^(so |and |but )?(will|is|are|was|were) (it|they|that|this|the (\w+ ){0,3}?\w+) (going to be |gonna be |be )?(late|delayed|on time|postponed|put back|pushed back)\W*$"
              # whether a plan came about: "did the check actually start in 2020?", "did it ever go ahead?"
              # ("what part of the rules did they actually change?" asks what changed)
              r"|^(?!.*\b(what|which|when|how|why)\b[^.?!]*\bdid\b).*?\bdid (\w+ ){0,8}(actually|ever|really) (start|begin|launch|go ahead|get set up|get going|change|happen|take place|come in|come into force)\b"),
    # What a person is or does: "what is Dame Christine's job?", "her profession?", "what does
    # Mark Geraghty do for a living?": the sentence saying it ("...a social worker by background").
    # (Not a yes/no question: "is a social worker's job affected?")
    ("role", r"^(?!\W*(?:(?:and|but|so|ok|okay)\W+)?(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|had)\b).*?"
             r"(?:\b(?:[\w'’.-]+(?:'s|’s|s')|his|her|their) (?:actual |real |day |main |own |original |previous |old )?"
             r"(?:job|profession|occupation|background|line of work|career)\b(?! (?:of|in|at|on|for)\b)"
             r"|\bwhat (?:does|did|do) (?:[\w'’.-]+ ){1,3}do (?:for a living|for work|as a job|by profession|by trade)\b)"),
    # How a thing was found out or put together: "how did the review gather its
    # information?", "how was the Lenehan review informed?": the sentences telling its
    # evidence, visits or survey, not what it found.
    ("method", r"\bhow (?:did|do|does|was|were|is|are|had|have) (?:[\w'-]+ ){0,5}?(?:gather|gathered|gathering|collect|collected|research|researched"
               r"|reach|reached|inform|informed|carry out|carried out|put together|compile|compiled|work out|worked out|come up with|came up with"
               r"|find out|found out|base|based|get (?:its|their|the) (?:information|info|evidence|data|views)|got (?:its|their|the) (?:information|info|evidence|data|views)"
               r"|find (?:stuff|things|it all) out|found (?:stuff|things) out)\b"
               r"|\bwhat (?:evidence|research|data) (?:did|was|were|is|does)\b|\b(?:was|is) (?:it|the \w+(?: \w+)?) based on\b"),
    # What must be sent or given: "what do we need to send to volunteer?", "what details do
    # they want from schools?": the sentence saying what was asked for, not how to get in touch.
    ("requirement", r"\bwhat (?:do|does|would|will|should|must) (?:we|i|you|schools?|they|the school|our school|heads?|parents) "
                    r"(?:need|have|got) to (?:send|include|provide|give|put|submit|say|tell them|supply|fill in|write)\b"
                    r"|\bwhat (?:info|information|details|data) (?:do|does|did|would|will) (?:we|i|they|you|the \w+|it) (?:want|need|ask for|require|have to send|need to send)\b"
                    r"|\bwhat (?:info|information|details|data) (?:is|are) (?:needed|required|wanted|asked for)\b"
                    r"|\bwhat (?:do|does|did) (?:they|the \w+) (?:want|need|ask for) from (?:us|me|schools|you)\b"),
    # The address itself, not just who to ask: "what's their email address?" is not
    # answered by "email the team".
    ("address", r"^(?:and |so |what about |what'?s |whats )?(?:his |her |their |its |the )?(?:e-?mail|website|web address|link"
                r"|(?:phone |contact |helpline |tel )?number|phone|tel(?: no)?|telephone)\W*$"
                r"|\b(e-?mail (address|addy)|(phone|telephone|contact|helpline|hotline|tel) (number|no)|web ?(site )?address|postal address"
                # (not "his link to the review": what he has to do with it)
                r"|(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bits )(?<!'s )link to|url|what(?:'s|s| is| was) (the|their|his|her) (e-?mail|phone|number(?! of\b)|website)"
                # the number just given, asked again: "whats that number again, just the number pls"
                r"|what(?:'s|s| is| was) (?:that|this) (?:phone |contact )?(?:number|e-?mail|website|link)\b"
                # (not a number asked another way first: "how long does it run for, just the number")
                r"|^(?!.*\b(?:how (?:long|many|much|often|old|far)|when|what (?:year|date|age))\b).*?\b(?:just )?(?:the|that) (?:phone )?number(?: again)?(?: (?:pls|please|plz))?\W*$"
                # the email as a thing wanted: "email for rochford pilot volunteers?", "the STA's email of the team"
                r"|^(?:and |so |what about )?(?:the |an |their |its )?e-?mail (?:for|of)\b"
                # ...wherever it is asked for: "I need the email for the team", "robertson's email",
                # "rochford review team email" (not "by email", nor "email them")
                r"|\b(?:the|their|his|her|its) e-?mail (?:for|of)\b|(?:'s|s') e-?mail\b(?! (?:them|him|her|me|us|it|to)\b)"
                r"|(?<!\bby )(?<!\bvia )(?<!\bon )(?<!\bin )(?<!\ban )(?<!\ba )(?<!\bi )(?<!\bwe )(?<!\bto )\be-?mail\W*$"
                # "what's the address of the trust?": a place to write to or visit, not "to address the needs"
                r"|(what(?:'s|s| is)|the|their|its|his|her) (full |postal |home |street )?address(?! (the|this|that|these|those|it|them|their|his|her)\b)"
                # an adviser's keywords ending on it: "seashell trust address"
                r"|(?<!\bto )address\W*$"
                # (or in a learner's word order: "which number I call?")
                r"|(what|which) (e-?mail|number|phone number|website|web address|link) ((do|should|can|would) )?(i|we|you|they|schools|parents))\b"),
    # ("Which organisation is that number for?" asks whose the number just given is.)
    ("contact", r"\b(contact|e-?mail|phone|telephone|ring|helpline|hotline|freephone|get in touch|get hold of|(?<!that )(?<!this )number (for|to call)"
                r"|who (do|can|should) (i|we) (speak|talk|write|ask|call)"
                # ...or someone else should: "who does he call?", "who can my son ring?"
                r"|who (do|does|can|could|should) (he|she|they|you|parents|schools|my \w+|his \w+|her \w+) (speak to|talk to|ask|call|ring|phone|e-?mail|contact)\b"
                # "is there anyone I can call about it?"
                r"|(anyone|anybody|someone|somebody|a person|a number) (i|we|parents|you) (can|could|should|might) (call|ring|phone|speak to|talk to|contact|e-?mail|write to|ask)|how (do|can) (i|we) (reach|join|sign up|take part|apply|volunteer|get (\w+ ){0,2}(onto|on to|involved))"
                # "where do I send questions?", "who takes queries?": whom to ask
                # (or, in a learner's word order, "where I can ask questions?")
                r"|where ((do|can|should|would) (i|we|you|people|schools|parents)|(i|we|you|people|schools|parents) (do|can|could|should|would))"
                r" (send|direct|take|email|address|raise|ask|put) (\w+ )?(questions|queries|enquiries|complaints|feedback)"
                r"|who (takes|handles|answers|deals with|fields) (the |any )?(questions|queries|enquiries))\b"),
    # Whether it worked: the announcements tell plans, so only a sentence reporting a
    # result answers ("the evaluation found..."), not the plan to evaluate it. A question
    # that opens with "when" asks a date ("when did the review report?").
    ("outcome", r"^(?!\W*(?:and |so |but )?when\b).*?\b((?<!who )(?<!what )(?<!which )did (it|they|the( \w+){1,6}) ((actually|really|ever|even|ultimately) )?(work|succeed|help)|has (it|this) (actually |really )?worked"
                # of what was just told: "what were the results?", "any results yet?"
                r"|^(?:and |so |ok |okay )?(?:what (?:were|are|was) the results|any results(?: yet)?|(?:the )?results? (?:out|in|back|published)(?: yet)?)(?=\W*$)"
                # "how did the review go?", not "how did the review go about it?" (a method)
                r"|how did (it|the( \w+){1,3}) go(?! about)"
                # a review's findings are what it says; a pilot's or trial's, how it went
                r"|(evaluation|pilot|trial) (results?|outcomes?|findings|report)"
                # what a thing only promised or planned in 2017 went on to say: "what did the
                # full response say?", "what did the evaluation conclude?", "what did the board
                # decide at its first meeting?" (a review's findings are said in 2017)
                r"|what did (the |its |their )?([\w'’-]+ ){0,6}?(evaluation|evaluators|researchers|(full|final) ([\w'’-]+ )?response"
                r"|first meeting|board)( [\w'’,-]+){0,8}? ((actually|finally|eventually|ultimately|really|end up) )?(say|find|show|conclude|decide|agree)"
                r"|results? of the( \w+){0,5} (evaluation|pilot|trial|check|test|tests|assessment)|(national|first|latest) results"
                r"|(findings|conclusions?|outcomes?) of the( \w+){0,2} (evaluation|evaluators|researchers)"
                r"|what did the (evaluation|evaluators|researchers) (find|say|show|conclude)|was it (a )?success(ful)?"
                r"|(did|does) (it|the( \w+){1,3}) make a difference|how well did)\b"),
    # Advice on the family's own case ("should we appeal?", "was it legal to exclude him?"):
    # news announcements never give it, so the honest answer is the IASS.
    ("advice", r"(^|[.!?]\s+|,\s*)(so |and |but |then )?(should|shall|ought) (i|we)\b"
               r"|\b((is|was|were|are) (it|that|this|they|he|she) (legal|lawful|allowed)\b"
               # whether something is within the law at all: "does it say whether my LA's policy is lawful?"
               r"|\b(is|are|was|were) ([\w'’]+ ){0,8}?(even )?(legal|lawful|illegal|unlawful)\b(?! (requirement|duty|basis|status|document|force))"
               r"|(can|could) (they|the school|the council|the la|school) (legally|lawfully)|is (it|that) against the law"
               r"|do (i|we) have (a|any) (right|case)|what are (my|our) rights|what (should|do|can) (i|we) do\b(?! to )"
               # an opinion asked of the bot: "do you think residential schools are better?"
               r"|(do|would) (you|u) (personally )?(think|reckon|believe|recommend|advise)|in your (opinion|view)|what would (you|u) do"
               # what a school or council may do to one's own child: "can the school exclude my son for...?"
               r"|(can|could|are|is) (the|a|my|his|her|our|their) (school|head|headteacher|head teacher|teacher|council|la|local authority"
               r"|academy|college|nursery) (\w+ ){0,2}(exclude|expel|suspend|refuse|reject|send|force|make|stop|ban|remove|deny|cut|reduce|allowed to)"
               r"\b(?=.*\b(my|our) (son|daughter|child|kid|boy|girl|grandson|granddaughter|twins?|children|kids)\b)"
               # ...or to their own school's pupil: "can my son's school exclude him for...?"
               r"|(can|could|is|are) (my|our) (\w+ )?(son|daughter|child|kid|boy|girl|grandson|granddaughter)'?s (school|head|headteacher|teacher|college|academy|nursery)"
               r" (\w+ ){0,2}(exclude|expel|suspend|refuse|reject|force|make|stop|ban|remove|deny|allowed to)\b"
               # ...or did, as the story says: "my son was excluded yesterday, can the school do that?"
               r"|^(?=.*\b(my|our) (\w+ )?(son|daughter|child|kid|boy|girl|grandson|granddaughter|twins?)\b).*?\b(can|could|are|is) (they|school"
               r"|the (school|head|headteacher|council|la|local authority|college|academy|nursery))( even| really| actually)? (do|allowed to( do)?|legally do) (that|this)\b"
               r"|\b(is|are) (my|our) (son|daughter|child|kid|boy|girl|children|kids) (\w+ )?entitled to|can the head do (this|that)"
               # help to get one's own child something: "how do I get my son a place there?",
               # "can you help me get her assessed?"
               r"|(\bhow (do|can|could|should|would) (i|we)|\b(can|could) (you|u) help (me|us)( to)?|^(help (me|us) )?(to )?) get (him|her|them|my (\w+ )?(son|daughter|child|kid|boy|girl|grandson|granddaughter)"
               r"|our (\w+ )?(son|daughter|child|kid)) (\w+ ){0,2}(a place|into|in to|assessed|diagnosed|seen|an? (ehcp|ehc plan|assessment|diagnosis|place))\b"
               # what the family may do or can expect in their own case: "can I take the council
               # to tribunal over it?", "can I stop the exclusion?", "will it help my appeal?",
               # "will that make our LA say yes?", "has my local area been inspected yet?"
               r"|(can|could) (i|we) (take (the|my|our|them|him|her|it)\b.{0,25}\bto (tribunal|court|the ombudsman)|stop|appeal|challenge|overturn|fight|sue)\b"
               # ...or to the child the story told of, named by "him" or "her": "can they exclude him
               # for something his ADHD causes?", "can they take her off the meds?", "will that help her get in?"
               r"|(can|could|will|would|should) (they|the school|school|the head|the doctors?|the gp|the council|the la|the consultant)"
               r" (\w+ ){0,2}(exclude|expel|suspend|refuse|reject|force|make|stop|ban|remove|deny|take|put|move|send|keep)"
               # (or keep on at it: "can the school keep doing that to him?")
               r"( (doing|excluding|sending|suspending)( (that|this|it))?( to)?)? (him|her|my (\w+ )?(son|daughter|child|kid|boy|girl|grandson|granddaughter))\b"
               # how to take one's own case further: "how do I appeal if the council says no?"
               r"|\bhow (do|can|should|would|could) (i|we) (go about )?(appeal|complain|challenge|dispute|take (them|the council|the la|it|this|my case|our case) to)\b"
               # ...said the other way round: "can my autistic son be excluded for his behaviour?"
               r"|\b(can|could|should|will|would) (my|our) (\w+ )?(son|daughter|child|kid|boy|girl|grandson|granddaughter) be"
               r" (excluded|expelled|suspended|sent home|refused|removed|kicked out|made to|forced to)\b"
               # what would follow in the family's own case: "what happens if she fails it?"
               r"|what (happens|will happen|would happen)( to (him|her|them|us|me))? if (he|she|i|we|my|our|his|her)\b"
               r"|will (it|that|this) (help|affect|change|stop|hurt|harm|count against) (him|her|my (son|daughter|child))\b"
               r"|will (it|that|this|they|the \w+) (help|make|change|affect|sway|win) (my|our|his|her|the) (\w+ )?(appeal|case|tribunal|la|council|school|panel|chances|son|daughter|child)"
               # what it means for the family asking: "what does that mean for us?", "how will this affect me?"
               r"|what (does|will|would|do) (it|that|this|all (this|that)|any of (this|that)|they|these|those)( \w+){0,2} mean for (us|me|my family|our family|ourselves)\b"
               r"|how (does|will|would|could|might) (it|that|this|all (this|that)|any of (this|that)) (\w+ )?(affect|change things for|impact( on)?) (us|me|my family|our family)\b"
               r"|(has|have|is|was|did) (my|our) (own )?(local area|area|council|la|local authority|school|child's school|son's school|daughter's school) (\w+ ){0,2}(been |got |had )?(inspected|visited|rated|assessed|chosen|picked|included|involved)"
               # whether one's own case is in it, or what it will make others do for one's child: "will my
               # daughter's case be part of it?", "will it force my council to fund his placement?",
               # "will the NHS pay for him to come home?", "will there be a trial in my area?"
               r"|(will|would|is|are) (my|our) (\w+'s |\w+s' )?(\w+ ){0,2}(case|appeal|hearing|claim|application|tribunal)\b[^?.!]{0,30}? (be )?(part of|in|included|covered|counted|affected|eligible)"
               # ("if I lodge my appeal in April will it be part of it?")
               r"|\bif (i|we) (lodge|submit|make|put in|send in|send|file) (my|our|an?|the) (\w+ )?appeal\b.*\b(will|would) (it|that|this|they|i|we)\b"
               r"|(will|would|could) (it|that|this|they|the \w+) (force|make|get|help) (my|our|his|her|the) (council|la|local authority|school|nhs|ccg|son|daughter|child)\b(?=.*\b(him|her|my|our|his)\b)"
               r"|(will|would) (they|the nhs|the council|the la|the local authority|the school|the ccg) (pay|fund|cover) (for )?"
               r"((him|her)\b|(my|our|his|her) (son|daughter|child|kid|grandson|granddaughter|boy|girl|placement|care|therapy|meds|medication)\b)"
               r"|(will|would) there be (a|an|one|any) (\w+ ){0,2}(in|near|for) (my|our) (area|county|borough|town|city|local area|region|council|la|school)"
               # what one's own child will be let off or given in a test: "will my dyslexic son get
               # extra time on it?", "will he be exempt from the check?"
               r"|(will|would|can|could) ((my|our) (\w+ ){0,2}(son|daughter|child|grandson|granddaughter|kid|boy|girl)( (with|who has) \w+)?|he|she) (still )?"
               r"(get (extra|more) time|get a reader|have a reader|get access arrangements|be exempt|be excused|be let off|be disapplied)"
               # whether it reaches one's own case: "will it cover my case?", "can my daughter's appeal
               # use it?", "would it help my son who has no plan?", "is my son's school one of them?",
               # "does that mean my council has to visit him?"
               r"|(will|would|does|could|can) (it|that|this|they|the \w+) (cover|apply to|help with|work for) (my|our) (\w+'s |\w+s' |\w+ )?(case|situation|circumstances|appeal|claim|hearing)\b"
               # "can I use it for our appeal next month?", "will it help me get OT in my son's plan?"
               r"|(can|could|may) (i|we) use (it|this|that|the \w+)( \w+)? (for|in|at|with) (my|our)\b"
               r"|(will|would|could|can) (it|that|this) help (me|us) get\b.{0,40}\b(my|our|his|her)\b"
               # what the family's own council or school will do: "will our council keep paying
               # for her placement?", "can you tell me if my council will change its mind?"
               r"|\b(will|would) (my|our) (council|la|local authority|school|college|nhs|ccg)('s)? (\w+ ){0,2}(keep|change|stop|pay|fund|give|agree|listen|back down|budge)\b"
               r"|\b(if|whether) (my|our) (council|la|local authority) (will|would|has to|have to|must|is going to)\b|\b(if|whether) (my|our) (school|college) (will|would|has to|must)\b"
               # what the family can make happen in their own case: "can I opt him out of it?",
               # "will I definitely get her a place?", "can I get his GP to reduce his meds?"
               r"|^\W*(?:(?:and|so|but|ok|okay)\W+)?(will|would|can|could) (i|we) ((definitely|actually|still|ever|really) )?"
               r"(get|win|be able to|opt|visit|move|keep|make|push|force|stop)\b.*\b(him|her|them|my|our|his)\b"
               # ...and what a school, council or employer will do in it: "will the plumbing firm
               # take him on?", "will her employer know about it?" (not what the tribunal's
               # recommendations oblige: "will the council have to do what it says?")
               r"|^(?!.*\b(do|follow|act on|listen to) what\b)\W*(?:(?:and|so|but|ok|okay)\W+)?(will|would) (the|my|our|his|her|their) ([\w']+ ){0,2}"
               r"(school|la|council|local authority|employer|firm|college|gp|ccg|nhs|academy|nursery|provider|company) ([\w']+ ){0,3}"
               r"(take|know|find out|tell|fund|pay|accept|agree|have to|be forced|be made|let|refuse|keep|give)\b"
               # a child's own medicine: "does my son's medication need changing?", "can you get his meds reduced?"
               r"|\b(my|our|his|her) (\w+'?s )?(meds|medication|medicine|dose|dosage|tablets) (\w+ ){0,2}(need|needs|should|be)( \w+)? (changing|changed|reduced|increased|stopped|lowered|cut)\b"
               r"|\bget (my|our|his|her) (\w+'?s )?(meds|medication|medicine|dose|dosage) (reduced|changed|reviewed|stopped|lowered|cut)\b"
               r"|(will|would|could|might) (it|that|this) help (my|our) (\w+ ){0,2}(son|daughter|child|kid|boy|girl|grandson|granddaughter|case|appeal)\b"
               r"|(can|could|will|would) (my|our) (\w+'s |\w+s' )?(\w+ ){0,2}(appeal|case|claim|hearing|tribunal) (\w+ ){0,4}(use|join|go into|benefit from|be heard (in|under)) (it|this|that|the (trial|pilot|scheme))\b"
               r"|(is|are|was) (my|our) (\w+'s |\w+s' |\w+ ){0,2}(school|area|council|la|local authority|nursery|college|academy) "
               r"(one of (them|those|the \w+)|in (it|the (pilot|trial|list|scheme))|on the list|taking part|involved|included|part of (it|the \w+))"
               r"|(does|will|would) (that|this|it) mean (my|our) (\w+ ){0,2}(council|la|local authority|school|son|daughter|child|nhs|ccg) (has|have|will|must|is|are|should|can)\b"
               # how the family's own case will end: "if I appeal will I win?", "will it mean we win?",
               # "what are our chances at tribunal?", "anything in it I can use to win our appeal?"
               r"|((will|would|could|can|do|does|did|are)|\bmeans?( that)?) (i|we|us|my \w+|our \w+|he|she|they)('d|'ll|’d|’ll)? (\w+ ){0,2}(win|lose|be successful|succeed|stand a chance|have a (good |strong |decent )?(chance|case))\b"
               r"|(what are|what're|whats|what's|how good are) (my|our|his|her|the) (chances|odds)|\b(my|our) (chances|odds)\b"
               r"|(use|help (me|us)) to win\b|how (to|do (i|we)|can (i|we)) win)"),
    # A deadline is a date by which something must be done: a plan's start date is none.
    ("deadline", r"\b(deadlines?|closing date|cut-?off( date)?|time limits?|last date"
                 # ("how long have we got before the tests are scrapped?" asks when that happens)
                 r"|how (long|many (days|weeks|months|years|terms)) (do|does|did|has|have) (\w+ ){1,3}(have|got)(?! (before|until|till|til)\b)( to| for)?)\b"),
    # A time of day ("what time does the webinar start?"): a date does not tell it.
    # Opening hours ("are they open at weekends?", "what hours are they open?"); not a
    # start ("when does it open?") nor whom it is for ("is it open to SENCOs?").
    ("opening", r"\b(opening (hours|times|days)|(what|which) (hours|days|times) (are|is|do|does) (they|it|(?:that |the |this )?\w+) open"
                r"|(are|is) (they|it|(?:that |the |this )?\w+) open (at|on|over|in the|during|late|24|weekends?|saturdays?|sundays?|evenings?|bank holidays?)"
                r"|open (24|all day|round the clock|every day))\b"),
    # The day itself ("which day in spring 2018?", "what exact date in November?"): a month
    # or a season does not tell it. ("When exactly?" most often asks for more than a year:
    # "autumn when exactly", "when exactly, what month".)
    ("day", r"\b((what|which) (exact |precise |actual )?day\b(?! (of the week|of the month))|(exact|precise|actual) (date|day)"
            r"|what date exactly)\b"),
    ("clock", r"\b(what time of (the )?day|time of day|what time (does|do|is|will|did|are|was|would)|what hour|(start|starting|finish|finishing) time|o'?clock)\b"),
    # The members of a group by name: "which 50 schools are in it?", "names of the hubs".
    # A count ("about 50 schools") names none of them.
    # (Which ones a letter was copied or sent to is whom it went to: see "recipient".)
    ("names", rf"^(?!.*\b(?:copy|copied|cc|cc'd|send|sent|address|addressed|write|wrote|written) (?:[\w'’]+ ){{0,6}}?to\W*$).*?"
              rf"\b(which (\d+ |{_NUMBER_WORDS} )?(\w+ )?(schools|hubs|areas|councils|authorities|las|la's|organisations|organizations"
              r"|charities|trusts|members|colleges|providers|companies|employers)|names of (the|all|each|every)|actual names"
              # "list of the 50 pilot schools", "board members" (not "membership fee": a price)
              rf"|lists? of (the |all )?(\d+ |{_NUMBER_WORDS} )?(\w+ ){{0,2}}(schools|hubs|areas|councils|authorities|las|members|colleges|providers|trusts|charities)"
              r"|members\W*$|membership(?! (fee|fees|cost|costs|price|charge|charges|rate|rates)))\b"),
    # ("How long after that does it start?", "how long until it opens?" ask when.)
    ("how_long", r"\b(how long(?! (?:after|before|until|till|til)\b)|for how long|how much (longer|time)|length|how many (years|months|weeks|days)|duration|how old is|how old\W*$|since when)\b"),
    # "How much power will the tribunal have?", "how much of the plan...?" ask an extent,
    # not a sum: "how much" before a thing (other than money) or "of" asks no price.
    ("how_much", r"\b(how much(?!\s+(of\b|(?!(is|are|was|were|will|would|does|do|did|can|could|should|has|have|had|it|they|we|i|you"
                 r"|he|she|this|that|these|those|the|a|an|money|cash|funding|pay|in|for|per|each|altogether|roughly|exactly)\b)[a-z]{3,}\b))"
                 r"|cost|costs|price|fee|fees|pay|paid|payment|funding|funded|money|grant|budget)\b|£"),
    ("how_many", r"\b(how many|number of|how often|amount of|percentage|per ?cent|proportion|pass ?mark|pass rate|(what|which) (score|mark|grade|level) (\w+ ){0,4}(pass|need)|(volunteer|school|pupil|response|applicant)s? count"
                 r"|(pilot|trial|sample|group|cohort) size|size of the (pilot|trial|sample|group|cohort))\b"),
    # "Webinar dates", "what are the dates": several, a list of them (below).
    # ("When volunteering, what must a school send?": a "when" before an -ing word asks no time.)
    ("when", r"\b(when(?! \w+ing\b)|(what|which) ((school|academic|calendar|financial) )?(date|time|year|month|day)(?! groups?\b)|deadline|by when|date|what time|timings?"
             r"|timetables?|schedule|timelines?|timescales?|time ?frames?"
             # a time asked by what it came before or after: "before or after the summer hols?"
             r"|(before|after) or (before|after)|how (long|soon) (after|before|until|till|til))\b"
             # An adviser's keywords asking after a start or an end: "engagement pilot start?"
             # ("Institute of Teaching launch", without the question mark, names the news.)
             r"|^(?!.*\b(why|how|what|who|which|where|whom|whose)\b)([\w'-]+ ){1,6}(start|starts|begin|begins|launch|launches|kick off|end|ends|finish|finishes|close|closes)\s*\?+\W*$"
             # ...or without one, but for a launch: "engagement pilot start", "redress trial end roughly"
             r"|^(?!.*\b(why|how|what|who|which|where|whom|whose)\b)([\w'-]+ ){1,6}(start|starts|begin|begins|end|ends|finish|finishes)( (roughly|exactly|approx|approximately))?\W*$"
             # "from?", "and until?": a bound in time asked in a word; "year?", "month": the
             # time asked of what was just said; "response due": when it is due
             r"|^\W*(and |so )?(from|until|till|til)\s*\?+\W*$|^\W*(and |so |which |what )?(years?|months?|days?|dates?)\W*$"
             r"|\bdue( out| back| in| to (start|end|open|close|launch|finish|be out))?\W*$"),
    # "Where" that asks, not the "where" of "the trial where the tribunal can...".
    ("where", r"(^|[.?!,;:(]\s*|\b(and|but|so|then|ok|okay|or|know|tell me|wondering|wonder|idea|sure|find out|ask)\s+)where\b|\bwhere(?=\s+(is|are|was|were|do|does|did|can|could|will|would|should|shall"
              r"|has|have|had|might|must|to|in|on|at|abouts)\b|'s|s\b|\W*$)|\b(which (venue|city|town|place|website|site)|locations?|venues?|whereabouts)\b"
              # "is there anywhere I can still watch it?" asks where, not yes or no
              r"|\b(any|some)where (i|we|you|they|parents) (can|could|might) (still |now )?(watch|read|find|see|get|download|view|look at)\b"
              # ...and so does whether it can still be watched: "can I still watch it?" asks where a recording is
              r"|^\W*((and|so|ok|okay|but)\W+)?(can|could) (i|we|you|parents|people) (still |now |then |later |also )?(watch|view|catch up on|catch|rewatch|re-watch|listen to)"
              r" (it|that|this|them|that one|the \w+)( (again|back|later|now|online|anywhere|somewhere))*\W*$"),
    # "What are the standards for?", "rationale?", "the aim of it": a reason or purpose.
    ("why", r"\b(why|reason|reasons|rationale|what for|purpose|how come|point of|the aims? of|to what end|(idea|thinking|logic|reasoning|motive|motivation) behind)\b"
            r"|^what(\s+(is|are|was|were)|'s|s)\b.{1,60}\bfor\W*$"
            # what it is meant to achieve: "what's it meant to achieve?", "aim of it?", "whats the point then",
            # "how will the trial actually help families?"
            r"|\b(meant|supposed|trying|hoping|intended|designed|going) to achieve\b|\baims?\b(?! (at|for)\b)|\b(goal|goals|objective|objectives)\b"
            r"|\b(what'?s|whats|what is|what was) the point\b|\bthe point (of|then)\b"
            r"|\bhow (will|would|does|is|could) (it|this|that|the [\w ]{1,30}?) (actually |really )?(help|benefit|improve)\b"),
    # Whom something is for: "who is it aimed at?", "is it meant for parents?"
    # Whom a letter or notice went to: "who was it to?", "who did the minister write to?".
    # ("Who does it apply to?" asks whom it is for.)
    ("recipient", r"\bwho (?:was|were|is|are|did|does|do|has|had) (?!(?:\w+ ){0,6}(?:apply|applies|relate|relates|talk|speak|turn|listen)\b)"
                  r"(?:[\w'’]+ ){0,8}(?:sent |addressed |written |going |gone |sending |writing |copied )?to\W*$"
                  r"|\bwho (?:did|does|has|had) (?:\w+ ){1,4}(?:write|send|sent|address|addressed|email|emailed|written|go|went|copy|copied) (?:it |that |this |them )?to\b"
                  r"|\bto whom\b|\bwho (?:else )?(?:got|received|gets|receives|was sent) (?:it|this|that|the \w+|a copy|copies)\b|\bwho (?:else )?(?:got|was|were|has been|have been) (?:copied|cc'?d)\b"
                  # whom it was told: "who got told about it?", "who was informed?", "who did they tell?"
                  r"|\bwho (?:else )?(?:got|was|were|has been|have been|gets|is|are) (?:told|informed|notified|written to|sent it)\b"
                  r"|\bwho (?:did|do|does|will) (?:they|he|she|it|the \w+) (?:tell|inform|notify|write to)\b"
                  # "which organisations did the minister copy his letter to?"
                  r"|\b(?:which|what) (?:other )?(?:organisations|organizations|groups|bodies|people|services|agencies|councils|partners|professionals)"
                  r"\b.*\b(?:copy|copied|cc|cc'd|send|sent|address|addressed|write|wrote|written) (?:[\w'’]+ ){0,6}?to\W*$"),
    # ...and who it applies to: "who qualifies?", "who can benefit?", "who do the changes apply to?"
    ("audience", r"\b(aimed at|meant for|intended for|designed for|targeted at|for whom|for who\b(?!\s+(?:to|i|we|you|they|is|are|was|were|will|would|can|should|do|does)\b)|(target |intended )?audience|who('s| is| was| are| were) (it|this|that|they|these|those|the \w+)( (written|made|meant|designed|intended))? for|who (its|it's|it is) for\b|who for(?=\W*$)|who('s| is| was) the( [\w'-]+){2,5} for( again| then| exactly)?(?=\W*$)"
                 # "who is it supposed to be for?", "who are they meant to help?"
                 r"|who('s| is| was| are| were) (it|this|that|they|these|those|(the|that|this|these|those)( \w+){1,4}) (supposed|meant|going|designed|intended) to (be for|help|benefit|support|serve)"
                 r"|who (qualifies|is eligible|are eligible|counts)|eligib\w*|who (can|could|will|would) (benefit|qualify|apply|use (it|them|this|these)|get (it|them|this|these)|have (it|them)|take part|join|sign up|go)"
                 r"|who (does|do|did|will|would) (it|this|that|they|these|those|the \w+( \w+){0,4}) (apply|applies|cover|covers|help|helps) ?(to)?"
                 # "which pupils do they apply to?", "what children does it cover?"
                 rf"|(which|what) ({_GROUPS}) (does|do|did|will|would) (it|this|that|they|these|those|the \w+( \w+){{0,4}}) (apply|cover|help)"
                 # "for which children?", "which pupils is the board for?"
                 rf"|for (which|what) (sort of |kind of |type of )?({_GROUPS})"
                 rf"|(which|what) ({_GROUPS}) (is|are|was|were|will) "
                 r"(it|this|that|they|these|the \w+( \w+){0,3}) (for|aimed at|meant for)"
                 # whether it covers one's own: "does the new maths rule cover her?", "is he covered?"
                 r"|(does|do|will|would) (it|this|that|they|these|the ([\w'-]+ ){0,5}(rules?|changes?|scheme|guidance|trial|pilot|check)( (for|on|about) [\w'-]+)?) "
                 r"(cover|covers|apply to|include|count for) (him|her|them|me|us|my|our|his|people|children|kids|pupils|students|apprentices|sencos|schools)"
                 r"|(is|are) (he|she|they|my \w+|our \w+) (covered|included|eligible)"
                 # "which young people can use the new rules?"
                 rf"|(which|what) ({_GROUPS}|apprentices) "
                 r"(can|could|will|would|may) (use|get|have|benefit from|apply for|qualify for|take part in|join)"
                 # "which groups of people are covered by the changed requirements?"
                 rf"|(which|what) ((groups?|kinds?|types?|sorts?) of )?({_GROUPS}|apprentices|groups) (are|is|were|was|will be|would be) (covered|included|eligible))\b"),
    ("who", r"\b(who|whom|whose|which (minister|organisation|organization|person|people|group|body|charity|team|department|agency|service|authority|schools|councils|children|pupils)"
            r"|name of the (person|minister|chair)|sent to|aimed at|for whom|(led|headed|chaired|run|written|announced) by"
            r"|lead (reviewer|author)|reviewer|speakers?"
            # a name asked to be spelled: "spelled how?", "how do you spell his name?"
            r"|spell(ed|t|ing)?)\b"
            # An adviser's keywords that end on a role: "redress trial - announcing minister".
            r"|(\s[-:–]\s*|,\s*)(\w+ )?(minister|chair|chairs|co-?chairs?|chairperson|author|authors|organiser|organizer|host|hosts|presenter|presenters|leader|lead)\W*$"),
    # What something is or was about: its subject ("what was Goodwill's letter about?",
    # "what did he write to councils about in September?", "what's that about?").
    # The subject is the last word asked: "what did he say about exclusions?" asks about them.
    # ...and "about?" alone, of what was just told.
    ("about", r"^\W*(?:and |so |ok |okay )?(?:all |mainly |exactly )?about\W*$"
              # its subject asked in a word: "topic?", "what's the topic of it?", "subject of the talk?"
              r"|^\W*(?:and |so |ok |okay )?(?:the |its |what'?s the |whats the |what is the |what was the |main )?(?:topic|subject|theme)"
              r"(?: of (?:it|that|this|that one|the [\w'’]+))?\W*$"
              r"|\b(?:what(?:'s|s| is| was| are| were| will| would) (?:[\w'’]+ ){0,6}|what did (?:[\w'’]+ ){1,6}"
              r"(?:write|say|talk|speak|email|send)(?: [\w'’]+){0,5} )(?:(?:all|mainly|mostly|actually|really|exactly) )?about"
              r"(?: (?:in|on|at|last|back|then|exactly|again)\b[\w ]{0,20})?\W*$"
              # Whether anything is out on a subject asks what it is: "has anything been published about...?"
              # ...and what it covers: "what does it cover?" (a course's contents, not a list of items)
              r"|\bwhat (?:does|do|will) (?:it|they|this|that|the \w+) cover\b"
              r"|^(?:has|have|is|are) (?:there |the \w+ |they |anyone )?(?:anything|something|any \w+)(?: new)? (?:been )?"
              r"(?:published|written|put out|brought out|released|produced|issued|out)\b"),
    ("named_thing", r"\b(which (annex|guide|document|report|one|form|test|workshop|resource|paper|scheme|bit|part|section|chapter|page)|what (is|was|are|were) (it|they|that) called"
                    r"|what('s| is) the name|name of|title of|called"
                    # "what's the report title?", "the guide's name?"
                    r"|(what('s|s| is| was) )?(the|its|their|his|her) (\w+ )?(title|name)\W*$|'s (title|name)\W*$)\b"),
    ("list", r"\b(recommend|recommendations|findings|find|found|list|what (were|are) the"
             r"|what (changes|plans|things|steps|points|themes|measures|reforms|proposals|options|projects|priorities)\b|what did (it|they|he|she|the \w+) (say|find|recommend|promise|announce|include|cover|suggest|show)"
             r"|what (does|do) (it|they) include|main points|key points|what else"
             # "what does the guide actually say?", "what will the institute do?", "what's in it?": its contents
             r"|what (does|do|will|would) ([\w'’]+ ){1,6}(?<!to )(say|contain|do)(?= *(for [\w ]{1,25})?\W*$)|what('s| is) (actually )?in (it|them|that|this|the)"
             # "name all seven aspects", "name them": the items, each by name
             rf"|^(can you |could you |please )?name (them|all|the (\d+|{_NUMBER_WORDS})|(\d+|{_NUMBER_WORDS}))"
             # "the 3 things", "key themes", "main changes", "what did the sec of state announce",
             # "what's involved", "what topics were in it", "webinar dates"
             # (not "the one with the 7 areas thing", which names the thing)
             rf"|(?<!one with )(?<!one about )(?<!one on )the (\d+|{_NUMBER_WORDS}) {_LIST_NOUNS}|(main|key) {_LIST_NOUNS}|what did ([\w'’]+ ){{1,5}}(say|find|recommend|promise|announce|include|cover|suggest|show|publish|put out)"
             r"|involved?|involves|what topics|which topics|what (was|were) in|dates|coming up|upcoming)\b"),
    ("definition", r"\b(what (is|are|does) .{1,40} (mean|stand for)|meaning of|what is (a|an) |definition)\b|\b(meaning|stands? for)\W*$"),
    # "Is there anything new about apprenticeships?", "has anything changed for apprentices?":
    # what there is to tell, not a yes or no.
    # ("Is there anything for parents on exclusions?" asks whether there is one for them.)
    ("what", r"^((and|but|so|ok|okay|also|hi|hello),? )?((is|are) there (anything|any (news|updates?|information|info|changes?))( new| more| else)?"
             r" (on|about|regarding|re)|(has|have) (anything|something) (changed|happened) (on|about|for|regarding|with|to))\b"),
    # ("and does the council have to follow it?": the "and" joins it to the last question)
    ("yes_no", rf"^{_YES_NO_START}"
               r"|\b(is|are|was|were|does|do|did|will) (it|that|this|they|he|she|there) .*\?$"),
))

# Where people went ("fieldwork visits to schools"): a place only for a question of going.
_WENT_TO = r"|\b(visits?|visited|went|trips?|travelled) to\b"

# What a sentence must contain to carry each kind of fact.
# A time of day ("9.30am", "5 pm"): what a clock time and opening hours are both told in.
_AM_PM = r"\b\d{1,2}([:.]\d\d)? ?(am|pm)\b"
FEATURES: dict[str, re.Pattern] = {kind: re.compile(pattern, re.IGNORECASE) for kind, pattern in {
    "outcome": r"\b(evaluation|researchers|evaluators|it) (found|showed|concluded|reported)|\bresults? (showed|were|was)\b"
               r"|\b(worked well|was a success|made a difference)\b",
    "day": rf"\b\d{{1,2}}(st|nd|rd|th)?( (and|or|to|-) \d{{1,2}}(st|nd|rd|th)?)?( of)? ({MONTH_NAMES})\b|\b({MONTH_NAMES}) \d{{1,2}}(st|nd|rd|th)?\b"
           r"|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b",
    "clock": rf"{_AM_PM}|\b\d{{1,2}}[:.]\d\d\b|\b(noon|midday|o'?clock|lunchtime)\b",
    "opening": rf"{_AM_PM}|\b(mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?|weekends?|weekdays?"
               r"|24 hours|24/7|any time|bank holidays?|opening (hours|times))\b",
    "deadline": r"\b(deadline|closing date|closes?|cut-?off|no later than|by (the )?(end|\d)|before (the )?(end|\d)|within \d+)\b",
    "address": r"@|\b0\d{2,4}(?:[\s-]?\d{2,4}){1,3}\b|https?://|www\.|\.(gov|org|co|ac|nhs)\.uk\b",
    "contact": r"@|\b0\d{3}\s?\d|\b(phone|telephone|e-?mail|call|contact|write to|helpline|get in touch|website|online form)\b",
    "how_long": rf"\b(\d+|{_NUMBER_WORDS})[ -](years?|months?|weeks?|days?|terms?)\b|\b(since|until|for (the )?(next )?(\d+|{_NUMBER_WORDS}) (years?|months?))\b|\byear\b|\b{_MONTHS}\b",
    # An amount, or that it is free: "places can cost more" does not say how much.
    "how_much": rf"£|\b(\d[\d,.]*|{_NUMBER_WORDS}) (pounds?|million|billion|per ?cent)\b|\b(free|free of charge|no cost|paid back|in full)\b",
    "how_many": rf"{_COUNTED_NUMBER}|\b(all|every|each|both|several|many|few|dozens?)\b",
    "when": rf"\b{_MONTHS}\b|\b(19|20)\d\d\b|\b(spring|summer|autumn|winter|term|academic year|week|today|tomorrow|deadline|dates?)\b",
    # (a capitalised name, not a month nor letters that stand for a thing: "in SEND", "at KS2")
    "where": r"\b(in|at|on) (the )?(?!(January|February|March|April|May|June|July|August|September|October|November|December)\b)(?!(?-i:[A-Z]{2,}[0-9s]?)\b)(?-i:[A-Z])[a-zA-Z.]+|\b(London|Birmingham|Manchester|Leeds|Bristol|York|Sheffield|Nottingham|Stoke|online|webinar|venue|website|web page|page|link|library|gov\.uk|held)\b"
             # places that are no names: "annex C of the guidance", "in their local community", "from 8 hubs"
             r"|\b(annex(es)?|annexe|hubs?|local community|in (the|their|its) community|at home|close to home|near home|mainstream)\b"
             # where people went: "fieldwork visits to schools, colleges and councils"
             + _WENT_TO,
    "why": r"\b(because|so that|so they|so it|in order to|aims? to|aimed to|(the )?(aim|purpose|point|idea|goal) (is|was|would be) to|(the )?(aim|purpose|goal) (is|was|would be)|enables?|to help|to make|to improve|to give|to support|to ensure|to let|to find|to check|reason|purpose|builds on|would mean|means that|since"
           r"|benefits?|advantages?|encourages?|would let|will let|ambition|goal|intended)\b",
    # (A name is two capitalised words as written, "Paul Maynard", not any two words.)
    "who": r"(?-i:\b[A-Z][a-z]+ [A-Z][a-z]+\b)|\b(ministers?|chair|chairs|chaired|director|directors|secretary|chief|head|lead|leads|led|officer|officers|team|professor|dr|mr|mrs|ms|mp|dame|sir|lord|council|councils|department|dfe|sta|agency|commission|ofsted|cqc|nhs|foundation|trust|charity|group|groups|board|panel|body|service|organisation|organisations|schools|families|parents|carers|teachers|senco|sencos|pupils|children|young people|people|local authorities|employers|providers|colleges|inspectors|government|staff|professionals|leaders|managers|researchers|evaluators|representatives|hubs|experts|members|specialists|institute|association|network|forum|taskforce|authority|tribunal|(?:those|anyone|everyone) who)\b",
    "audience": r"\b(written|meant|designed|intended|aimed|targeted) (for|at)\b|\bfor (parents|families|carers|schools|teachers"
                r"|professionals|sencos?|councils|local authorities|children|young people|head teachers|anyone|people|staff|those|learners|apprentices|pupils"
                r"|(?:senior )?managers|leaders|directors|officers|commissioners|nurses|(?:training )?providers|employers|advisers|practitioners|governors)\b"
                r"|\b(helps|help|applies to|covers|eligible)\b",
    "requirement": r"\b(asked (?:for|to (?:send|give|provide|include))|needed|must|required|requirements?|should (?:send|include|give|provide)"
                   r"|named contact|details of)\b",
    "method": r"\b(evidence|fieldwork|visits?|visited|visiting|surveys?|surveyed|consult(?:ed|ation)?|interview(?:s|ed)?|research(?:ers)?"
              r"|spoke to|talked to|heard from|focus groups?|asked (?:people|families|parents|schools|children|young people))\b",
    "named_thing": r"\"|“|‘|\bannex\b|\b(guide|document|report|called|named|titled|resource|review|check|test|standards|framework|assessment)\b|\b[A-Z][a-z]+ [A-Z][a-z]+\b",
    # Several items: numbered, split by semicolons or a colon, or three or more in a row.
    "list": r"\(\d\)|;|,[^,.]+,|\b(include|includes|including|first|second|third|recommend|recommended|recommendations|found|findings)\b"
            r"|\b(two|three|four|five|six|seven|eight|nine|ten|[2-9]) (main |key |new )?[a-z]+s\b",
    "about": r"\b(?:is|was|are|were|be|been) (?:all |mainly |mostly |partly )?about\b|\b(?:talked|spoke|wrote|talks|speaks|writes) about\b"
             r"|\b(?:covers?|covered|looks? at|looked at|focus(?:es|ed)? on|deals? with|explains?|explained|shows)\b",
    "recipient": r"\b(?:wrote|written|writes|sent|sends|addressed|went|goes|letter|notice|email(?:ed)?|copied) (?:out )?to\b",
    "definition": r"\b(means?|is an?|are|stands? for|short for|refers? to|\()",
    "yes_no": r"\b(not|non-|no|yes|statutory|binding|must|only|optional|voluntary|required|will|can|cannot|can't|may)\b",
}.items()}

# "What's their email address?" is not answered by a phone number, nor the reverse.
ADDRESSES = ((frozenset(analyse("email e-mail")), re.compile(r"@")),
             (frozenset(analyse("phone telephone number ring call mobile")), re.compile(r"\b0\d{2,4}(?:[\s-]?\d{2,4}){1,3}\b")),
             (frozenset(analyse("website web site link url page")), re.compile(r"https?://|www\.|\.(gov|org|co|ac|nhs)\.uk\b")))


_DATE_STEMS = frozenset(analyse("dates date"))
TODAY_STEMS = frozenset(analyse(" ".join(english.PRESENT)))
# Words that only place the fact asked in time, which no fact of that kind need repeat:
# "since" of what happened later, "after" or "before" of a date asked "how long after...".
_SINCE, _AFTER_OR_BEFORE, _HOW_LONG = (frozenset(analyse(words)) for words in ("since", "after before", "long soon"))
# "When does it start?" wants the start of a span ("from October half term until the summer
# term"), "when does it finish?" its end: a date beside the word that says which.
ENDS = tuple((frozenset(analyse(asked)), re.compile(rf"^(?=.*{said}).*?(?:{FEATURES['when'].pattern})", re.IGNORECASE | re.DOTALL))
             for asked, said in (
                 ("start starts started begin begins began launch launched kick open opens",
                  # A review or a board starts when it is commissioned or set up.
                  r"\b(from|starts?|started|starting|begins?|began|beginning|launch(es|ed)?|opens?|opened|kicks? off|first use"
                  r"|(takes?|took|taking) effect|(comes?|came|coming) (in|into force)|introduc(e|es|ed|ing)"
                  r"|(was|were|been|being) (commissioned|set up|established|founded|created))\b"),
                 ("finish finishes finished end ends ended close closes stop stops wrap",
                  r"\b(until|till|to the end|ends?|ended|ending|finish(es|ed)?|close[sd]?|closing|due to end)\b")))


# Two or more words with capitals in a row, not the sentence's first: "Christopher
# Robertson", "the Challenging Behaviour Foundation", "NHS England".
FEATURES["names"] = re.compile(r"(?<=\S )(?:[A-Z][A-Za-z'-]+ )+[A-Z][A-Za-z'-]+")
# What a person is ("Dame Christine is a former head teacher, is that right?"): the sentence
# that says what they are or do ("...is a social worker by background", "...is the chief
# executive of the Seashell Trust").
FEATURES["role"] = re.compile(r"\b[A-Z][\w'-]+ (?:is|was) (?:a|an|the) [\w -]{3,60}?\b(?:by (?:background|profession|training)|of|at|for)\b"
                              r"|\b(?:is|was) (?:the )?(?:chief executive|director|head|chair|co-chair|founder|minister|secretary"
                              r"|president|principal|ceo)\b")

# "Where does he work?" asks for an employer: "the chief executive of the Seashell Trust".
# But where a body is based asks its place: "where's the Seashell Trust based?".
_WORK_STEMS = frozenset(analyse("work works worked working job employed employer based"))
_BODY_STEMS = frozenset(analyse("trust charity organisation organization company school college council team group forum service agency"))
_WORKPLACE = re.compile(rf"{FEATURES['where'].pattern}|\b(executive|director|head|chair|manager|headteacher|principal|founder"
                        r"|works|worked|based|employed) (of|at|for|with) ", re.IGNORECASE)


def _wanted(kind: str, concepts: list[Concept]) -> re.Pattern | None:
    """What a sentence must hold to carry the kind of fact asked."""
    typed = frozenset().union(*(c.typed or c.stems for c in concepts))
    if kind == "address":
        for words, pattern in ADDRESSES:
            if typed & words:
                return pattern
    if kind == "list" and typed & _DATE_STEMS:
        return _DATED  # "webinar dates": the items are days
    if kind == "who" and typed & _IDEA_STEMS:
        return _PROPOSED  # "whose idea was it?": who proposed or recommended it
    if kind == "how_many" and typed & FREQUENCY_STEMS:
        return _FREQUENCY  # "how often?": "monthly", "every year", not any number said
    if kind == "where" and typed & _WORK_STEMS and not typed & _BODY_STEMS:
        return _WORKPLACE
    if kind == "where" and typed & _GETTING_STEMS:
        return _FOUND_AT  # "where can I download it?": a page or link, not "staff at Information..."
    if kind == "where" and typed & _FINDING_STEMS:
        return _FOUND_OR_PLACED  # "where do I find the guidance?": a page, a document's annex, or a place
    if kind == "where" and not typed & _GOING_STEMS:
        return _PLACED  # "where is it?": a place, not where people went on visits
    if kind == "names":
        # "Which 50 schools?": schools' names, not the agency's; "which organisations are
        # helping local areas?" bodies' (the areas are whom they help); "which councils are
        # in it?" a council's, not a minister's.
        for asked, pattern in _NAMED_KINDS:
            if typed & asked:
                return pattern
    term = typed - DEFINING_STEMS if kind == "definition" else frozenset()
    if len(term) == 1:
        # "What does NDTi stand for?": a sentence that says what that word means ("NDTi is
        # the National Development Team...", "NDTi (...)"), not any sentence with a bracket.
        return re.compile(rf"\b{re.escape(next(iter(term)))}\w*\W{{0,3}}(means?|is|are|stands? for|short for|refers? to|\()", re.IGNORECASE)
    if kind == "when":
        for words, pattern in ENDS:
            if typed & words:
                return pattern
    if kind == "how_long" and typed & _TAKING_STEMS:
        return _SPAN  # "how long does the test take?": minutes or hours, not "the end of year 4"
    return FEATURES.get(kind)


# How long a thing takes ("how long does the test take?") is a span told with its unit, never a date
# (what a programme "lasts" may be told as a school year).
_TAKING_STEMS = frozenset(analyse("take takes taking took"))
_SPAN = re.compile(rf"\b(\d+|{_NUMBER_WORDS}|a|an|half an?)[ -](seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|terms?)\b"
                   r"|\b(half|full|whole)[ -]day\b|\ball day\b", re.IGNORECASE)


# How a definition is asked for, not the term asked about ("what does NDTi *stand for*?").
DEFINING_STEMS = frozenset(analyse("stand stands mean means meaning short refer refers definition define"))
# (the verbs of going: see _WENT_TO)
_GOING_STEMS = frozenset(analyse("go goes going went gone visit visits visited visiting travel travelled trip trips"))
_PLACED = re.compile(FEATURES["where"].pattern.removesuffix(_WENT_TO), re.IGNORECASE)
# Where a document or recording is got: a web page, a link, a library, not a town.
_GETTING_STEMS = frozenset(analyse("download downloaded downloading read view watch access copy"))
_FOUND_AT = re.compile(r"\b(website|web ?page|page|link|library|gov\.uk|online|pdf|attachment|attached|url|www|recording|document)\b",
                       re.IGNORECASE)
_FINDING_STEMS = frozenset(analyse("find finding"))
_FOUND_OR_PLACED = re.compile(rf"{_FOUND_AT.pattern}|\bannexe?s?\b|{_PLACED.pattern}", re.IGNORECASE)
_IDEA_STEMS = frozenset(analyse("idea ideas suggested suggestion proposed proposal"))
_SPEAKING_STEMS = frozenset(analyse("speak speaks speaking speaker speakers talk talks talking present presents presenting presenter"))
_PROPOSED = re.compile(r"\b(recommend\w*|propos\w*|suggest\w*|called for|asked for|idea|taskforce|task force|commissioned)\b", re.IGNORECASE)


# A school, college or hub is named with what it is: "Seashell Trust", "Oak Hill School".
_PLACE_OF_LEARNING_STEMS = frozenset(analyse("schools colleges hubs academies"))
_PLACE_OF_LEARNING = re.compile(r"(?:[A-Z][\w'-]+ )+(?:School|Schools|Academy|College|Hub|Trust)\b")
_COUNCIL_STEMS = frozenset(analyse("councils authorities las areas"))
_NAMED_COUNCIL = re.compile(r"(?:[A-Z][\w'-]+ )+(?:County |City |Borough |District )?Council\b(?! for)|\bLondon Borough of [A-Z]")
_BODY_STEMS_NAMED = frozenset(analyse("organisations organizations charities trusts providers companies employers"))
# A body is named with what it is ("Seashell Trust") or what it is for ("Council for Disabled Children").
_NAMED_BODY = re.compile(r"(?:[A-Z][\w'&-]+ )+(?:Trust|Charity|Foundation|Council|Service|Services|Agency|Society|Network|Alliance"
                         r"|Association|Institute|Partnership|Limited|Ltd)\b|(?:[A-Z][\w'&-]+ )+(?:for|of) (?:[A-Z][\w'&-]+ ?)+")
_NAMED_KINDS = ((_PLACE_OF_LEARNING_STEMS, _PLACE_OF_LEARNING), (_BODY_STEMS_NAMED, _NAMED_BODY), (_COUNCIL_STEMS, _NAMED_COUNCIL))


# "In October 2017 the DfE shared flyers for two workshops" dates the news, not the
# workshops: such a sentence answers "when?" only when the question is about the news.
PUBLICATION = re.compile(r"\b(published|shared|announced|put out|sent out|set out|listed|pointed|wrote|updated|said)\b")
WHERE_VERBS = frozenset(analyse("find found get see read look access download view watch still catch rewatch later again city town"))
PERSON_ROLE_STEMS = frozenset(analyse("led lead leads head headed chair chaired chairs co-chair co-chaired run ran runs wrote written "
                                      "author reviewer speaker speakers spoke presented hosted minister charge oversaw oversee "
                                      "fronted behind decided decide decides"))
# The roles a person, not a body, holds: "who led / chaired / wrote it?".
LEADING_STEMS = frozenset(analyse("led leads headed chaired chairs wrote written author authored charge oversaw oversee ran "
                                  "fronted"))
TIME_UNIT_STEMS = frozenset(analyse("day days week weeks month months year years term terms"))
FREQUENCY_STEMS = frozenset(analyse("often frequently"))  # "how often?" is answered by "monthly", no count
_FREQUENCY = re.compile(r"\b(every|each|once|twice|\w+ times (a|an|per|each|every)|(a|an|per) (year|month|week|term|day|fortnight)"
                        r"|annual|annually|monthly|weekly|daily|yearly|termly|fortnightly|regular|regularly)\b", re.IGNORECASE)
CHAIR_STEMS = frozenset(analyse("chair chaired chairs chairing chairman chairwoman chairperson"))
_NAME_STEMS = frozenset(analyse("name names"))
_PERSON_STEMS = frozenset(analyse("mum mom mother dad father parent carer man woman lady person speaker minister teacher"))
# "How many people chaired it?": people counted are answered by their names.
_PEOPLE_STEMS = frozenset(analyse("people person persons members individuals"))
# Offices only a person holds: "who is the education secretary?" wants a name, not the office.
OFFICE_STEMS = frozenset(analyse("secretary minister chairman chairwoman chairperson"))
# "Who was the other person running it with Christine Lenehan?": someone besides the one named.
ANOTHER_STEMS = frozenset(analyse("other others alongside besides together jointly partner"))
# "Who was it copied to?", "who else got a copy?": the copies, not whom it was written to.
_COPIED_STEMS = frozenset(analyse("copied copy copies cc other others besides"))
_ALSO = re.compile(r"\balso\b", re.IGNORECASE)
RECIPIENT_STEMS = frozenset(analyse("sent send sending addressed address written write wrote writing got get gets received receive "
                                    "receives go went gone"))
CONTACT_STEMS = frozenset(analyse("contact contacts"))
# "SEND" beside other words names what every entry is about, not which fact: "who
# announced the SEND redress trial?" asks for whoever did, not for a sentence saying
# "SEND" (alone, "does it say anything about SEND?", it is what is asked).
DOMAIN_STEMS = frozenset(analyse("SEND SEN"))
_ANNOUNCE_STEMS = frozenset(analyse("announced announce announces announcing said say says stated"))
PUBLICATION_STEMS = frozenset(analyse("published publish publication announced announce released release out come came news update respond responded response reply replied report reported"))

# Who is asking or affected ("and if I'm a parent?", "as a training provider"): words
# that name no topic by themselves, and that a fact need not repeat to answer them.
ROLE_STEMS = frozenset(analyse("parent parents carer carers family families teacher teachers school schools head heads "
                               "provider providers training council councils child children pupil pupils student students "
                               "governor governors senco sencos staff professional professionals"))

# Kinds whose fact is concrete enough that an entry without one cannot answer: say so.
NAMED_SHARE = 0.6  # of a date, span, number or amount question's own words the entry says: they only name it
CHECKED_KINDS = {"later", "names", "advice", "deadline", "day", "clock", "opening", "outcome", "address", "contact", "how_long", "how_much", "how_many", "when", "where", "who",
                 "recipient"}
KIND_WORDS = {"advice": "what to do in your own situation", "deadline": "what the deadline is", "day": "the exact day", "clock": "what time of day", "opening": "when it is open", "outcome": "how it turned out", "address": "what the contact details are", "contact": "who to contact", "how_long": "how long it lasts", "how_much": "what it costs or pays",
              "how_many": "how many", "when": "when", "where": "where", "who": "who", "names": "which ones, by name", "list": "what each of them is",
              "later": "what happened after 2017", "recipient": "who it went to"}


def asked_words(choice: "Choice") -> str:
    """What the reply says the announcement does not say: "how often", of a count asked by frequency."""
    return "how often" if choice.feature is _FREQUENCY else KIND_WORDS[choice.kind]


# Words that say what kind of fact is wanted, not what it is about.
KIND_STEMS = frozenset(analyse("long many much time date dates start starts started end ends begin cost introduce introduced launch launched "
                               "costs price pay paid money contact touch email phone telephone mobile number call ring helpline helplines hotline tel freephone place location "
                               "venue reason name called title titled size year years month months week weeks day days last lasts often duration length timescale timescales timeframe timeline timing timings audience take takes run runs running held hold "
                               # and the glue of a question, which no fact needs to repeat
                               "can could will would may might must should do does did not else other become became "
                               "more like tell detail details explain summarise summarize cover covers involve involved involves whom whose get gets getting got happen happens happened again anyway exactly altogether overall remind behind "
                               "focus focuses focused focussed focusing kind kinds sort sorts "
                               "question questions query queries enquiry enquiries answer answers handle handles handling"))
# Verbs that ask for a kind of fact, not about a topic: "where can I *find* it?", "how long
# does the pilot *go on* for?", "who was it *sent* to?" (no fact needs to repeat them).
# ("How *old* is the forum?" asks how long it has run, too.)
DURATION_VERBS = frozenset(analyse("go goes going last lasts lasting run runs running take takes taking continue continues old exist exists existed"))
# "Do I have to pay to *join* / *go* / *book*?": what is paid for, no word of the price.
PAYING_VERBS = frozenset(analyse("join joining attend attending go going book booking sign register enter use access watch"))
# "From when does that *apply*?", "when does it *kick* in?": when it starts, no word of it.
WHEN_VERBS = frozenset(analyse("apply applies applying kick kicks"))
# "Who can *join* / *take part* / *go*?" asks whom it is for, no word of the answer.
AUDIENCE_VERBS = frozenset(analyse("join joining sign go going take part attend"))
# "Does a statement *count*?", "is he *eligible*?": whether it is included, no word of it.
COUNTING_VERBS = frozenset(analyse("count counts counted eligible"))
ASKING_VERBS = {"where": WHERE_VERBS, "when": WHEN_VERBS, "how_long": DURATION_VERBS, "recipient": RECIPIENT_STEMS, "how_much": PAYING_VERBS,
                "yes_no": COUNTING_VERBS,
                "audience": AUDIENCE_VERBS}
_ASKING = {kind: KIND_STEMS | ASKING_VERBS[kind] for kind in ("where", "how_long", "yes_no")}  # and so not searched for
# A fact in which the knowledge itself says the source is silent ("the notice did not
# say who would sit on it", "hidden in our copy"): leading with it is an honest "not known".
ABSENT = re.compile(r"\b((did|does|do|could|can) ?(not|n't)( [a-z]+){0,3} (say|give|show|spell|include|explain|know|list|name|have(?! to\b))"
                    r"|cannot (say|show|tell)|(hidden|missing) (in|from) our copy|not known)\b", re.IGNORECASE)
# What a sentence saying the source is silent names as the thing it does not give.
_CONTENTS = r"what (it|they|the \w+|the \w+ \w+) (says?|said|contains?|does|found)|contents|numbers"
SILENT_ON = {kind: re.compile(rf"\b({words})\b", re.IGNORECASE) for kind, words in (
    ("who", "who|whom"), ("names", "who|which"), ("when", "when|dates?"), ("how_long", "how long"),
    ("how_many", "how many|numbers"), ("how_much", "how much|cost|amount"), ("list", _CONTENTS))}


# A place said with its preposition ("in Stoke"), which a question naming it already knows.
_IN_A_PLACE = re.compile(r"(?:in|at|on) (?:the )?[A-Z][\w.-]*")


def _silent_on_another(text: str, kind: str) -> bool:
    """The sentence says the source is silent on a kind of fact other than ``kind``."""
    return bool(_searched(ABSENT, text)) and not (kind in SILENT_ON and _searched(SILENT_ON[kind], text)) \
        and any(k != kind and _searched(pattern, text) for k, pattern in SILENT_ON.items())


@dataclass(frozen=True)
class Fact:
    field: str
    position: int  # order in the entry: the answer's first sentence is 0
    text: str
    stems: frozenset[str]


@dataclass(frozen=True)
class Choice:
    """The facts picked from one entry for one question, best first."""
    entry: Entry
    facts: tuple[Fact, ...]
    score: float          # how well the best fact matches the question's words, 0-1
    has_kind: bool        # whether the entry holds a fact of the asked kind at all
    kind: str
    pinned: bool = False  # the lead fact holds the question's own specific words
    feature: re.Pattern | None = None  # what a sentence must hold to carry the asked kind
    counted: bool = False  # "how many schools?": the lead fact gives a number of schools
    other_year: str = ""  # "the 2019 conference" of the 2018 one: the year asked, of which the entry says nothing

    @property
    def positions(self) -> list[int]:
        return [f.position for f in self.facts]

    @property
    def silent(self) -> bool:
        """The knowledge says its source is silent on what was asked ("we do not know the
        dates", "the email address is hidden in our copy"), and no other fact given
        carries that kind of thing (a phone number after "the page did not say whose line
        this is" still answers "is there a number?")."""
        if self.kind == "more":
            return False
        absent = [f for f in self.facts if _searched(ABSENT, f.text)]
        # ("who's organising it?" of "the update did not say who was running the conference")
        # (or said just after its lead-in: "...our copy does not have them. So we cannot say what it says")
        own_kind = bool(absent) and absent[0] is self.facts[0] and self.kind in SILENT_ON \
            and any(_searched(SILENT_ON[self.kind], f.text) for f in absent[:2] if f in self.facts[:2])
        if not absent or not (self.pinned or own_kind or absent[0] is self.facts[0] and self.kind in VALUE_KINDS):
            return False
        if self.kind not in CONCRETE_KINDS:
            # (the other kinds' marks are too common to tell; one silent on another kind is no answer to this one)
            return absent[0] is self.facts[0] and not _silent_on_another(absent[0].text, self.kind)
        feature = self.feature or FEATURES[self.kind]
        # ("...does not say how long the review took: it was published on 26 October" still says when)
        return not any(_searched(feature, f.text) and (not _searched(ABSENT, f.text) or _silent_on_another(f.text, self.kind))
                       and not (self.kind in ("when", "how_long") and _dates_only_the_news(f.text))
                       # "In 2017 the DfE published its figures" gives a year, not a count
                       and not (self.kind == "how_many" and not _COUNT.search(_YEARS.sub(" ", f.text)))
                       for f in self.facts)


VALUE_KINDS = frozenset({"how_many", "how_much", "when", "how_long"})  # a value the knowledge gives or not
CONCRETE_KINDS = VALUE_KINDS | {"contact", "address"}  # ...or a way to reach someone
# Kinds a silence on something else never answers: a value, a contact, whom a thing is for.
SILENCED_KINDS = CONCRETE_KINDS | {"audience"}
_YEARS = re.compile(r"\b(?:19|20)\d\d(?:/\d\d)?\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_COUNT = re.compile(_COUNTED_NUMBER, re.IGNORECASE)
_TIME_WORDS = re.compile(rf"\b({_MONTHS}|spring|summer|autumn|winter|half term|term|academic year|school year)\b", re.IGNORECASE)


_COUNTED = re.compile(rf"(?<![/-])\b(\d[\d,.]*|{_NUMBER_WORDS})(?=[\s-]+((?:[a-z-]+\s+){{0,3}}[a-z-]+))", re.IGNORECASE)


_ORDINALS = frozenset({"first", "second", "third", "twenty-first"})  # "first-tier tribunal" counts nothing


def _counted(text: str) -> Iterator[list[str]]:
    """The words after each number a sentence counts with; a year or an ordinal counts
    nothing ("the 2020 academic year", "the first-tier tribunal")."""
    for found in _COUNTED.finditer(text):
        if not (_YEARS.fullmatch(found.group(1)) or found.group(1).lower() in _ORDINALS):
            yield found.group(2).split()


def _counts(text: str, concepts: list[Concept]) -> bool:
    """The sentence gives a number of a thing the question names ("approximately 50
    schools", "8 regional teaching school hubs")."""
    for after in _counted(text):
        # The words right after the number, up to a small word ("One was for pupils"
        # counts nothing); a phrase may run on through one ("7 areas of engagement").
        words = list(itertools.takewhile(lambda w: w.lower() not in STOP_WORDS, after))
        stems, whole = frozenset(analyse(" ".join(words))), frozenset(analyse(" ".join(after)))
        # "Three (main) things" may be what a question counts in its own words ("new
        # measures", "how many main findings"), never pupils or schools.
        things = "things" in (w.lower().strip(".,;:") for w in after[:2])
        if things and any((c.typed or c.stems) & LIST_NOUN_STEMS for c in concepts):
            return True
        # ...and "how many items / things is that?" counts whatever a list holds ("seven topics").
        if stems & LIST_NOUN_STEMS and any((c.typed or c.stems) & _ANY_ITEM_STEMS for c in concepts):
            return True
        if any(c.said_in(stems) or (words and len(c.typed) > 1 and c.said_in(whole)) for c in concepts):
            return True
    return False


_ANY_ITEM_STEMS = frozenset(analyse("items item things thing entries"))


def _counts_some_things(text: str) -> bool:
    """The sentence gives a number of things, whatever they are ("approximately 50
    schools"), not a date ("26 October") nor a year."""
    for after in _counted(text):
        thing = after[0].lower().strip(".,;:")
        if thing.endswith("s") and thing not in STOP_WORDS and not _TIME_WORDS.fullmatch(thing) \
                and not set(analyse(thing)) & TIME_UNIT_STEMS:
            return True
    return False


def _dates_only_the_news(text: str) -> bool:
    """"In October 2017 the DfE shared flyers" dates the news, not the workshops; "The
    October 2017 notice said the pilot would run from October half term until the
    summer term" dates the pilot too."""
    return bool(PUBLICATION.search(text)) and len(_TIME_WORDS.findall(text)) < 2


# "Are the recommendations binding?" asks yes or no about a list, not for its items.
_YES_NO_OPENING = re.compile(r"^((and|but|so|ok|okay|also|then),? )?(is|are|was|were|do|does|did|will|would|has|have|had)\b(?!.*\b(what|which|list|all)\b)")


# A question that opens on "why" asks for a reason, whatever else it names: "why don't
# councils want to pay for...?" asks no amount, "why the dates?" no date.
_WHY_OPENING = re.compile(r"(^|[.!?]\s+)((so|and|but|then|ok|okay|right),? )?(why|how come)\b"
                          # money as the reason, not a sum asked: "was it just about money?",
                          # "refusing partly because of money?", "anything else apart from money?"
                          r"|\b(because of|(?<!what )(?<!how )about|apart from|besides|other than|due to|down to|except) (the )?(money|cost|costs|price|budget)\b")


# A request put politely ("can you tell me about the review?", "could you let me know
# when it starts?") is not a yes/no question: what follows it is what is asked.
_REQUEST = re.compile(r"^(?:(?:hi|hello|hiya|ok|okay|so|and|please|pls)\W+)*(?:can|could|would|will) (?:you|u) (?:please |pls )?"
                      r"(?:tell|give|show|explain|let|help|find)(?: (?:me|us))?(?: (?:know|out|with))?\b\W*")
_WHETHER = re.compile(r"^(?:if|whether)\b")


# "The pilot for kids who aren't doing subject learning yet": "who" after the people
# it describes asks for no one.
_RELATIVE_WHO = re.compile(r"\b(kids|children|child|pupils|pupil|people|parents|students|families|those|anyone|someone"
                           r"|staff|learners|one|ones|sencos|teachers|adults|young person|anybody|somebody) who\b")


# A claim put to be checked ("heard there's about 100 schools in the pilot, is that right?",
# "the conference is in Birmingham isn't it?", "Justine Greening announced it didn't she"):
# the value it claims is what is asked. The kind of that value is the kind asked, and the
# value is no word to look for (it may be the wrong one).
_CLAIM_TAG = re.compile(r"(?:[,.;:-]\s*|\s+)(?:(?:is|was|isn'?t|wasn'?t|isnt|wasnt) (?:that|this|it) (?:right|true|correct|so)|am i right"
                        r"|(?:isn'?t|wasn'?t|didn'?t|doesn'?t|don'?t|aren'?t|weren'?t|won'?t|hasn'?t|haven'?t|wouldn'?t"
                        r"|isnt|wasnt|didnt|doesnt|dont|arent|werent|wont|hasnt|havent|wouldnt) (?:it|he|she|they|there|that)"
                        r"|right|yeah|innit|correct|true|or not)(?:\s*\?+|\s*$)", re.IGNORECASE)
_HEARSAY = re.compile(r"^\s*(?:(?:i|we)(?:'ve| have)? (?:heard|read|think|thought|was told|were told|believe|understand|saw)"
                      r"|heard|read|apparently|someone (?:said|told me)|(?:i'm|im) told"
                      # whoever said it: "someone at the school gate said", "my friend reckons"
                      r"|(?:[\w'’-]+\s+){1,7}?(?:said|says|told me|tells me|reckons|reckoned|mentioned|claims|claimed|swears))"
                      r"(?: that)?\s+", re.IGNORECASE)
_CITIES = r"london|birmingham|manchester|leeds|liverpool|bristol|york|sheffield|nottingham|leicester|newcastle|stoke|coventry|bradford"
_CLAIMED_MONTHS = rf"(?:{MONTH_NAMES}|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)"  # "starts Jan 2018"
_CLAIMED_DAY = r"(?:(?:the )?\d{1,2}(?:st|nd|rd|th)? (?:of )?)?"
_DAY_AFTER = r"\d{1,2}(?:st|nd|rd|th)?(?:,)?"
_CLAIMED = (  # in this order: a year is a number too, and money is counted in numbers
    # (a day may be an ordinal, "on the 14th of October", or follow its month, "October 14th")
    ("when", re.compile(rf"\b(?:(?:in|from|by|since|until|on|back in) )?(?:{_CLAIMED_DAY}{_CLAIMED_MONTHS}(?: {_DAY_AFTER})? )?(?:19|20)\d\d(?:/\d\d)?\b"
                        rf"|\b(?:in|from|by|on) {_CLAIMED_DAY}{_CLAIMED_MONTHS}(?: {_DAY_AFTER})?\b"
                        # (a day and its month say a date alone: "came out 14 october, didn't it?")
                        rf"|\b(?:the )?\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_CLAIMED_MONTHS}(?: {_DAY_AFTER})?\b", re.IGNORECASE)),
    # a phone number: "the helpline was 0800 015 0040?" asks whom to call
    ("contact", re.compile(r"(?<![\w£])0\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}\b")),
    ("how_much", re.compile(r"(?:(?:about|around|roughly|only|just|over) )?£\s?\d[\d,.]*(?:k| million| billion)?", re.IGNORECASE)),
    # a year group or key stage claimed ("it's for year 6 isn't it?"): set aside, and the kind is the question's own
    ("what", re.compile(r"\b(?:for |in )?(?:year|yr|key stage|ks) ?\d{1,2}\b", re.IGNORECASE)),
    # a span of time: "it lasts 2 years, right?", "some1 said 5 yrs" (not "a 7 year old")
    ("how_long", re.compile(rf"\b(?:(?:about|around|roughly|over|nearly|almost|only|just|under) )?(?:\d+|{_NUMBER_WORDS}|a|an|half a)"
                            r"[ -]?(?:years?|yrs?|months?|mths?|weeks?|wks?|terms?|days?)\b(?![ -]olds?\b)", re.IGNORECASE)),
    # A count, not an order ("first class travel") nor "one" standing for a thing or a
    # person ("the one who did the review", "one of the guides").
    ("how_many", re.compile(rf"\b(?:(?:about|around|roughly|over|nearly|almost|only|just|under) )?"
                            rf"(?<!the )(?<!this )(?<!that )(?<!which )(?<!any )(?<!each )(?<!every )(?<!no )(?<!other )"
                            # (whose one: "the parents' one", "the head's one")
                            rf"(?<!' )(?<!’ )(?<!'s )(?<!’s )"
                            rf"(?:\d[\d,]*|(?!first|second|third|twenty-first|one (?:who|that|which|of)\b){_NUMBER_WORDS})\b(?= \w)"
                            # (an age says which children: "the tests for 7 year olds")
                            r"(?! (?:years?|yrs?)[ -]olds?\b)",
                            re.IGNORECASE)),
    # (a name in capitals is a body, not a place: "aimed at IASS workers")
    ("where", re.compile(rf"\b(?:in|at) (?:(?-i:[A-Z](?![A-Z]+s?\b))[\w-]+|(?:{_CITIES})\b)", re.IGNORECASE)),
)


@dataclass(frozen=True)
class Claim:
    kind: str
    text: str  # the question without the value claimed, the tag or the hearsay


@lru_cache(maxsize=1024)
def claim_checked(text: str) -> Claim | None:
    """The claim a message puts to be checked, or None when it puts none. A claim with no
    value of a kind ("...the standards are being scrapped, is that right?") is a yes/no
    question, asked without its tag and hearsay."""
    # (The last question the message asks: "...isn't it? trying to book trains" still is.)
    tag = next((t for t in _CLAIM_TAG.finditer(text) if "?" not in text[t.end():]), None)
    opener = None if tag else _CLAIM_OPENER.search(text)
    # A statement put with a question mark checks the value it gives: "so the residential
    # review was set up in 2015?", "the engagement pilot has 80 schools?".
    # ...and so does one opened by a checking "so", with no question mark: "so the pilot has
    # about 80 schools".
    stated = not tag and not opener and bool(_STATED_VALUE.match(text) or (
        _CHECKING_SO.match(text) and _STATED_VALUE.match(text.rstrip(" .!") + "?")))
    if not tag and not opener and not stated:
        return _either_value(text) or _guessed(text) or _doer_asked(text) or _venue_guessed(text) or _value_asked(text)
    if stated:
        story, said = "", _HEARSAY.sub("", text.rstrip(" ?!"))
    elif opener:
        # "Is it true ofsted are running the pilot in 100 schools?": the claim follows.
        story, said = text[:opener.start()], _HEARSAY.sub("", text[opener.end():].rstrip(" ?!"))
    else:
        # The claim is the sentence the tag ends, or the one before a tag said alone ("...on
        # a webinar. Is that right?"): a number in the story before it ("my 14 year old") is no claim.
        sentences = split_sentences(text[:tag.start()])
        if not sentences:
            return None
        story, said = text[:tag.start()].rsplit(sentences[-1], 1)[0], _HEARSAY.sub("", sentences[-1])
    # Every value claimed is set aside ("starts Jan 2018 and lasts one year"): any may be
    # wrong; the first says the kind asked.
    values = [(kind, found.span()) for kind, pattern in _CLAIMED for found in pattern.finditer(said)]
    if stated:
        # (A year group in it, "and the year 2 SATs are going?", is what it is about.)
        groups = [span for kind, span in values if kind == "what"]
        values = [(kind, span) for kind, span in values
                  if kind != "what" and not any(span[0] < end and start < span[1] for start, end in groups)]
    if values:
        return Claim(values[0][0], f"{story}{_without_spans(said, [span for _, span in values])}".strip())
    if stated:
        return _guessed(text)
    return _claimed_person(story, said) or Claim("yes_no", f"{story}{said}".strip())


def _doer_asked(text: str) -> Claim | None:
    """A yes/no question may name the wrong person as the one who did a thing ("Was the
    taskforce led by Robert Goodwill?", "Did Dame Christine lead it alone?"): a claim of
    who, checked as one. One asked about the person ("Is Dame Christine a teacher?") is not."""
    said = text.strip().rstrip(" ?!")
    person = _people(said[:1].upper() + said[1:])
    if not person or not _ASKS_YES_OR_NO.match(said.lower()):
        return None
    before = said[:person[0][0]]
    return _claimed_person("", said) if _DONE_BY.search(before) or _DID_THEY.fullmatch(before) else None


_DONE_BY = re.compile(r"\bby\s+$", re.IGNORECASE)
# (and a cleft: "was it Robert Goodwill who made the statement?")
_DID_THEY = re.compile(r"\W*(?:(?:and|but|so|ok|okay),? )?(?:did|does|do|will|has|have|had|(?:was|is) it)\s+", re.IGNORECASE)


def _claimed_person(story: str, said: str) -> Claim | None:
    """A person named in a claim is its value ("it was led by Lenehan, wasn't it?"), unless
    the claim is about them ("Dame Christine is a former head teacher, is that right?")."""
    person = _people(said[:1].upper() + said[1:])
    if not person:
        return None
    name = person[0][1]
    at = max(said.find(name, person[0][0]), person[0][0])
    start = at - len(_HONORIFIC.search(said[:at])[0])  # "Dame Christine": the title with the name
    if said[:start].strip(" ,") or not _ABOUT_THEM.match(said[at + len(name):]):
        return Claim("who", f"{story}{said[:start]} {said[at + len(name):]}".strip())
    return Claim("role", f"{story}{said}".strip())


# A choice of values put to be checked: "is it 2018 or 2019?", "2 or 3 yrs", "does the
# pilot start in september 2017 or later?". Their kind is the kind asked, and neither is
# a word to look for.
_OR_VALUE = re.compile(r"\s*\bor(?: (?:is it|was it|maybe|perhaps))?(?: (?:later|earlier|sooner|after|before|more|less|longer|shorter)\b)?",
                       re.IGNORECASE)
NEAR_OR = 8  # characters between a value and the "or" that joins it to the other


def _either_value(text: str) -> Claim | None:
    # (A question of its own says its kind: "how long is it, a term or the whole year?")
    joins = [] if _WH_WORD.search(text) else list(_OR_VALUE.finditer(text))
    if not joins:
        return None
    values = [(kind, found.span()) for kind, pattern in _CLAIMED if kind != "what" for found in pattern.finditer(text)
              if found[0].strip().lower() != "one"]  # ("the right one or not": no count)
    # A value on each side of the "or", or one with "or later", "or more"; the kinds in
    # the order of _CLAIMED ("2 or 3 yrs" asks how long).
    joined = [kind for join in joins
              if any(0 <= join.start() - span[1] <= NEAR_OR for _, span in values)
              and (join[0].split()[-1].lower() in _COMPARED or any(0 <= span[0] - join.end() <= NEAR_OR for _, span in values))
              for kind, span in values if 0 <= join.start() - span[1] <= NEAR_OR or 0 <= span[0] - join.end() <= NEAR_OR]
    if not joined:
        return None
    cut = {span for _, span in values} | {join.span() for join in joins}
    return Claim(joined[0], _HEARSAY.sub("", " ".join(_without_spans(text, cut).split())))


def _without_spans(text: str, spans) -> str:
    """The text with the spans cut out, a space where each was."""
    kept, end = [], 0
    for start, stop in sorted(spans):
        kept.append(text[end:start] if start >= end else "")  # (spans may overlap)
        end = max(end, stop)
    return " ".join(kept + [text[end:]])


_WH_WORD = re.compile(r"\b(?:what|whats|who|whos|when|whens|where|wheres|which|why|how|hows)\b", re.IGNORECASE)
_COMPARED = frozenset("later earlier sooner after before more less longer shorter".split())


# A guess put after the question: "how long is the trial? 1 yr?", "...been going, some1
# said 5 yrs". The value may be wrong: it is set aside as a claimed one is, and says the
# kind of fact asked. (And what one heard, told with no question at all, is a claim.)
_GUESS_WORDS = re.compile(r"^\s*(?:(?:or|maybe|perhaps|like|about|around|roughly|is it|was it|i think|i thought|i heard)\s+)*",
                          re.IGNORECASE)
_HEARD_SAID = re.compile(r"^\W*(?:(?:i|we)(?:'ve| have)? (?:heard|read|was told|were told|been told)|(?:someone|somebody|some1) (?:said|says|told me)"
                         r"|apparently)(?: that)?\s+", re.IGNORECASE)
# "is it...", "or was it just...", "is that the...": a guess tagged on after a question.
_GUESS_TAG = re.compile(r"^\s*(?:or\s+)?(?:is|was|are|were)\s+(?:it|that|they|this)\b", re.IGNORECASE)
MAX_GUESS_WORDS = 6
_SEASON_GUESSED = re.compile(rf"(?:(?:in|from|by|around|at) )?(?:the )?(?:(?:early|late|mid|next|this|last) )?"
                             rf"(?:{_CLAIMED_MONTHS}|spring|summer|autumn|winter|easter|christmas|new year)"
                             rf"(?: (?:term|half term|holidays))?(?: (?:19|20)\d\d)?", re.IGNORECASE)
_NAMED_GUESS = re.compile(r"^\s*(?:(?:was|is) (?:that|it|this)(?: (?:from|by|for|run by|done by|made by|led by))?|an?|done by|run by|made by"
                          r"|led by|from)\s+\w", re.IGNORECASE)
_WH_WORDS = "who|whose|what|which|where|when|how|why"
# (after a question that asks for a thing, not one that asks yes or no: "the guides,
# are they statutory?", "did it work? is it statutory now" ask what they say)
_WH_ASKED = re.compile(rf"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:{_WH_WORDS})\b", re.IGNORECASE)
_LAST_PART = re.compile(r"(?:^|[?,;]|\s-\s)(?P<part>[^?,;]*?)[\s?!.]*$")


_CHECKING_SO = re.compile(r"^\W*(?:(?:and|ok|okay|right)\W+)*so\b(?!\W+(?:my|our|i|i'm|im|we|he|she|they|his|her)\b)(?!.*\?)",
                          re.IGNORECASE)  # (not the family's story: "so my son is 14 and...")
# (A number may be a word, and "it's" its own subject and verb: "so its just a one year thing?")
_STATED_VALUE = re.compile(rf"^(?=.*(?:\d|\b{_NUMBER_WORDS}[ -](?:years?|yrs?|months?|weeks?|days?|terms?|hours?)\b))\W*(?:(?:and|so|but|ok|okay|right)\W+)*(?!(?:and|so|but|ok|okay|right|is|are|was|were|do|does|did|has|have|had|can|could|will|would)\b)"
                           r"(?!.*\b(?:what|whats|who|whos|when|whens|where|wheres|why|which|how)\b)"
                           r"(?:(?:[\w'’-]+ ){1,6}(?:is|are|was|were|(?:has|have|had)(?! to\b)|got|gets|started|starts|began|begins|lasts|lasted|runs|ran)"
                           r"|(?:it|that|this)['’]?s|its|thats)"
                           r"(?: [\w'’£/-]+){1,8}\?\W*$", re.IGNORECASE)


# Where a thing is held, guessed in a yes/no question: "is the 2018 conference being held in
# Birmingham?" asks where it is; the place named may be wrong.
_VENUE_GUESS = re.compile(r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:is|are|was|were|will)\b.*?\b(?:held|hosted|happening|taking place"
                          r"|located|based|staged)\s+(?P<place>(?:in|at)\s+(?:the\s+)?(?!(?:some|all|every|any|each|most|many|other|certain|few|a|an|my"
                          r"|our|your|his|her|their|this|that|these|those|england|schools?|areas?|councils?)\b)[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})\W*$",
                          re.IGNORECASE)


# A span put as a yes/no question: "is it 2 days?", "does it last one year?"
_VALUE_ASKED = re.compile(r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:is|was|does|did|will)\s+(?:it|that|this|the \w+)\s+"
                          r"(?:(?:last|run|take|go on|be)\s+)?(?:for\s+)?(?:only\s+|just\s+|about\s+|around\s+)?(?P<value>.+?)\W*$", re.IGNORECASE)


_SPAN_ONLY = re.compile(rf"(?:\d+|{_NUMBER_WORDS})[ -](?:years?|months?|weeks?|terms?|days?)(?: long| event| thing| course| trial| pilot| conference)?",
                        re.IGNORECASE)


def _value_asked(text: str) -> Claim | None:
    found = _VALUE_ASKED.match(text)
    if not found:
        return None
    # ("a two day event": the article is no part of the span)
    values = (found["value"], re.sub(r"^an?\s+", "", found["value"], flags=re.IGNORECASE))
    span = any(_SPAN_ONLY.fullmatch(value) for value in values)
    return Claim("how_long", text[:found.start("value")].strip()) if span else None


def _venue_guessed(text: str) -> Claim | None:
    found = _VENUE_GUESS.match(text)
    return Claim("where", text[:found.start("place")].strip()) if found else None


def _guessed(text: str) -> Claim | None:
    if "?" not in text and (heard := _HEARD_SAID.match(text)):
        # What one heard, told with no question: "I heard the review found kids do brilliantly".
        return Claim("yes_no", text[heard.end():])
    part = _LAST_PART.search(text)
    if not part.start("part"):
        return None  # no question before it: the whole message is no guess
    said = _GUESS_WORDS.sub("", _HEARSAY.sub("", part["part"].strip())).strip()
    kind = next((kind for kind, pattern in _CLAIMED if said and pattern.fullmatch(said)), None)
    asked = text[:part.start("part")].rstrip(" ,;-")
    if not kind and _SEASON_GUESSED.fullmatch(said) and question_kind(asked) == "when":
        # A month or a season alone, guessed after "when...?": "...start, i heard january".
        kind = "when"
    if not kind and _GUESS_TAG.match(part["part"]) and len(said.split()) <= MAX_GUESS_WORDS and _WH_ASKED.match(asked):
        # A guess put after the question ("who runs the projects, is it ofsted?", "how did
        # the review get its evidence, was it just a survey?"): the question asks; the
        # guess may name the wrong body, and the answer puts it right.
        return Claim(question_kind(asked), asked)
    return Claim(kind, asked) if kind else None


def guessed_names(text: str, names: list[Concept]) -> bool:
    """The names a message gives are all in a guess tagged on after the thing it names
    ("the what works resource, an Ofsted thing?", "the minister in 2017, was that Edward
    Timpson"): the guess may be wrong, and what the thing is answers it."""
    part = _LAST_PART.search(text)
    if not names or not part.start("part") or not _NAMED_GUESS.match(part["part"]):
        return False
    said = frozenset(analyse(part["part"]))
    return all(c.said_in(said) for c in names)


def claim_subject(claim: str) -> str:
    """What a claim is about: its words before its first verb ("the pre key stage
    standards" of "the pre key stage standards are being scrapped"), or "" if none is plain."""
    found = _CLAIM_VERB.search(claim)
    return found["subject"] if found and len(found["subject"].split()) <= 8 else ""


_CLAIM_VERB = re.compile(r"^\s*(?P<subject>(?:[\w'-]+[ ,]+){0,7}?[\w'-]+)[ ,]+(?:is|are|was|were|will|would|has|have|had|can|could"
                         r"|does|do|did|should|must|gets?|got|pays?|paid|runs?|ran|starts?|started|lasts?|covers?|includes?"
                         r"|appl(?:y|ies)|needs?|means?|goes|went|'s|'re)\b", re.IGNORECASE)


# What someone is, said of them ("Dame Christine, who did the review, is a former head"):
# a claim about them, where "Justine Greening announced it" claims who.
_HONORIFIC = re.compile(r"(?:\b(?:dame|sir|mr|mrs|ms|miss|dr|prof|professor|lord|lady|baroness)\.?\s+)?$", re.IGNORECASE)
_ABOUT_THEM = re.compile(r"^(?:,[^,]*,)?\s*(?:is|was|'s|has been|had been|used to be|isn'?t|wasn'?t)\b", re.IGNORECASE)


# A claim put first: "is it true (that)...", "am I right in thinking...", "true that...?"
_CLAIM_OPENER = re.compile(r"(?:^|(?<=[.!?]\s))\s*(?:(?:so|and|but|ok|okay),? )?(?:is it (?:true|right|correct|the case)"
                           r"|(?:am i|would i be) (?:right|correct)(?: in thinking| in saying| to think| to say)?|(?:is it )?true)(?: that)?\s+(?=\w)(?![^?]*\?\s*\S)",
                           re.IGNORECASE)


_ASKS_YES_OR_NO = re.compile(_YES_NO_START)
_SETTING = re.compile(r"^\W*(?:under|in|for|with|during|regarding|re|after|before|as for|as part of|within) [^,?]{1,50},\s*(?=\w)")
_HEDGED_THERE = re.compile(r"^\W*(?:(?:i )?don'?t suppose|(?:would|am) i (?:be )?right in thinking|i (?:was )?wonder(?:ing)? if|any chance)"
                           r"(?: that)? there(?:'?s| is) ")
_CARRIER_EMAIL = re.compile(r"\b((?:in|with|by|via|from|attached to) (?:the|an|a|that|this|their|your|its)(?: [\w-]+){0,3}) e-?mails?\b")
_CONDITION_WHEN = re.compile(r"\bwhen(?= (their|his|her|my|our|your|a|an|the|they|he|she|we|you|i|it|children|kids|pupils|parents"
                             r"|someone|somebody|schools?|councils?)\b)")


def question_kind(text: str) -> str:
    if _TYPICAL_TAG.search(text):
        # "...won't pay for a residential school, is that normal?": whether what is told is
        # typical, whatever its own words ("pay") would ask.
        return "yes_no"
    # A story around the questions ("...before I ask the trustees for budget. Where is the
    # conference? Any idea on the dates too?"): a question's own "where", "when", "who" or
    # "how many" says what kind of fact is wanted, the story's words ("budget") only say why.
    # (How a question is put, "does it cover him?", says less than the story's words can.)
    whole = _kind_of(text)
    kinds = [_kind_of(sentence) for sentence in asked_sentences(text)]
    asked = [kind for kind in kinds if kind in _ASKED_OUTRIGHT]
    if asked and whole not in asked:
        return asked[0]
    # Nor does a story's "when" ("he had an EHC plan when he was in school... Can he still
    # get it?") ask for a time that no question of the message asks.
    return kinds[-1] if kinds and whole in _ASKED_OUTRIGHT and whole not in kinds else whole


# Whether a thing told is typical: "...won't pay for a residential school, is that normal?"
_TYPICAL = r"(?:is|was) (?:that|this|it) (?:a )?(?:normal|common|usual|typical)(?: thing)?"
_TYPICAL_TAG = re.compile(rf"[,.;:!?-]\s*(?:and |so |but )?{_TYPICAL}\W*$", re.IGNORECASE)


_ASKED_OUTRIGHT = frozenset({"address", "contact", "deadline", "day", "clock", "opening", "how_long", "how_much", "how_many",
                             "when", "where", "recipient", "audience", "who"})


# The asker's own email, the reason for asking ("who announced it? need a name for my
# email"), is no contact asked for.
_FOR_MY_EMAIL = re.compile(r"\bfor (?:a|an|my|our|the) (?:[\w'’-]+ ){0,2}(?:email|e-mail)\b(?! address)")


# "Where does it say children should get support locally?" asks whether and what it says.
_WHERE_IT_SAYS = re.compile(r"\bwhere (does|did|do) (it|they|the \w+) (say|mention|talk about|suggest|recommend)\b")


def _kind_of(text: str) -> str:
    claim = claim_checked(text)
    if claim and claim.kind not in ("what", "yes_no"):
        return claim.kind
    lowered = _RELATIVE_WHO.sub(r"\1 that", (claim.text if claim else text).lower().strip())
    # A setting before the question is no part of it: "Under the new trial, does the
    # council have to...?" is a yes/no question.
    lowered = _SETTING.sub("", lowered)
    request = _REQUEST.match(lowered)
    if request and request.end() < len(lowered):
        # "...tell me if it is binding": the yes/no question is inside.
        lowered = _WHETHER.sub("is", lowered[request.end():])
    if _WHY_OPENING.search(lowered):
        return "why"
    # An email something came in ("which flyers came with the SEND update email?") is
    # how it was sent, not a contact asked for.
    lowered = _FOR_MY_EMAIL.sub(" ", _CARRIER_EMAIL.sub(r"\1 message", lowered))
    lowered = _WHERE_IT_SAYS.sub(r"\1 \2 \3", lowered)
    # "I don't suppose there's anything...?" asks "is there anything...?"
    lowered = _HEDGED_THERE.sub("is there ", lowered)
    if _ASKS_YES_OR_NO.match(lowered):
        # "Is there anything to help parents when their kid has SEN?": a "when" that sets
        # a condition inside a yes/no question asks no time.
        lowered = _CONDITION_WHEN.sub("if", lowered)
    for kind, pattern in KINDS:
        if pattern.search(lowered):
            if kind == "when" and _CLAUSE_WHEN.match(lowered):
                # "What was his job when he led the taskforce?": the time it was, not a time asked.
                return _kind_of(_CLAUSE_WHEN.sub(r"\1 while", lowered))
            return "yes_no" if kind == "list" and _YES_NO_OPENING.search(lowered) else kind
    return claim.kind if claim else "yes_no" if _STATED.match(lowered) else "what"


# A "when" clause after a question that a "what", "who" or "which" opens sets the time of
# what is asked ("who was in charge when it started?"), and asks no time itself.
_CLAUSE_WHEN = re.compile(r"^(\W*(?:(?:and|so|but|ok|okay) )?(?:what|whats|what's|who|whos|who's|which)\b(?!(?: \w+)?"
                          r" (?:date|time|year|month|day)\b).*?\S)\s+when(?= (?:he|she|they|it|we|i|you|the|his|her|their|its) )")


# A statement put with a question mark checks it: "and the parents' one is annex B?".
_STATED = re.compile(r"^(?:(?:and|so|but|ok|okay|right)\W+)*(?!.*\b(?:what|whats|who|whos|when|where|why|which|how)\b)"
                     r"[\w'’-]+(?: [\w'’-]+){0,4} (?:is|are|was|were)(?: [\w'’-]+){1,5}\?\W*$")


# Phrases that only say what kind of fact is wanted: "who is it *aimed at*?" is no
# question about an aim.
# How a question asks, not what about: "who's it meant for?"; "the one about colleges"
# picks a thing by what it is about, and "one" names nothing.
_ASKING_PHRASES = re.compile(r"^\W*(?:(?:hi|hello|hiya|hey)\W+)?(?:[\w'’-]+ ){0,2}(?:mum|mom|mam|dad|nan|nana|nanna|nanny|gran|granny|grandma"
                             r"|grandad|grandpa|grandmother|grandfather|auntie|aunt|uncle|mother|father|stepmum|stepdad) (?:here|speaking)(?=\s*[.,!:;-])"
                             # the family member who writes: "Nan here.", "Belfast mum here," (a role, "training provider here", may pick a contact)
                             # (and where from, the article left out as learners may: "I am foster mother from Romania.")
                             r"|^\W*(?:(?:hi|hello|hiya|hey)\W+)?(?:i'?m|i am) (?:an? )?(?:[\w'’-]+ ){0,2}(?:carer|parent|mum|mom|mam|mother|dad|father|grandparent|grandmother"
                             r"|grandfather|nan|gran|grandma|grandad|guardian|stepmum|stepdad|step-parent|aunt|auntie|uncle)(?: (?:from|in) (?:[\w'’-]+ ?){0,2})?(?=\s*[.,!:;-])"
                             r"|\b(?:aimed at|meant for|intended for|designed for|targeted at|target audience|intended audience"
                             r"|(?:would|'d) (?:really |very much )?(?:like|love) to"  # a wish: "our school would like to help"
                             # what was planned, however put: "when is it supposed to begin?", "response due"
                             r"|(?:supposed|meant|expected) to|due(?=\W*$)"
                             # who came after someone: "who replaced him?" (not "what's replacing it?")
                             r"|(?<=\bwho )(?:replaced|succeeded|came after)"
                             # a correction: what is turned down names no topic ("no sorry, i meant the tribunal
                             # trial not the rochford stuff", "...when? not the october one")
                             r"|^\W*(?:(?:no+|nope|nah|sorry|oops|my bad)\W+)*(?:i (?:meant|mean)|not (?:that|this) one)"
                             r"|(?:not|rather than|instead of) (?:the|that|this) (?:[\w'’-]+ ){0,3}?(?:one|ones|stuff|thing|things|bit|bits|part|thingy)"
                             # how a yes or no is put: "is it true the tribunal will...?"; "a brand new SENCO" is a new one
                             r"|is it true(?: that)?|brand(?= new\b)"
                             # "is there anything new about apprenticeships?" asks what there is, not of a new thing
                             r"|(?<=\banything )new\b|(?<=\bsomething )new\b"
                             # when, put as a hope: "any send conferences coming up?"; whether the source
                             # names any: "are there any workshops mentioned?" (not "when was it mentioned?")
                             r"|\b(?:coming|come) up(?= *(?:soon|next|this year|at all)?\W*$)|\b(?<!it )(?<!they )(?<!was )(?<!were )mentioned(?=\W*$)"
                             # an amount put as extra: "is VAT on top?", "are travel costs paid on top of that?"
                             r"|\bon top(?: of (?:that|it|this|the \w+))?(?=\W*$)"
                             # a hedge before the question: "would I be right in thinking...", "I don't suppose there's..."
                             r"|(?:would|am) i (?:be )?(?:right|correct|wrong) (?:in thinking|in saying|to think|to say)(?: that)?|am i right"
                             r"|i don'?t suppose(?= (?:there|you|anyone|the|they)\b)"
                             # whether a thing told is typical (``_TYPICAL``): how it is asked, no word of it
                             rf"|{_TYPICAL}(?=\W*$)"
                             # how plainly or briefly to answer: "in plain English", "say that again more simply"
                             r"|in (?:(?:plain|simple|simpler|normal|everyday|easy|easier|basic|layman'?s?|lay|short|brief|a few)(?: english| words| terms| language)?"
                             r"|a nutshell|other words)"
                             r"|(?:(?:a bit|a little|much) )?(?:more )?(?:simply|plainly|briefly)|(?:a bit |a little )?(?:shorter|simpler)(?: please| pls)?"
                             r"|(?:the )?short version|layman'?s terms|eli5|tl;? ?dr|like (?:i'?m|i am) (?:5|five)"
                             r"|(?:say|put|explain|repeat|word) (?:that|it|this)(?: again| differently| another way| over)?"
                             # a summary to pass on, and whom for: "give me 2 lines for the whatsapp group",
                             # "how do I explain this to my husband", "I can pass on to the other tutors"
                             r"|(?:(?:give|write|send) (?:me|us) |in )?(?:\d|one|two|three|four|five|a few|a couple of) (?:short |quick )?"
                             r"(?:lines?|bullets?|bullet points|sentences|points)(?: max| maximum| or less| tops)?"
                             r"|how (?:do|can|would|should|could) (?:i|we) (?:explain|describe|put|sum up)"
                             r"|(?:explain|describe|pass on|pass it on|pass this on|share|forward|post)"
                             r"(?: (?:it|this|that|them))?(?= (?:to|with|in|on) (?:my|our|the|his|her)\b)"
                             r"|(?:(?:that|which) )?(?:i|we) can (?:pass on|share|send|forward|post)(?: (?:it|this|that))?"
                             r"|(?:for|to|with|in|on) (?:a|my|our|the|his|her)(?: [\w'’-]+){0,2} (?:whatsapp(?: group| chat)?|group chat|parents'? group"
                             r"|husband|wife|hubby|governors|tutors|colleagues|staff briefing)"
                             # why it is wanted or how the reply is read: "I need it for a citation", "i'm
                             # driving so keep it short", "bullet points fine", "for the reference list"
                             r"|(?:i|we) (?:need|want)(?: (?:it|this|that|them))? for (?:a|an|the|my|our)(?: [\w'’-]+){0,2} (?:citations?|references?"
                             r"|reference list|bibliography|email|letter|report|notes|newsletter|records|handout|slides?|presentation)"
                             r"|(?:for|in) (?:the|a|my|our) (?:citation|reference list|references|bibliography)"
                             r"|(?:i'?m|i am) (?:driving|on the bus|on the train|on my phone|at work|in a rush|in a hurry)(?: so)?"
                             r"|keep it (?:short|brief|simple)(?: please| pls)?"
                             # both questions wanted, said at the end: "who and when? both please"
                             r"|(?:(?:answer|tell me|give me) )?both(?: of them| of those| questions| things| bits)?(?: please| pls| plz| thanks)?(?=\W*$)"
                             r"|(?:bullet points?|bullets|a list|one line|a short answer)(?: is| are)? (?:fine|ok|okay|good|please)"
                             # how a list is asked: "what were the main areas?", "key points?" (not "the main areas of engagement")
                             r"|(?:the )?(?:main|key|big|major|most important) (?:areas|points|themes|bits|parts|headlines|messages|issues|takeaways|ideas)(?! of\b)"
                             # the timetable of a thing asks when: "what's the timetable for the pilot?"
                             r"|(?:timetables?|schedules?|timelines?|timescales?|time ?frames?)(?= (?:for|of)\b)"
                             # a request for information about a thing asks about the thing: "I need info about the review"
                             r"|(?:need|want|looking for|any|some|get|find|after) (?:info|information)(?= (?:on|about|re|regarding)\b)"
                             # a time in the asker's own story: "someone who only had a statement years ago"
                             r"|(?<!how )(?<!how long )(?:(?:\d+|a few|few|many|some|several|a couple of|two|three|four|five|ten) )?(?:years?|months?|weeks?) ago"
                             # ...and so does news of it: "latest on exclusions guidance?" ("the DfE update on..." names a document)
                             r"|(?:the )?(?:latest(?: news)?|news)(?= (?:on|about|re|regarding|with)\b)"
                             r"|(?:the|that|this) one(?= (?:about|on|for|with|regarding|re|where|that|which)\b)"
                             # how a name is spelled asks for the name: "spelled how?", "how do you spell that?"
                             r"|(?:how (?:is|was|are|were|do you|would you|do i) )?spell(?:ed|t|ing)?(?: (?:how|that|it|this))?"
                             # the time a date is set against: "before or after the summer hols?"
                             r"|(?:before|after) or (?:before|after)(?: (?:the|this|last|next))?(?: [\w']+){0,2}(?=\s*(?:[?!.,;]|$))"
                             # what the source is said to give, at the end of a question: "what dates are listed?"
                             r"|(?:(?<=\bare )|(?<=\bis )|(?<=\bwere )|(?<=\bwas ))(?:listed|mentioned|given|named|stated|quoted|cited)(?=\W*$)"
                             # the bot's own sources, pointed at: "the children's minister mentioned in the updates"
                             r"|(?:(?:mentioned|named|listed|referred to|talked about|quoted|featured) in (?:the|these|those|your|this|that)"
                             r"|in (?:these|those|your)) (?:updates?|announcements?|documents?|sources?|pages?|news(?: items?)?|articles?|notices?))\b",
                             re.IGNORECASE)


# "The September one", "the Rochford one": the words before "one" name the thing.
# (Not "the next one", "the other one": which one is asked there.)
_THE_X_ONE = re.compile(r"\b(the (?!(?:same|other|first|second|third|last|next|previous|earlier|latest|new|following)\b)"
                        r"(?:[\w'-]+ ){1,3})one\b(?! (?:of|day|year|month|week|term)\b)", re.IGNORECASE)


# An age told with the question, a child's ("my son is 15", "my daughter (9)", "a 14 year
# old") or the asker's own ("im 16 with a learning disability"), says whose story it is,
# never which fact is asked.
_AGE_TOLD = re.compile(r"\b(son|daughter|child|kid|boy|girl|grandson|granddaughter|nephew|niece|he's|she's|hes|shes|i'm|im|i am)"
                       r"(?:,| is| was)?(?: now| only| just| nearly| almost)?(?: aged)? \(?\d{1,2}\)?(?= |,|\.|$)"
                       r"(?! (?:weeks?|months?|days?|hours?|mins?|minutes?|terms?)\b)"
                       r"|\b\d{1,2}[ -]?(?:years?|yrs?)[ -]old\b|\b\d{1,2} ?yo\b", re.IGNORECASE)


# Where a parent heard something, and from whom ("someone in our parents group said",
# "saw a post on facebook saying", "ppl on twitter sayin"), tells how the story reached
# them, never what it is about. (Not a speaker in capitals, "someone on the SENCO forum
# said": that names the thing.)
_PLATFORMS = r"facebook|fb|twitter|x|insta|instagram|tiktok|whatsapp|mumsnet|snapchat|youtube|reddit|threads"
_HEARD_FROM = re.compile(
    r"(?:^|(?<=[.!?]\s))\s*(?:(?:so|and|but|ok|okay|hi|hiya|hello)\W+)?(?:"
    # "saw on facebook that", "read a post saying", "I heard on the radio"
    rf"(?:(?:i|we)(?:'ve| have)? )?(?:saw|seen|read|heard|spotted) (?:(?:a|an|on|in|this) )(?:(?!(?-i:[A-Z]{{2,}})\b)[\w'’-]+ ){{0,4}}?"
    rf"(?:post|posts|tweet|thing|article|screenshot|headline|video|message|group|news|radio|paper|forum|{_PLATFORMS})"
    r"(?: (?:saying|sayin|that said|that says|which said|that))?"
    # "someone in our parents group said", "ppl on twitter sayin", "my sister-in-law forwarded me a post saying"
    r"|(?:someone|somebody|some1|sum1|people|ppl|everyone|every1|(?:a )?(?:friend|mate)|a (?:mum|mom|dad|parent|teacher|lady|woman|man|neighbour)"
    r"|(?:my|our) (?:[\w-]+['’]s )?[\w'’-]+|another (?:parent|mum|mom|dad)|other (?:parents|mums|moms|dads)"
    # "the council says", "the SENCO told me": hearsay from whoever the family deals with
    r"|the (?:council|la|local authority|school|senco|teacher|head|headteacher|head teacher|nursery|college|sen team|send team"
    r"|ehc team|caseworker|case worker|social worker|paediatrician))"
    r"(?: (?!(?-i:[A-Z]{2,})\b)[\w'’-]+){0,6}? (?:said|says|told me|tells me|reckons|reckoned|mentioned|claims|claimed|swears"
    r"|is saying|are saying|were saying|saying|sayin|posted|shared|forwarded me|sent me"
    # a question passed on: "my son's TA asked me if the DfE...", "a dad asked us whether..."
    r"|asked (?:me|us)(?: (?:if|whether))?|(?:wants|wanted) to know (?:if|whether))"
    r"(?: (?:a|an|this) (?:post|screenshot|link|message|thing)(?: (?:saying|sayin|that says|that said))?)?"
    # a question passed on by someone named by a role in capitals: "my daughter's a TA and asked me what..."
    r"|(?:my|our) (?:[\w-]+['’]s )?[\w'’-]+(?: [\w'’-]+){0,6}? asked (?:me|us)(?: (?:if|whether))?"
    # (not an answer given: "the council says no")
    r")(?: that)?\b\s*(?!(?:no|yes|so|not|otherwise)\b)(?P<next>\w)", re.IGNORECASE)


def without_asking_phrases(text: str) -> str:
    claim = claim_checked(text)
    # (what follows starts the sentence, as its capital tells: "...panicking. Someone said kids...")
    text = _HEARD_FROM.sub(lambda heard: " " + heard["next"].upper(), claim.text if claim else text)
    return _AGE_TOLD.sub(lambda m: m[1] or " ", _THE_X_ONE.sub(r"\1", _ASKING_PHRASES.sub(" ", text)))


# A second question joined to the first: "who announced it *and when*?", "how many
# schools & how many hubs?", "when does it start and who's behind it?".
_ALSO_ASKED = re.compile(r"\S.*?(?:\band\b|&|\+)\s+(?:also\s+)?(?P<asked>(?:who|when|where|how (?:many|long|much))\b[^?.!;]*)",
                         re.IGNORECASE)


class AlsoAsked(NamedTuple):
    kind: str       # the kind of fact the other question asks
    words: str      # the other question's words
    answered: str   # the words of the question answered


def also_asked(text: str, kind: str) -> AlsoAsked | None:
    """The other question a message joins to the one answered as ``kind``, when it asks
    a kind of fact that one does not."""
    text = text.strip()
    found = _ALSO_ASKED.match(text)
    if not found:
        return None
    # (Either may be the one answered: "who announced it and when?" may be taken as a "when".)
    head = text[:found.start("asked")]
    first, second = (head, _kind_of(head)), (found["asked"], _kind_of(found["asked"]))
    if first[1] == second[1]:
        return None
    (words, other), answered = (second, first[0]) if second[1] != kind else (first, second[0])
    return AlsoAsked(other, words, answered) if other in CHECKED_KINDS else None


_AFTER_QUESTION_MARK = re.compile(r"(?<=\?)\s+")
# ...and so does a full stop, in a message typed in lower case ("WHY does nobody tell us.
# what is the what works resource"), unless it ends a short form ("e.g.", "approx.", "St.")
# or a few words that are no sentence ("phone no. for the council?", spelled out "phone number.").
MIN_SENTENCE_WORDS = 3
_AFTER_FULL_STOP = re.compile(r"(?<=[.!])\s+(?=[a-z])")
_SHORT_FORM = re.compile(r"(?:\b(?:e\.g|i\.e|eg|ie|etc|approx|st|dr|mr|mrs|ms|no|vs|incl|esp|dept|govt|yr|yrs)|\b\w)\.$", re.IGNORECASE)


def _typed_sentences(text: str) -> list[str]:
    pieces: list[str] = []
    for piece in _AFTER_FULL_STOP.split(text):
        if pieces and (_SHORT_FORM.search(pieces[-1]) or len(pieces[-1].split()) < MIN_SENTENCE_WORDS):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces


def asked_sentences(text: str) -> list[str]:
    """The sentences that ask, in a message that tells a story before or after them ("I'm a
    deputy head at a special school. How many schools are in the engagement pilot?",
    "When will the reception check come in? My little one is only 2..."): those ending
    in a question mark; none for a message of one sentence or none that asks."""
    # A question mark ends a sentence however the next begins: people type "any training
    # about CETRs? my lad has one coming up" in lower case.
    sentences = [part for s in split_sentences(text) for typed in _typed_sentences(s)
                 for part in _AFTER_QUESTION_MARK.split(typed) if part.strip()]
    # "...so my son can't use them. is she right?": a tag asks the sentence before it.
    for n in range(len(sentences) - 1, 0, -1):
        if _TAG_QUESTION.match(sentences[n]):
            sentences[n - 1:n + 1] = [f"{sentences[n - 1]} {sentences[n]}"]
    # The last sentence asks without its question mark when it is put as a question: "...back
    # in 2015?? is that right, when did it actually start".
    return [s for n, s in enumerate(sentences, 1) if s.rstrip().endswith("?")
            or (n == len(sentences) and _PUT_AS_QUESTION.match(s))] if len(sentences) > 1 else []


def two_questions(text: str) -> tuple[str, str] | None:
    """A message that asks two questions, each whole in its own words: two sentences that
    ask ("when is the trial? who leads the review?") or a question joined to one that opens
    with its own question word ("when does the trial start, and who led the review?")."""
    asked = asked_sentences(text)
    if len(asked) == 2 and _PUT_AS_QUESTION.match(asked[0]) and _WH_ASKED.match(asked[1]) \
            and len(asked[1].split()) >= MIN_OWN_QUESTION_WORDS:
        return asked[0], asked[1]
    joined = _JOINED_QUESTION.match(text.strip())
    if joined and _PUT_AS_QUESTION.match(joined["first"]) and len(joined["second"].split()) >= MIN_OWN_QUESTION_WORDS:
        return joined["first"], joined["second"]
    return None


# The second question asks for a thing in words of its own (at least "who led the
# review?"), after "and", "also", "plus" or a comma: no "and when?", "which ones?" or "is
# it statutory now?", which ask more of the first one's topic.
MIN_OWN_QUESTION_WORDS = 4
_JOINED_QUESTION = re.compile(r"(?P<first>\S.*?\S)\s*(?:,\s*(?:and\s+|also\s+|plus\s+)*|\s(?:and|also|plus|&)\s+(?:also\s+)?)"
                              rf"(?P<second>(?:whats|{_WH_WORDS})\b[^?]*\??)\s*$", re.IGNORECASE)


def asked_after_telling(text: str) -> str:
    """The clause that asks, in a one-sentence message that first tells of the asker ("my son
    is 14 and autistic, when does the trial start?", "sorry to bother you, how long will it
    run?"); "" for any other message. Ask it only of a text asked_sentences() found no
    question in: one it did is already split where it asks."""
    told, comma, asked = text.rpartition(", ")
    if not comma or not _OF_THE_ASKER.match(told) or "?" in told or _PUT_AS_QUESTION.match(told) \
            or not _PUT_AS_QUESTION.match(asked):
        return ""
    return asked


# How a clause about the asker opens: "my son...", "I'm a...", "sorry to...", "as a governor".
_OF_THE_ASKER = re.compile(r"^\W*(?:(?:hi|hiya|hello|hey|ok|okay|so|well)\W+)?(?:my|i|i'm|im|i am|i've|ive|we|we're|were|we've|weve|sorry|as an?)\b",
                           re.IGNORECASE)


_TAG_QUESTION = re.compile(r"^\W*(?:(?:and|so|but|or)\W+)?(?:(?:is|was|am|are) (?:she|he|they|that|it|this|i|we) (?:right|true|correct|wrong)"
                           r"|(?:is )?(?:that|it|this) (?:right|true|correct)|true|right|correct)\W*$", re.IGNORECASE)
_PUT_AS_QUESTION = re.compile(r"^\W*(?:(?:and|so|but|ok|okay|also|then|is (?:that|it|this) (?:right|true|correct)|right)\W+)*"
                              r"(?:what|whats|when|whens|where|wheres|who|whos|why|which|how|is|are|was|were|do|does|did|can|could"
                              r"|will|would|has|have|had)\b", re.IGNORECASE)


MAX_ASKING_WORDS = 3
# A person is asked for by the role they had ("who *chaired*..."), a date by the news it
# dates ("when was it *published*?"); "written for parents" asks which, not who wrote it.
_ASKED_OF = {"who": PERSON_ROLE_STEMS, "when": PUBLICATION_STEMS}


def asking_words(text: str, kind: str) -> list[str]:
    """The words of a question that say what it asks of its topic, beyond its kind: "who
    *chairs* the forum's group?", "when was the newsletter *published*?". Asked again of
    another topic ("and the residential review?"), the question means them too."""
    asking = _ASKED_OF.get(kind, frozenset()) | ASKING_VERBS.get(kind, frozenset())
    return [w for w in re.findall(r"[a-z][a-z'-]*", text.lower()) if set(analyse(w)) & asking][:MAX_ASKING_WORDS]


def topical(concepts: list[Concept]) -> list[Concept]:
    """The question's own words less those of who is asking ("and if I'm a parent?", "can
    our school...?"): what it is about."""
    return [c for c in content_of(concepts) if not (c.typed or c.stems) <= ROLE_STEMS]


def content_of(concepts: list[Concept]) -> list[Concept]:
    """The question's own words: those that say what it is about, not what kind of
    fact it wants ("when", "how long", "who do I call")."""
    return [c for c in concepts if not (c.typed or c.stems) <= KIND_STEMS]


def topic_words(text: str, concepts: Iterable[Concept] = (), kind: str = "") -> str:
    """The question without the words that only say what kind of fact is wanted
    ("how long", "when", "who can I call"): what to search the knowledge for. A word
    inside a known phrase stays: "times" in "times tables" is no question of time.
    The verbs that ask where or how long go too (``ASKING_VERBS``): "where can I find
    the guide?" is not about findings."""
    asking = _ASKING.get(kind, KIND_STEMS)
    if kind == "when":
        text = _without_story_times(text)
    in_phrases = {stem for c in concepts if len(c.typed) > 1 for stem in c.typed}
    kept = [w for w in re.findall(r"[\w'-]+", text)
            if not set(analyse(w)) & asking or set(analyse(w)) <= in_phrases]
    # The words are analysed one by one as the whole would be: no word of them leaves no stem.
    return " ".join(kept) if any(analyse(w) for w in kept) else text


# A time told in the story around a "when?" is what the parent believes, not what they
# ask about: "a dad at football said the check was announced over the summer. when was
# it really?" searches for the check, not for the summer.
_STORY_TIME = re.compile(rf"\b(?:(?:in|over|during|before|after|by|from|around|last|this|next) )?(?:the )?"
                         rf"(?:(?:\d{{1,2}} )?{_MONTHS}(?: (?:19|20)\d\d)?|(?:19|20)\d\d|summer|spring|autumn|winter|easter|christmas"
                         rf"|half[ -]term)(?: (?:holidays?|hols|term|break))?\b", re.IGNORECASE)


def _without_story_times(text: str) -> str:
    # (Sentences as typed on a phone: "...over the summer. when was it really?")
    sentences = _TYPED_SENTENCE_END.split(text.strip())
    if len(sentences) < 2 or not (sentences[-1].rstrip().endswith("?") or _PUT_AS_QUESTION.match(sentences[-1])):
        return text
    return " ".join([*(_STORY_TIME.sub(" ", s) for s in sentences[:-1]), sentences[-1]])


_TYPED_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def said_share(concepts: list[Concept], text: str) -> float:
    """The share of the concepts' weight that ``text`` says."""
    return _overlap(concepts, stems_of(text))


@lru_cache(maxsize=4096)
def stems_of(text: str) -> frozenset[str]:
    """The stems of a text of the knowledge (asked of the same few fields again and again)."""
    return frozenset(analyse(text))


def about_contacts(entry: Entry) -> bool:
    """An entry whose title or keywords say it is about contacts ("Who to contact about...")."""
    return bool(topic_stems(entry) & CONTACT_STEMS)


def naming(entry: Entry, concepts: list[Concept]) -> float:
    """How much of a message names this entry (its title and keywords), 0-1: "what
    about times tables?" names the tables check, not the consultation it came from.
    Only the message's own words name: "not" in "why not sooner?" names nothing, though
    a title says "not engaged"."""
    return _overlap(content_of(concepts), topic_stems(entry))


def said_in_entry(entry: Entry, concepts: list[Concept], other: Entry) -> bool:
    """Whether every word of the message that names ``other`` is said in ``entry`` too."""
    said = fact_stems(entry)
    naming_other = [c for c in content_of(concepts) if c.said_in(topic_stems(other))]
    return bool(naming_other) and all(c.said_in(said) for c in naming_other)


def said_only_otherwise(entries: Iterable[Entry], concepts: list[Concept], kind: str) -> bool:
    """Whether these entries say all the message's own words, but never in a sentence of
    this kind: "and the taskforce?" after the apprenticeship helpline names the taskforce,
    which the entries tell of, though no contact of theirs is the taskforce's."""
    content = content_of(concepts)
    feature = FEATURES.get(kind)
    if not content or feature is None:
        return False
    told = [f for e in entries for f in facts(e)]
    saying = [f for f in told if all(c.said_in(f.stems) for c in content)]
    # (A contact that says any of them is still asked for: "and the primary assessment one?"
    # of "the DfE's assessment policy team".)
    return bool(saying) and not any(_searched(feature, f.text) for f in told if any(c.said_in(f.stems) for c in content))


@lru_cache(maxsize=4096)
def fact_stems(entry: Entry) -> frozenset[str]:
    """Every stem the entry's facts say."""
    return frozenset().union(*(f.stems for f in facts(entry)))


@lru_cache(maxsize=4096)
def title_stems(entry: Entry) -> frozenset[str]:
    return frozenset(analyse(entry.title))


# What a title is about starts at its first "about", "on", "to"...: "E-learning about care,
# education and treatment reviews" is e-learning, "The government's response to the review" a response.
_TITLE_TOPIC = re.compile(r"\s(?:about|on|to|for|from|of the|into)\s.*", re.IGNORECASE)


def head_stems(entry: Entry) -> frozenset[str]:
    """The stems of what an entry is, by its title: the words before what it is about."""
    return frozenset(analyse(_TITLE_TOPIC.sub("", entry.title)))


# An entry never changes within a snapshot, and several steps of one turn (and the
# turns after it) ask for its facts and name again: analyse each entry once.
@lru_cache(maxsize=4096)
def topic_stems(entry: Entry) -> frozenset[str]:
    """The stems of what names an entry: its title and keywords."""
    return frozenset(analyse(" ".join((entry.title, *entry.keywords))))


@lru_cache(maxsize=4096)
def summary_stems(entry: Entry) -> frozenset[str]:
    """The stems of what an entry is, as an option offered says it: its topic and summary."""
    return frozenset(analyse(f"{entry.topic} {entry.answer}"))


@lru_cache(maxsize=4096)
def facts(entry: Entry) -> tuple[Fact, ...]:
    found: list[Fact] = []
    for name in FIELDS:
        for sentence in split_sentences(getattr(entry, name) or ""):
            found.append(Fact(name, len(found), sentence, frozenset(analyse(sentence))))
    if entry.since:
        # Searchable like any fact ("is it statutory now?"), but always shown as its own line.
        found.append(Fact("since", len(found), entry.since.text, frozenset(analyse(entry.since.text))))
    return tuple(found)


_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth")
_LAST_WORDS = frozenset({"last", "final"})


def nth_item(entry: Entry, ordinal: str) -> Choice | None:
    """The item of a list the entry tells in order ("First, ...", "its second theme was...",
    "the third of the three things...") that "the second one?" or "the last one you said"
    points at, with each sentence that tells it; None when the entry numbers no such item."""
    numbered = _numbered(entry)
    if not numbered:
        return None
    wanted = max(n for n, _ in numbered) if ordinal in _LAST_WORDS else _ORDINAL_WORDS.index(ordinal)
    told = _told_item(entry, numbered, wanted)
    return Choice(entry, told, 1.0, True, "what", pinned=True) if told else None


def next_item(entry: Entry, said: Iterable[int]) -> Choice | None:
    """"Then what?" after "First, an evaluation...": the item after the last one just told,
    of a list the entry tells in order; None when no item was just told or none follows."""
    said = set(said)
    numbered = _numbered(entry)
    told = [n for n, fact in numbered if fact.position in said]
    following = _told_item(entry, numbered, max(told) + 1) if told else ()
    return Choice(entry, following, 1.0, True, "what", pinned=True) if following else None


def other_item(entry: Entry, said: Iterable[int]) -> Choice | None:
    """"And the other one?" after one of two items an entry lists ("One was for... The other
    was..."), told itself or by the fact that tells it more: the item not told."""
    numbered = _numbered(entry)
    places = sorted({n for n, _ in numbered})
    if len(places) != 2:
        return None
    said = set(said)
    told = {n: _told_item(entry, numbered, n) for n in places}
    heard = [n for n in places if any(fact.position in said for fact in told[n])]
    if len(heard) != 1:
        return None
    other = places[1] if heard[0] == places[0] else places[0]
    return Choice(entry, told[other], 1.0, True, "what", pinned=True)


ITEM_WORDS = 20  # an item told in fewer words than this ("One was for pupils engaged in...")...
ELABORATES = 0.7  # ...is told more by the fact that says this share of its words, when one does
ELABORATED_WORDS = 60  # ...and by the fact after that, within this many words in all


def _told_item(entry: Entry, numbered: list[tuple[int, Fact]], place: int) -> tuple[Fact, ...]:
    """The facts that tell the item at ``place`` of the entry's list, and after a short one
    the fact elsewhere in the entry that tells it more ("One was for pupils engaged in
    subject-specific learning": "For pupils engaged in subject-specific learning..., the
    interim standards would be made permanent"); none when the list has no such item."""
    told = tuple(fact for n, fact in numbered if n == place)
    if len(told) != 1 or len(told[0].text.split()) >= ITEM_WORDS or not told[0].stems:
        return told
    items = {fact.position for _, fact in numbered}
    share = lambda fact: len(told[0].stems & fact.stems) / len(told[0].stems)
    every = facts(entry)
    more = max((fact for fact in every if fact.position not in items), key=share, default=None)
    if not more or share(more) < ELABORATES:
        return told
    # ...and the fact after it, while the item stays short: "...accepted the Review's
    # recommendation. The interim standards would be made permanent..."
    after = next((fact for fact in every if fact.position == more.position + 1 and fact.position not in items), None)
    return told + (more,) + ((after,) if after and _words((*told, more, after)) <= ELABORATED_WORDS else ())


def _numbered(entry: Entry) -> list[tuple[int, Fact]]:
    """The facts that tell an item of a list in order ("First, ...", "the second theme..."),
    each with its place in the list (0 for the first); failing those, the items a fact
    announces ("The review found three main things. Some children... Some councils...")."""
    every = facts(entry)
    numbered = [(n, fact) for fact in every for n, word in enumerate(_ORDINAL_WORDS) if _searched(_item_marker(word), fact.text)]
    return numbered or next((list(enumerate(items)) for items in (_items_of(f, every) for f in every) if items), [])


@lru_cache(maxsize=16)
def _item_marker(word: str) -> re.Pattern:
    # An item in a list, not a thing's name or time: "first-tier tribunal", "its first year" are none.
    return re.compile(rf"(?:^|[.;:]\s+){word}(?:ly)?,|\b(?:the|its|a) {word}(?: of the \w+ \w+| theme| recommendation| finding"
                      rf"| change| plan| project| proposal| thing| area| step| point| was| is| would| will)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def since_line(entry: Entry) -> str:
    """What changed after the announcement, one sentence with who says so; "" if nothing noted."""
    if not entry.since:
        return ""
    # "GOV.UK (statutory guidance)" is "GOV.UK" in a sentence; the citation keeps the rest.
    publisher = re.sub(r"\s*\([^)]*\)", "", entry.since.source.publisher)
    return SINCE_LINE.format(publisher=publisher, text=entry.since.text)


# An answer with a "since" line drops the source line's "Things may have changed since
# then." (it says what changed), so the line costs only the words beyond those six.
_CAVEAT_WORDS = 6


def _room(entry: Entry, words: int) -> int:
    """The words left for facts once the "since" line, which every answer from the entry carries, is in."""
    return words - max(0, len(since_line(entry).split()) - _CAVEAT_WORDS) if entry.since else words


@lru_cache(maxsize=1 << 14)
def _searched(pattern: re.Pattern, sentence: str) -> re.Match | None:
    """``pattern.search(sentence)`` for a sentence of the knowledge: asked of the same
    sentences message after message, so each is searched once."""
    return pattern.search(sentence)


def _overlap(concepts: list[Concept], stems: Iterable[str]) -> float:
    """The share of the question's weight said in ``stems``: a synonym phrase counts only whole."""
    stems = stems if isinstance(stems, (set, frozenset)) else set(stems)
    total = sum([c.weight for c in concepts]) or 1.0
    return sum([c.weight for c in concepts if c.said_in(stems)]) / total


@lru_cache(maxsize=4096)
def _stem_index(entry: Entry, plain: bool = False) -> dict[str, frozenset[int]]:
    """Each stem of the entry's facts, and the positions of the facts that hold it
    (``facts_for`` keeps every fact's stems and position, whatever the kind). ``plain``:
    without the facts' longer glosses, since a word said only in "(signs of how a child
    takes part in learning)" explains another word and is not what the fact is about; a
    gloss of up to four words ("(councils)", "(no other suitable place)") is the plain
    name itself."""
    index: dict[str, set[int]] = {}
    for fact in facts(entry):
        stems = analyse(_GLOSS.sub(_short_gloss, fact.text)) if plain else fact.stems
        for stem in stems:
            index.setdefault(stem, set()).add(fact.position)
    return {stem: frozenset(at) for stem, at in index.items()}


def _short_gloss(found: re.Match) -> str:
    return found.group(0) if len(found.group(0).split()) <= 4 else ""


def _said_at(index: dict[str, frozenset[int]], concept: Concept, every: frozenset[int]) -> frozenset[int]:
    """The positions of the facts whose stems say ``concept``: ``Concept.said_in`` for all of them at once."""
    if not concept.phrases:
        found: set[int] = set()
        for stem in concept.stems:
            found.update(index.get(stem, ()))
        return frozenset(found)
    found = set()
    for phrase in concept.phrases:
        at = every
        for stem in phrase:
            at = at & index.get(stem, frozenset())
            if not at:
                break
        found |= at
    return frozenset(found)


_first = itemgetter(0)


_GLOSS = re.compile(r"\s+\((?![^)]*\d)[^)]{3,80}\)")


@lru_cache(maxsize=4096)
def facts_for(entry: Entry, kind: str) -> tuple[Fact, ...]:
    """The entry's facts as a reply of this kind shows them: a list on a phone gives its
    items without their glosses ("(the first year of school)"), so more of them fit."""
    if kind != "list":
        return facts(entry)
    return tuple(replace(f, text=_GLOSS.sub("", f.text)) for f in facts(entry))


# A name given in quotes ("...its 'Primary assessment in England' consultation") is what
# "what was it called?" asks for, before any sentence that merely says "the report"
# (a question with words of its own picks the sentence that holds them).
_QUOTED_TITLE = re.compile(r"[\"“‘][A-Z][^\"”’]{6,}[\"”’]")


def choose(entry: Entry, concepts: list[Concept], kind: str, skip: Iterable[int] = (),
           just_said: Iterable[int] = (), referent: str = "", pointed: bool = False) -> Choice:
    """The sentences of ``entry`` that best answer a question of ``kind`` with ``concepts``.

    The question's words that name the entry itself (its title and keywords: "the
    redress trial") say which entry, not which fact, so a fact scores mainly by the
    *other* words it holds ("announced", "led", "include travel"), plus a bonus when it
    carries the kind of thing asked (a date for "when", a name for "who").
    """
    all_facts = facts_for(entry, kind)
    skipped = set(skip)
    # What changed since leads only when the question is about today ("is it still
    # running?", "what's happened since?"); "when does the pilot start?", "is it done on
    # paper?" are asked of the announcement.
    asks_today = bool(frozenset().union(*(c.typed or c.stems for c in concepts)) & TODAY_STEMS)
    told = [f for f in all_facts if f.field != "since" or asks_today or kind == "later"] or list(all_facts)
    # Every fact given already ("what else?" once too often): the facts again, not nothing.
    pool = [f for f in told if f.position not in skipped] or told
    names = title_stems(entry)
    content = content_of(concepts)
    naming_words = [c for c in content if c.stems & names]
    # A word inside a phrase that names the entry ("7" of "7 areas of engagement") names it too.
    # The person "he" or "she" stands for points at the facts about them, named or not.
    meant = frozenset(analyse(referent))
    specific = [c for c in content if not c.unread and (not c.stems & names and not any(c.stems <= n.stems for n in naming_words)
                                       and not (len(content) > 1 and (c.typed or c.stems) <= DOMAIN_STEMS))
                or c.stems & meant]
    # A keyword names the entry less surely than its title, and often is the very fact
    # asked ("are LDA holders covered?"): it still picks facts, at half weight.
    # So does a word of the entry's opening sentence, which says what the entry is about:
    # "why change the rules?" of an entry that opens "In 2017 the DfE changed the rules".
    keywords = (topic_stems(entry) | all_facts[0].stems) - names
    specific = [replace(c, weight=c.weight / 2) if c.stems & keywords and not c.stems & meant else c for c in specific]
    # "What's happened with STOMP since then?": "since" only asks for the later note
    # ("is he still the minister now?" asks of him still, which a note about boards
    # replacing CCGs does not tell); "how long after that does it start?" asks for a date.
    # (But "when's the one after January?" names which, and "when does it run until?" its end.)
    placing = _SINCE if kind == "later" else _AFTER_OR_BEFORE if kind == "when" and any(c.stems & _HOW_LONG for c in concepts) \
        else frozenset()
    specific = [c for c in specific if not (c.typed or c.stems) <= placing]
    # A count the entry never says is most often a number misremembered in a name ("the 6
    # areas of engagement pilot"): no word to look for.
    specific = [c for c in specific if not (len(c.stems) == 1 and _a_count(*c.stems) and not c.stems & fact_stems(entry))]
    if kind in ("when", "how_long", "how_many", "how_much", "recipient"):
        # A person's name in a question of a date, span, number or recipient names the
        # thing ("when did the Lenehan review start?", "who was Goodwill's letter copied
        # to?"): the sentence saying the name is rarely the one with the fact.
        specific = [c for c in specific if not c.stems <= people_stems(entry)]
    # "Who ran it with Christine Lenehan?" asks for someone besides her: her name says
    # which review, and a sentence naming only her carries no answer.
    named: frozenset[str] = frozenset()
    if kind == "who" and any(c.stems and c.stems <= ANOTHER_STEMS for c in concepts):
        people = people_stems(entry)
        named = frozenset(stem for c in content if c.stems <= people for stem in c.stems)
        specific = [c for c in specific if not (c.stems <= people or c.stems <= ANOTHER_STEMS)] if named else specific
    # "When is the 2019 conference?" of the entry on the 2018 one: another year's, of
    # which the knowledge says nothing.
    titled_years = set(_YEAR.findall(entry.title))
    other_year = next((year for year in sorted({s for c in content for s in c.stems if _YEAR.fullmatch(s)})
                       if titled_years and year not in titled_years and not any(year in f.text for f in all_facts)), "")
    feature = _wanted(kind, concepts)
    if kind == "contact" and feature:
        # "Whom should schools contact with queries?": who asks is no word of the answer
        # unless a contact line names them ("Training providers should contact..."); said
        # only in other sentences ("progress measures for primary schools"), it misleads.
        lines = [f.stems for f in all_facts if _searched(feature, f.text)]
        others = [f.stems for f in all_facts if not _searched(feature, f.text)]
        specific = [c for c in specific if not ((c.typed or c.stems) <= ROLE_STEMS and not any(c.said_in(s) for s in lines)
                                                 and any(c.said_in(s) for s in others))]
    if kind in ("when", "how_long") and feature:
        # "When do schools start the pilot?": who does it is no word of the date ("from
        # about October half term"), unless the sentences giving a date say it too.
        dated = [f.stems for f in all_facts if _searched(feature, f.text) and not _dates_only_the_news(f.text)]
        specific = [c for c in specific if not ((c.typed or c.stems) <= ROLE_STEMS and dated
                                                 and not any(c.said_in(s) for s in dated))]
    about_news = any((c.typed or c.stems) & PUBLICATION_STEMS for c in concepts)
    if kind in ASKING_VERBS:
        # "Where can I find / read / watch it?", "how long does it go on for?", "who was his
        # letter addressed to?": the verb is the asking, not a word of the fact.
        # (Its spelling fixed too: "been runnin" asks how long as "been running" does.)
        specific = [c for c in specific if not ((c.typed or c.stems) <= ASKING_VERBS[kind] or c.stems <= ASKING_VERBS[kind])]
    if kind == "who" and len(specific) == 1 and (specific[0].typed or specific[0].stems) <= CHAIR_STEMS:
        # "Who chairs the apprenticeship one?": the role is how a person is asked for; a
        # sentence naming whoever led it answers, in whatever word it says the role.
        specific = []
    if kind == "who" and feature is _PROPOSED:
        specific = [c for c in specific if not (c.typed or c.stems) <= _IDEA_STEMS]  # "idea" is what is asked
    if kind in ("who", "when") and about_news:
        # "Who announced it?" asks whose news it was, "when did it report?" its date:
        # "announced" is what is asked, not a word the answer must repeat ("Justine
        # Greening set out the details...").
        # (For "who", a sentence that does say it still answers best: "Robert Goodwill...
        # announced plans to launch the trial".)
        specific = [replace(c, weight=c.weight / 2) if (c.typed or c.stems) & PUBLICATION_STEMS else c
                    for c in specific if kind == "who" and (c.typed or c.stems) & _ANNOUNCE_STEMS
                    or not (c.typed or c.stems) & PUBLICATION_STEMS]
    # "When's the evaluation?" then "where?": a question with no words of its own asks
    # about what was just said, so a fact of the last reply that carries the kind leads;
    # so does one that ``pointed`` at it ("who's speaking at that one?"); pointed at, it
    # gains whatever it says ("what's that one about?" of the February webinar just told).
    # So does a question of a person or a thing whose own words the entry never says
    # ("of which organisation?" after "...chief executive of the Seashell Trust"): they
    # say how it is asked, not what of. (Not a doing the entry never tells: "who's
    # speaking?" of a webinar whose speakers it never names.)
    unsaid = kind in ("who", "named_thing") and bool(specific) and not any(
        c.said_in(fact_stems(entry)) or c.stems & _SPEAKING_STEMS for c in specific)
    follows = set(just_said) if not content or pointed or unsaid else set()
    # (Of those, the person the last reply led with most: "spelled?" after "Mark Geraghty
    # is the chief executive...", though its line of context named Dame Christine first.)
    lead_said = next(iter(just_said), None) if follows and kind == "who" else None
    # "Who led / chaired / wrote it?" asks for a person, not the department behind it.
    person_asked = kind == "who" and any((c.typed or c.stems) & (PERSON_ROLE_STEMS | PUBLICATION_STEMS) for c in concepts)
    # "Who wrote / led / chaired it?" asks for a person by role, which most sentences
    # of a who-kind carry in some form ("the department", "schools"): a named person leads.
    by_role = kind == "who" and any(c.stems and c.stems <= LEADING_STEMS for c in concepts)
    asked_stems = frozenset(stem for c in content for stem in c.stems) if kind == "where" else frozenset()
    # "Who got the letter?": whom it was written to; "was also copied to..." tells who else,
    # which only a question about copies or others asks for.
    # (Once the letter is being told, "who else got it?", "and charities?" ask on about the copies.)
    told_just_now = set(just_said)
    besides_first = kind == "recipient" and not told_just_now and not any((c.typed or c.stems) & _COPIED_STEMS for c in concepts)
    # _overlap(concepts, fact.stems) for every fact at once: the weights said, in the same order.
    index, plain, every = _stem_index(entry), _stem_index(entry, plain=True), frozenset(range(len(all_facts)))
    said = [(c.weight, _said_at(index, c, every), _said_at(plain, c, every)) for c in concepts]
    said_own = [(c.weight, _said_at(index, c, every), _said_at(plain, c, every)) for c in specific]
    total = sum([c.weight for c in concepts]) or 1.0
    total_own = sum([c.weight for c in specific]) or 1.0
    said_any = frozenset().union(*(where for _, where, _ in said), *(where for _, where, _ in said_own))
    scored = []
    for fact in pool:
        at = fact.position
        if at in said_any:
            overlap = sum([w if at in bare else w * GLOSS_WEIGHT for w, where, bare in said if at in where]) / total
            own = sum([w if at in bare else w * GLOSS_WEIGHT for w, where, bare in said_own if at in where]) / total_own \
                if specific else overlap
        else:
            overlap = own = 0.0  # what the sums make of no weight said
        carries = fact.field == "since" if kind == "later" else bool(feature and _searched(feature, fact.text))
        if named and carries and all(set(analyse(name)) & named for _, name in _people(fact.text)):
            carries = own = 0.0  # it names no one but the person the question sets aside
        if carries and kind == "where" and asked_stems:
            # "Where are the hubs based?": the hubs are what is asked about, not where; "which
            # venue in Stoke?" is not answered by "in Stoke-on-Trent", which it says itself.
            carries = any((" " in m.group() and not _IN_A_PLACE.fullmatch(m.group())) or not set(analyse(m.group())) <= asked_stems
                          for m in feature.finditer(fact.text))
        # "The notice did not say who would sit on it" answers "who is on it?": that the
        # source is silent on exactly the kind asked.
        silent_on_it = kind in SILENT_ON and feature is not _PROPOSED and bool(
            _searched(ABSENT, fact.text) and _searched(SILENT_ON[kind], fact.text))
        carries = carries or silent_on_it
        # A silence on something else ("the announcement did not spell out the new levels")
        # is no answer to a question of a concrete kind ("who do I ring about the new rules?").
        # (Nor do the question's words it repeats make it one: "the *new* rules" of "the new levels".)
        silent_on_other = kind in SILENCED_KINDS and not carries and bool(_searched(ABSENT, fact.text))
        own = 0.0 if silent_on_other else own
        if carries and kind in ("when", "how_long") and not about_news and _dates_only_the_news(fact.text):
            carries = False
        # "How many schools...?": a number right before the thing counted ("50 schools").
        counted = kind == "how_many" and carries and _counts(fact.text, specific)
        # A claim whose reason comes next ("Some councils were reluctant... This was partly
        # because...") answers "why?" with it: the next sentence follows the lead.
        if kind == "why" and not carries and at + 1 < len(all_facts) and all_facts[at + 1].field == fact.field \
                and _LEANS_BACK.match(all_facts[at + 1].text) and _searched(feature, all_facts[at + 1].text):
            carries = True
        # Words that only name the entry are said all through it: among its facts, the
        # kind of fact carried decides ("transforming care webinar dates" wants the dates).
        # Earlier sentences are the entry's own summary: a small lead breaks ties.
        score = (own if specific else 0.0) + 0.25 * overlap + (0.45 if carries else 0.0) - 0.01 * fact.position \
            + (0.3 + (LEAD_SAID_BONUS if fact.position == lead_said and names_a_person(fact.text) else 0.0)
               if fact.position in follows and carries and not (person_asked and not names_a_person(fact.text))
               else 0.5 if fact.position in follows and pointed else 0.0) + ((0.45 if by_role else 0.2) if person_asked and names_a_person(fact.text) else 0.0) \
            + (0.3 if counted else 0.0) + (0.3 if silent_on_it else 0.0) - (0.3 if besides_first and _ALSO.search(fact.text) else 0.0) \
            + (0.35 if kind == "named_thing" and not specific and _QUOTED_TITLE.search(fact.text) else 0.0) \
            - (0.3 if silent_on_other else 0.0) \
            + (0.2 if kind == "when" and not specific and fact.field == "dates" else 0.0)
        scored.append((score, own, carries, fact))
    scored.sort(key=_first, reverse=True)  # as key=-score: reverse keeps equal scores in order too
    # The entry holds the asked kind of fact only if a sentence carries it *and* holds
    # the question's own specific words ("who sits on the board?" needs the members).
    # A long message's many words are mostly its story, not the fact wanted; and the
    # entry's title is a fact too ("...webinars from NHS England" answers "who runs them?").
    # Nor, for a date, span or number, when every specific word is said somewhere in the
    # entry: then they only name it ("Goodwill's tribunal trial - how many years?"), and a
    # sentence of the kind answers. (A contact or a person is more often another entry's.)
    # Nor when the specific words only say who is asking ("and if I'm a parent?").
    # (Whom a letter went to is rarely said with the question's words: any sentence telling it will do.)
    asked_own = [(w, said_at) for c, (w, said_at, _) in zip(specific, said_own) if not c.story]
    loose = not asked_own or len(specific) > 3 or kind == "recipient" or (kind in ("when", "how_long", "how_many", "how_much")
                                                  and sum(w for w, said_at in asked_own if said_at) >= NAMED_SHARE * sum(w for w, _ in asked_own)) \
        or not topical(specific)
    # What happened later is only told by a note about the very thing asked: a note on the
    # entry's other plans says nothing of who replaced a minister it names.
    loose = loose and (kind != "later" or not specific)
    # "Who chaired it?" is answered by a person's name: a team that took questions is none.
    # (A body may write or lead a thing, but only a person chairs it.)
    # ...nor is a person's name asked for ("what was the name of the mum who spoke?")
    # answered by their role ("a parent carer spoke"). (An institute's name is no person's.)
    person_only = kind == "who" and any(c.stems and c.stems <= CHAIR_STEMS for c in concepts) or (
        kind == "who" and any(c.stems and c.stems <= _NAME_STEMS for c in concepts)
        and any((c.typed or c.stems) & _PERSON_STEMS for c in concepts))
    # (Whoever the entry names answers "who helps them?" though no sentence says "help":
    # "support from 8 regional teaching school hubs". A doing is seldom told in the asker's words.)
    has_kind = kind not in CHECKED_KINDS or bool(feature and feature.search(entry.title) and not person_only) or any(
        carries and (loose or own > 0 or kind == "who" and not person_only) and (not person_only or names_a_person(fact.text))
        for _, own, carries, fact in scored)
    if kind == "list" and has_kind and len(content) <= COUNTED_LIST_WORDS \
            and any(len(c.typed or c.stems) == 1 and _a_count(*(c.typed or c.stems)) for c in concepts):
        # "List the 7 areas", "what are the seven?": a list asked for by its number is
        # answered only by a sentence naming its items; "7 areas of engagement" names none.
        # (In a long message a number is most often the story's: "at the school for three years";
        # and a number inside a name counts nothing: "times tables for year four".)
        # (An item may follow the sentence that says the words: "They had three themes. First, ...")
        has_kind = any(_searched(_ENUMERATED, fact.text) for fact in all_facts
                       if any(p in said_any and all_facts[p].field == fact.field for p in range(max(0, fact.position - LIST_LEAD), fact.position + 1)))
    if kind == "how_many" and content and has_kind and not any((c.typed or c.stems) & FREQUENCY_STEMS for c in concepts):
        # "How many pupils are in the pilot?" is answered by a number of pupils, not by
        # "approximately 50 schools": the count of another thing leaves it unsaid. (The
        # thing counted may be the entry's own: "how many guides..." of the guides.)
        # ("How many appeals a year?": "a year" is the rate, never the thing counted.)
        # Words of the entry's own name only say which thing ("how many will be in the
        # engagement one?"): with nothing else named, any count it gives answers.
        counted_things = [c for c in content if not (c.typed or c.stems) <= TIME_UNIT_STEMS]
        named_only = all(c.said_in(title_stems(entry)) for c in counted_things)
        # "How many people chaired it?" is answered by naming them.
        people = bool(counted_things and (counted_things[0].typed or counted_things[0].stems) & _PEOPLE_STEMS)
        # (A silence answers when it is about the count or the thing counted: an email
        # hidden in our copy says nothing of how many pupils there are.)
        has_kind = any(carries and (_counts(fact.text, counted_things)
                                    or _searched(ABSENT, fact.text) and not _silent_on_another(fact.text, kind)
                                    and (_searched(SILENT_ON[kind], fact.text) or any(c.said_in(fact.stems) for c in counted_things))
                                    or named_only and _counts_some_things(fact.text))
                       # (...when it says what they did: naming the forum's chair counts no members)
                       or people and names_a_person(fact.text) and any(c.said_in(fact.stems) for c in counted_things[1:])
                       for _, _, carries, fact in scored)
    best_score, best_own, _, best = scored[0]
    if kind == "day" and has_kind and not _searched(feature, best.text):
        # The day of another thing ("the 26 October 2017 list") is no day of the one asked.
        has_kind = False
    # (Only a "what" with nothing skipped asks for them: with many words, finding them is most of the work.)
    whole = [c for c in content if not any(c is not o and c.stems < o.stems for o in content)] \
        if kind in ("what", "about") and not skipped else []
    if kind in ("what", "about") and whole and not skipped and all(c.said_in(title_stems(entry)) for c in whole):
        # "What's the redress trial?", "anything on the engagement pilot?": the question only
        # says the entry's title, so its own summary answers, in the order its writer gave it.
        # (A keyword is no title: "and travel?", "Geraghty?" ask for the fact that has it.)
        summary = [f for f in all_facts if f.field == "answer"]
        budget = _room(entry, MAX_WORDS)
        chosen = _with_items(_fill(summary[:1], summary[1:], budget), all_facts, budget)
        return Choice(entry, tuple(chosen), best_own, has_kind, kind, False, feature, other_year=other_year)
    chosen = [best]
    words = len(best.text.split())
    sure = best_own >= 0.5
    wanted = LIST_SENTENCES if kind in ("list", "contact", "address") or not sure else 3
    # A list asked for is only answered by its items: it may take a little more of the screen.
    budget = _room(entry, LIST_WORDS if kind == "list" else MAX_WORDS if sure else UNSURE_WORDS)
    for score, own, carries, fact in scored[1:]:
        if len(chosen) >= wanted:
            break
        # Every sentence carrying the asked kind with the question's words counts:
        # a phone and an email, or two dates, rarely share all of them.
        close = score >= best_score * (0.45 if kind == "list" else 0.6) or (carries and own > 0)
        # A one-line reply is too thin to be sure it holds what was asked: fill to a few lines.
        if (close or words < MIN_WORDS or not sure) and words + len(fact.text.split()) <= budget:
            chosen.append(fact)
            words += len(fact.text.split())
    # A reason asked of a claim that gives none ("why are outcomes sometimes not as good?"):
    # the sentence after the claim most often explains it, with or without a "because".
    explained = kind == "why" and not (feature and _searched(feature, best.text))  # (or its reason is next)
    # ...unless a sentence elsewhere gives a reason with the question's own words ("the DfE
    # renewed its request for volunteers" / "it asked for more volunteers, because it wanted
    # to spread the net wide"): that one follows the claim.
    after_best = next((f for f in all_facts if f.position == best.position + 1 and f.field == best.field), None)
    reason = None if not explained or (after_best and _searched(feature, after_best.text)) else next(
        (f for _, _, carries, f in scored if carries and f is not best and _searched(feature, f.text)
         and any(c.said_in(f.stems) for c in content)), None)
    if reason:
        chosen = [best, reason, *(f for f in chosen if f is not best and f is not reason)]
        explained = False
    # A list asked of with words one item holds ("what did they say about the EYFS
    # profile?") is answered by that item first; the rest of the list follows.
    whole_list = kind == "list" and not (specific and sure)
    chosen = _without_repeats(_with_followers(_with_items(chosen, all_facts, _room(entry, max(budget, UNSURE_WORDS)),
                                                          whole_list=whole_list, complete=kind == "list"),
                                              all_facts, budget, next_too=explained, displace=explained or kind == "recipient"))
    pinned = (best_own > 0 and bool(specific)) or (not specific and kind in CHECKED_KINDS)
    # A sentence saying the source is silent on something else ("...does not say how long
    # the review took") never opens a reply to another question: it follows what is said.
    if chosen and _silent_on_another(chosen[0].text, kind):
        told = next((i for i, f in enumerate(chosen) if not _silent_on_another(f.text, kind)), None)
        if told is not None:
            chosen = [chosen[told], *chosen[:told], *chosen[told + 1:]]
    return Choice(entry, tuple(chosen), best_own, has_kind, kind, pinned, feature,
                  kind == "how_many" and _counts(best.text, specific), other_year)


def _a_count(stem: str) -> bool:
    return stem.isdigit() and MIN_COUNTED <= int(stem) <= MAX_COUNTED


# ("the month before the November 2017 update": October)
_DATED = re.compile(rf"\b(?:(?P<before>the month before (?:the )?)|(\d{{1,2}}) )?({_MONTHS}) (\d{{4}})\b", re.IGNORECASE)
_MONTH_NUMBER = {m: n for n, m in enumerate(MONTH_NAMES.split("|"), 1)}


def _first_date(text: str) -> tuple[int, int, int] | None:
    """The first day a sentence names ("on 25 January 2018"), as (year, month, day)."""
    found = _DATED.search(text)
    if not found:
        return None
    before, day, month, year = found.groups()
    number = _MONTH_NUMBER[month.lower()]
    if before:
        return (int(year), number - 1, 0) if number > 1 else (int(year) - 1, 12, 0)
    return int(year), number, int(day or 0)


def _dated_facts(entries: Iterable[Entry]) -> Iterator[tuple[tuple[int, int, int], Entry, Fact]]:
    """Each fact of these entries that names a day or a month, with it (the "since" notes aside)."""
    for entry in entries:
        for fact in facts(entry):
            if fact.field != "since" and (day := _first_date(fact.text)):
                yield day, entry, fact


def _dated_choice(entry: Entry, fact: Fact) -> Choice:
    return Choice(entry, (fact,), 1.0, True, "when", True)


def _date_said(entry: Entry, said: Iterable[int]) -> tuple[int, int, int] | None:
    """The date of the first dated fact of ``entry`` just told, as (year, month, day)."""
    return next((d for fact in said_facts(entry, said) if (d := _first_date(fact.text))), None)


def date_said(entry: Entry, said: Iterable[int]) -> tuple[int, str, int] | None:
    """The year, month and day (0 if none) of the first dated fact of ``entry`` just told
    ("that month", "the same day")."""
    day = _date_said(entry, said)
    return (day[0], MONTH_NAMES.split("|")[day[1] - 1], day[2]) if day else None


def next_in_time(last: Entry, said: Iterable[int], others: Iterable[Entry], earlier: bool = False) -> Choice | None:
    """"And the one after that?": the fact of this entry or its siblings dated next after
    (or, ``earlier``, last before) the date of the fact just given."""
    then = _date_said(last, said)
    if not then:
        return None
    # After a day ("26 October 2017") the next one has a day too: "in the month before the
    # November 2017 update" dates no event.
    candidates = [(d, entry, fact) for d, entry, fact in _dated_facts((last, *others))
                  if (d[2] or not then[2]) and (d < then if earlier else d > then)]
    if not candidates:
        return None
    _, entry, fact = (max if earlier else min)(candidates, key=lambda c: c[0])
    return _dated_choice(entry, fact)


def first_in_time(entries: list[Entry], told: Iterable[int] = ()) -> Choice | None:
    """"Which one was first?": of two things just talked about, the one dated first, told
    by its own first date; of one, the earliest of its events already told, to the day
    where it can ("26 October 2017" before "in the month before the November 2017 update")."""
    if len(entries) > 1:
        own = [d for d in map(_own_date, entries[:2]) if d]
        if len(own) < 2:
            return None
        _, entry, fact = min(own, key=itemgetter(0))
        return _dated_choice(entry, fact)
    told = set(told)
    dated = [d for d in _dated_facts(entries) if d[2].position in told]
    if len(dated) < 2:
        return None  # ("the evaluation or the trialling?": a season dates no event to compare)
    to_the_day = [d for d in dated if d[0][2]] or dated
    _, entry, fact = min(to_the_day, key=itemgetter(0))
    return _dated_choice(entry, fact)


def _own_date(entry: Entry) -> tuple[tuple[int, int, int], Entry, Fact] | None:
    """The date an entry gives for itself: the first of its dates field, else its first dated fact."""
    dated = list(_dated_facts([entry]))
    return next((d for d in dated if d[2].field == "dates"), dated[0] if dated else None)


def dated_in(entries: Iterable[Entry], month: str = "", day: int = 0) -> Choice | None:
    """"And the February one?", "which was published on the 13th?": the first fact of these
    entries dated in that month, or on that day of a month."""
    number = _MONTH_NUMBER.get(month.lower())
    # (a day may be any date the fact names: "The September 2017 edition came out on 13 September 2017")
    # (one dated to the day first: "the October one" is the 26 October webinar, not the
    # one "in the month before the November 2017 update")
    found = min((((not d[2], n), entry, fact) for n, (d, entry, fact) in enumerate(_dated_facts(entries))
                 if (not number or d[1] == number) and (not day or any(int(f[2] or 0) == day for f in _DATED.finditer(fact.text)))),
                key=itemgetter(0), default=None)
    return _dated_choice(found[1], found[2]) if found else None


def dated_on(month: str, entries: Iterable[Entry], year: int | None = None, day: int | None = None) -> list[Choice]:
    """"What's happening in March 2018?": of each entry, the fact dated then (the month,
    and the year and day if given), its own dates first; first the entries whose own dates
    say it (not an update mentioning a start that month), each in date order."""
    number = _MONTH_NUMBER.get(month.lower())
    found: dict[str, tuple[bool, tuple[int, int, int], Entry, Fact]] = {}
    told: dict[str, Fact] = {}
    for d, entry, fact in _dated_facts(entries):
        if d[1] == number and year in (None, d[0]) and day in (None, d[2]):
            dated = (fact.field != "dates", d, entry, fact)
            found[entry.id] = min(found.get(entry.id, dated), dated, key=itemgetter(0))
            # Told by the fact that says what it is, dated then ("Robert Goodwill MP wrote a
            # letter..."), not a bare date line ("The attachment is dated September 2017").
            told[entry.id] = min(told.get(entry.id, fact), fact, key=lambda f: FIELDS.index(f.field))
    shown: list[tuple[tuple[int, int, int], Entry, Fact]] = []
    for _, d, entry, fact in sorted(found.values(), key=itemgetter(0, 1)):
        # A letter about the trial gives the trial's own start: one thing, told once.
        if not any(d == seen and (entry.id in other.related or other.id in entry.related) for seen, other, _ in shown):
            shown.append((d, entry, fact))
    return [_dated_choice(entry, told[entry.id]) for _, entry, fact in shown]


_TITLED = re.compile(r"\b(?:Dame|Sir|Mr|Mrs|Ms|Miss|Dr|Professor|Lord|Baroness|Lady)\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)")
# (Looked for at every capital, so a capital before the name does not hide it: "Did Robert Goodwill...")
_FULL_NAME = re.compile(r"\b(?=(([A-Z][a-z]+)\s+[A-Z][\w'-]+))")


def _people(text: str) -> list[tuple[int, str]]:
    """The people a sentence names, with where: "Dame Christine Lenehan", or a first name
    and a surname ("Mark Geraghty"); "Seashell Trust" is no one."""
    found = [(m.start(), m.group(1)) for m in _TITLED.finditer(text)]
    return found + [(m.start(), m.group(1)) for m in _FULL_NAME.finditer(text) if m.group(2) in names().first]


# A name: a capital inside a sentence on a word no English word list has ("Rochford",
# "Lenehan", "Ofsted"), not a month, not an acronym ("DfE", "SENCo": said of many topics).
_CAPITALISED = re.compile(r"(?<=[\w,;:'\"’)] )([A-Z][a-z][a-z'’-]+)")


@lru_cache(maxsize=4096)
def proper_stems(entry: Entry) -> frozenset[str]:
    """The stems of the names an entry says: a question that names one of them
    ("who chaired the Rochford Review?") is about an entry that says it, never one that
    only shares its other words ("co-chair" in another review)."""
    text = " ".join(getattr(entry, name) or "" for name in ("title", *FIELDS))
    lower = set(re.findall(r"\b[a-z][\w'’-]*", text))
    found = {w for w in _CAPITALISED.findall(text) if w.lower() not in lower and not english.counts().get(w.lower())
             and w.lower() not in _MONTH_NUMBER}
    return frozenset(analyse(" ".join(found))) if found else frozenset()


@lru_cache(maxsize=4096)
def people_stems(entry: Entry) -> frozenset[str]:
    """The stems of the people an entry names ("Mark Geraghty", "Dame Christine Lenehan"),
    not in its note of what happened since (a later letter to her is not her review)."""
    return frozenset(analyse(" ".join(name for fact in facts(entry) if fact.field != "since" for _, name in _people(fact.text))))


def saying(name: Concept, found: Iterable[Entry], names=proper_stems) -> list[Entry]:
    """The entries that say this name (of those ``names`` finds in an entry)."""
    return [e for e in found if name.stems & names(e)]


def names_given(concepts: list[Concept], found: Iterable[Entry]) -> list[Concept]:
    """The question's words that are names said by the entries ``found`` for it."""
    found = tuple(found)
    return [c for c in content_of(concepts) if saying(c, found)]


def asks_for_office_holder(text: str, kind: str, concepts: list[Concept]) -> bool:
    """"Who is the education secretary?", "and the minister?": a name is wanted for an
    office ("who did the minister write to?" asks something else of its holder)."""
    return kind == "who" and bool(_WHO_IS.match(text.lower())) and not _OTHER_VERB.search(text.lower()) \
        and any(c.stems and c.stems <= OFFICE_STEMS for c in content_of(concepts))


_WHO_IS = re.compile(r"\W*((and|so|ok|okay|but|then),?\s+)?(who\s*('s|s|is|was|were|are)\b|the\b)")
_OTHER_VERB = re.compile(r"\b(did|does|do|has|have|had|will|would|can|could|should|wrote|write|writes|sent|send|sends|said|say|says"
                         r"|announced|launched|set up|led|chaired)\b")


def office_holders(entries: Iterable[Entry], concepts: list[Concept]) -> list[tuple[Entry, str]]:
    """The entries with a sentence naming a person together with all the question's own
    words ("Justine Greening, the Secretary of State for Education"), with the person."""
    # (A year says when, not who: "the secretary of state in 2017".)
    wanted = [c for c in content_of(concepts) if not all(stem.isdigit() for stem in c.stems)]
    found = []
    for entry in entries:
        for fact in facts(entry):
            people = _people(fact.text)
            if people and all(c.said_in(fact.stems) for c in wanted):
                found.append((entry, people[0][1]))
                break
    return found


def family(entry: Entry, entries: dict[str, Entry]) -> list[Entry]:
    """The entry, then the entries its staff marked as related (those that exist)."""
    return [entry, *filter(None, map(entries.get, entry.related))]


# (Any name in quotes, "what works" too: ``_QUOTED_TITLE`` wants a capital.)
_QUOTED_NAME = re.compile(r"[\"“‘]([^\"”’]{4,})[\"”’]")


def relative_titled(entry: Entry, concepts: list[Concept], entries: dict[str, Entry]) -> Entry | None:
    """The one related entry whose title names what the question adds to this entry's own
    name: "the recommendations in Good intentions, good enough?" names the review by its
    title and asks its relative titled "...the review recommended"."""
    own = title_stems(entry)
    content = content_of(concepts)
    # Named by its title: the name its title gives in quotes (the name of a report or
    # guide; a plain title shares too many words with its relatives'), all of it, or all
    # but one word of a longer one as people half-remember it ("the good intentions
    # report") where no relative's title says the words given ("primary assessment" may
    # name the reception check as well as the consultation).
    name = frozenset(analyse(" ".join(_QUOTED_NAME.findall(entry.title))))
    said = frozenset(stem for c in content for stem in c.stems)
    rest = [c for c in content if not c.said_in(own)]
    relatives = family(entry, entries)[1:]
    given = name & said
    if not name or not rest or not (given == name or len(given) >= max(2, len(name) - 1)
                                    and not any(given & title_stems(r) for r in relatives)):
        return None
    ranked = sorted(((sum(c.said_in(title_stems(r)) for c in rest), r.id, r) for r in relatives), reverse=True)
    if ranked and ranked[0][0] and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        return ranked[0][2]
    return None


_COMMANDING_STEMS = frozenset(analyse("list give tell show explain summarise summarize"))


def names_its_family(entry: Entry, concepts: list[Concept], entries: dict[str, Entry]) -> bool:
    """Whether every word of the question that the entry does not say is a name one of
    its related entries says: "what did the Lenehan review recommend?" of the review's
    recommendations, which never name her, though the review does."""
    said = fact_stems(entry) | title_stems(entry)
    # ("list the recommendations - lenehan": "list" is how they are asked for, no name)
    unsaid = [c for c in content_of(concepts) if not c.said_in(said) and not (c.typed or c.stems) <= _COMMANDING_STEMS]
    relatives = family(entry, entries)[1:]
    return bool(unsaid) and all(saying(c, relatives) for c in unsaid)


def says_names(entry: Entry, named: list[Concept], entries: dict[str, Entry]) -> bool:
    """Whether an entry, or one of its related entries, says every one of the names
    (``names_given``) of the question."""
    if not named:
        return True
    kin = family(entry, entries)
    said = frozenset().union(*map(fact_stems, kin), *map(title_stems, kin))
    return all(c.said_in(said) for c in named)


# A sentence naming the items of a list: "First, ...", "(1) ...", "a; b", "a, b and c".
_ENUMERATED = re.compile(r"^(First|Second|Third|Fourth|Fifth)\b|;|\(\d\)|\b[\w'-]+(?: [\w'-]+){0,4}, [\w'-]+(?: [\w'-]+){0,4},? (?:and|or) [\w'-]+")


def asks_who_announced(concepts: list[Concept]) -> bool:
    return any((c.typed or c.stems) <= _ANNOUNCE_STEMS for c in concepts)


def names_a_person(text: str) -> bool:
    return bool(_people(text))


def said_facts(entry: Entry, positions: Iterable[int]) -> list[Fact]:
    """The facts of ``entry`` at these positions (a reply's ``said``), in the order given."""
    at = {f.position: f for f in facts(entry)}
    return [at[p] for p in positions if p in at]


def last_person(entry: Entry, positions: Iterable[int]) -> str | None:
    """The person named last in a reply ("...She asked Mark Geraghty to co-chair"):
    whom "he" or "she" in the next question most likely means."""
    # A reply shows its facts in the entry's order: the last one named is the latest read.
    for fact in reversed(said_facts(entry, sorted(positions))):
        if found := _people(fact.text):
            return max(found)[1]
    return None


def _without_repeats(chosen: list[Fact]) -> list[Fact]:
    """The facts less any that only says again what those before it said: the ``dates``
    line "Planned from the 2019 to 2020 academic year" after the sentence it sums up."""
    kept: list[Fact] = []
    for fact in chosen:
        if not kept or not fact.stems <= frozenset().union(*(f.stems for f in kept)):
            kept.append(fact)
    return kept


def _fill(kept: list[Fact], candidates: Iterable[Fact], budget: int) -> list[Fact]:
    """``kept``, then the candidates in order for as long as they fit the word budget."""
    kept = list(kept)
    words = _words(kept)
    for fact in candidates:
        words += len(fact.text.split())
        if words > budget:
            break
        kept.append(fact)
    return kept


def _with_followers(chosen: list[Fact], every: tuple[Fact, ...], budget: int, next_too: bool = False, displace: bool = False) -> list[Fact]:
    """The lead fact brings the sentences that carry it on ("The letter was copied to
    several groups. They included..."), as far as the budget allows; with ``next_too``,
    the sentence right after it in any case. With ``displace``, they are the answer
    itself (a "why"'s reason, the names a letter went to) and take the place of the
    facts chosen after the lead; otherwise they come only where there is room."""
    lead = chosen[0]
    leaning = []
    for fact in every[lead.position + 1:]:
        if fact.field != lead.field or not (_LEANS_BACK.match(fact.text) or (next_too and not leaning)):
            break
        leaning.append(fact)  # (one chosen already still carries the chain on: "This was partly because...")
    base = [lead] if displace else chosen
    followers = _fill(base, [f for f in leaning if f not in base], budget)[len(base):]
    if not followers:
        return chosen
    # They displace the least relevant facts chosen, so the reply stays phone-sized.
    chain = [f for f in leaning if f in followers or f in chosen]
    return _fill([lead, *chain], [f for f in chosen[1:] if f not in chain], budget)


def _with_items(chosen: list[Fact], every: tuple[Fact, ...], budget: int, whole_list: bool = False,
                complete: bool = False) -> list[Fact]:
    """The first chosen fact that announces a list brings its items, in place of the
    less relevant facts chosen after it, as far as the budget allows (all of them when
    ``complete``, a list was asked for and the list is what answers it best). When the list
    itself is asked ("main changes?"), an item chosen before it ("Second, moving the
    starting point...") follows it in the list's order; otherwise it stays first."""
    for index, fact in enumerate(chosen):
        every_item = _items_of(fact, every)
        before = [f for f in chosen[:index] if f not in every_item] if whole_list else chosen[:index]
        items = every_item if whole_list else [f for f in every_item if f not in before]
        if not items:
            continue
        if (index == 0 or complete and chosen[0] in every_item) and _words([*before, fact, *items]) > budget \
                and (whole_list or _words([fact, *every_item]) <= LIST_WORDS):
            # A list asked for ("what three things did she announce?") is all its things,
            # before any sentence that led to them; asked with an item's own words, only
            # where they all fit a phone's screen. So is a list whose announcement leads the
            # reply, however asked ("lenehan interim announcements"): "three things" and
            # then two of them answers nothing.
            return [fact, *every_item]
        return _fill([*before, fact], items, budget)
    return chosen


def _words(facts: Iterable[Fact]) -> int:
    return sum(len(f.text.split()) for f in facts)


_COUNTS = {w: n for n, w in enumerate("two three four five six seven eight nine ten".split(), 2)}
# "The review found three main things." announces the sentences that follow: a reply
# that gives the announcement must give the things, or it answers nothing.
_ANNOUNCES = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|[2-9])\b(?: [a-z]+){0,2} "
                        r"(things|themes|changes|plans|points|areas|parts|steps|findings|recommendations|ways|groups"
                        r"|stages|projects|workshops|aims|messages|actions|priorities|reasons|documents|guides|questions)\b"
                        r"(?![^.]*\(1\))", re.IGNORECASE)


def _items_of(fact: Fact, every: tuple[Fact, ...]) -> list[Fact]:
    """The sentences a list-announcing fact promises, in order."""
    found = _searched(_ANNOUNCES, fact.text)
    if not found:
        return []
    count = int(found.group(1)) if found.group(1).isdigit() else _COUNTS[found.group(1).lower()]
    following = [f for f in every if f.position > fact.position and f.field != "since"]
    if not following:
        return []
    # The items follow in the same field, or, when the summary ends on "she announced
    # three things", in the next one.
    field = following[0].field
    told = [f for f in following if f.field == field]
    # Items told by their order ("The first... The department would set it up... The
    # second..."): the sentences that say which item they are, not those between.
    numbered = [next((f for f in told if _searched(_item_marker(word), f.text)), None) for word in _ORDINAL_WORDS[:count]]
    return numbered if all(numbered) else told[:count]


# "Some were also hostile..." goes on from the sentence before as surely as "They...".
_LEANS_BACK = re.compile(r"^(he|she|it|they|this|these|that|those|his|her|its|their|there|the same|both|also|but|then|so"
                         r"|(\w+ ){1,2}(also|too|then)\b)\b", re.IGNORECASE)


# "...extended to cover all of these pupils": which pupils, the sentence before says; "Schools
# would then give views...": a step after the one before. Brought along where there is room.
_POINTS_BACK = re.compile(r"\b(these|those) (pupils|children|young people|students|schools|families|parents|people)\b"
                          r"|^(\w+ ){1,2}then\b", re.IGNORECASE)


def read_with_its_lead_in(entry: Entry, fact: Fact) -> str:
    """The fact's sentence, after the one it goes on from ("It does not give the numbers"
    needs what "it" is), as a reply reads it."""
    before = [f for f in facts(entry) if f.position == fact.position - 1 and f.field == fact.field]
    return " ".join(f.text for f in (before if _LEANS_BACK.match(fact.text) else []) + [fact])


def compose(choice: Choice) -> str:
    """The asked fact first; then, if there is room, one line saying what it is about."""
    every = facts_for(choice.entry, choice.kind)
    runs, context = _layout(choice)
    parts = [" ".join(every[p].text for run in runs for p in run), every[0].text if context else ""]
    since = since_line(choice.entry)
    if since:
        # Asked about the change itself ("is it statutory now?"): the change leads.
        parts.insert(0 if choice.facts[0].field == "since" else len(parts), since)
    return "\n\n".join(p for p in parts if p)


def shown(choice: Choice) -> list[int]:
    """The positions of every fact ``compose`` shows: those chosen, the sentences they
    lean on and the line of context ("go on" must not tell them again)."""
    runs, context = _layout(choice)
    return sorted({p for run in runs for p in run} | ({0} if context else set()))


def _layout(choice: Choice) -> tuple[list[list[int]], bool]:
    """The runs of fact positions a reply reads, in order, and whether the entry's first
    sentence follows them as context. A fact that leans on the sentence before it ("He
    is the chief executive...") brings that sentence along, so the name it refers to is
    there; sentences that belong together are read in their own order."""
    every = facts_for(choice.entry, choice.kind)
    runs: list[list[int]] = []
    shown: set[int] = set()
    room = _room(choice.entry, LIST_WORDS) - _words(choice.facts)
    for fact in choice.facts:
        if fact.position in shown or fact.field == "since":
            continue
        run = [fact.position]
        while run[0] > 0 and every[run[0] - 1].field == every[run[0]].field:
            if _LEANS_BACK.match(every[run[0]].text):
                run.insert(0, run[0] - 1)
            elif _POINTS_BACK.search(every[run[0]].text) and (size := len(every[run[0] - 1].text.split())) <= room:
                room -= size
                run.insert(0, run[0] - 1)
            else:
                break
        run = [p for p in run if p not in shown]
        shown |= set(run)
        # A run that touches one already chosen joins it, so the text reads in order;
        # but nothing goes before the lead's run: the asked fact comes first.
        for other in runs:
            if other[-1] + 1 == run[0] or (run[-1] + 1 == other[0] and other is not runs[0]):
                other[:] = sorted(other + run)
                break
        else:
            runs.append(run)
    words = sum(len(every[p].text.split()) for run in runs for p in run)
    return runs, 0 not in shown and words + len(every[0].text.split()) <= _room(choice.entry, MAX_WORDS)
