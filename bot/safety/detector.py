"""Deterministic crisis detector: pure stdlib, no model, no I/O.

`detect()` flags messages in which the writer (`self`) or someone they support or
know (`client`) may be at risk now: suicide and self-harm (direct, indirect, slang,
typos), lethal means, goodbyes, harm to others, abuse, eating-disorder behaviour and
medical emergencies. It is built for recall: a risk phrase is only discarded when it
is clearly negated, an idiom, a topic word in a training or protocol question, a
hypothetical about an unnamed person, or distant past in a recovery story. Anything
else that matches is reported.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

__all__ = ["Assessment", "Detection", "assess", "detect"]

Kind = Literal["self", "client"]
_Who = Literal["p", "subject", "victim"]


@dataclass(frozen=True)
class Detection:
    """A risk signal: who is at risk, what kind of risk, and which rule saw it."""

    kind: Kind
    category: str
    rule: str


@dataclass(frozen=True)
class Assessment:
    """The detector's verdict on a message.

    ``dismissed`` is true when risk words matched but every match was judged benign
    (negated, an idiom, a distant past, a general question): the message was read and
    understood as not a crisis, which is stronger evidence than finding nothing.
    """

    detection: Detection | None
    dismissed: bool


@dataclass(frozen=True)
class _Rule:
    name: str
    category: str
    pattern: re.Pattern[str]
    who: _Who = "subject"
    noun: bool = False  # bare topic word: may be a training topic or a story noun


@dataclass(frozen=True)
class _Hit:
    kind: Kind
    category: str
    rule: str
    start: int


# ---------------------------------------------------------------- vocabulary

_REFL = r"(?P<p>myself|yourself|ourselves|himself|herself|themselves|themself)"
_POSS = r"(?P<p>my|his|her|their|your)"
_PERSON_WORDS = frozenset(
    {
        "client",
        "clients",
        "peer",
        "peers",
        "participant",
        "participants",
        "member",
        "members",
        "mentee",
        "mentees",
        "supervisee",
        "supervisees",
        "friend",
        "friends",
        "roommate",
        "roommates",
        "coworker",
        "coworkers",
        "colleague",
        "colleagues",
        "person",
        "people",
        "guy",
        "girl",
        "woman",
        "women",
        "man",
        "men",
        "teen",
        "kid",
        "kids",
        "son",
        "sons",
        "daughter",
        "daughters",
        "brother",
        "sister",
        "mom",
        "mum",
        "mother",
        "dad",
        "father",
        "stepdad",
        "stepmom",
        "stepfather",
        "stepmother",
        "partner",
        "boyfriend",
        "girlfriend",
        "husband",
        "wife",
        "ex",
        "cousin",
        "uncle",
        "aunt",
        "neighbour",
        "neighbor",
        "neighbours",
        "neighbors",
        "landlord",
        "boss",
        "supervisor",
        "manager",
        "staff",
        "resident",
        "patient",
        "youth",
        "lady",
        "dude",
        "baby",
        "child",
        "children",
        "family",
        "grandma",
        "grandpa",
        "niece",
        "nephew",
        "bf",
        "gf",
        "teacher",
        "officer",
        "cop",
        "nurse",
        "doctor",
        "therapist",
        "worker",
        "caseworker",
        "student",
        "students",
        "someone",
        "somebody",
    }
)

_Trie = dict[str, "_Trie"]


def _trie(words: frozenset[str]) -> str:
    """An alternation of `words` as a character trie, so the engine branches once per letter."""
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(root) + ")"


def _object(person: str) -> str:
    """A person as the object of a violent verb ("my coworker", "him", "everyone")."""
    return (
        r"(?:(?:my|his|her|their|the|a|that|this|our|your)(?: \w+){0,2}? " + person + r"s?"
        r"|someone|somebody|anyone|anybody|people|everyone|everybody|them all|them|him|her)"
        r"\b(?! (?:feelings?|chances|career|reputation|business|case|progress|recovery|trust|"
        r"pride|ego|credibility|standing|relationship|sobriety|up|back|with kindness|"
        r"a (?:text|message|line|note)|an email))"
    )


_PILLS = (
    r"(?:pills?|meds|medication|medications|tablets?|tylenol|paracetamol|acetaminophen|"
    r"advil|ibuprofen|benzos|xanax|insulin|lithium|seroquel|oxys?|percs|painkillers|"
    r"pain killers|antidepressants|sleeping pills|sleeping tablets|pain pills|klonopin|"
    r"valium|ativan|ambien|opioids|prescriptions?|aspirin)"
)
_QUANT = (
    r"(?:(?:way |like |about |maybe |almost |nearly |over |at least )?(?:all|a bunch|"
    r"a handful|a lot|lots|too? many|too? much|the whole|a whole|an entire|the entire|"
    r"(?:my|her|his|their) (?:whole|entire)|all of (?:my|her|his|their)|"
    r"every|loads|a load|\d+|double|triple|extra|a full|the full|half|most|ten|twenty|"
    r"thirty|forty|fifty|a hundred|a bottle|a box|a pack|the bottle|the rest))"
)
_SPLIT_OK = r"(?=\s*(?:$|[.,!?;:\"]))"


def _word_lookaheads(pattern: str) -> str:
    """End every negative lookahead on a word boundary.

    Without it `(?! to)`, meant to exclude the word "to", also rejects "tonight".
    """
    out: list[str] = []
    stack: list[bool] = []  # one entry per open group: is it a negative lookahead?
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            stack.append(pattern.startswith("(?!", i))
        elif ch == ")" and stack and stack.pop() and out[-1] != "\\b":
            out.append("\\b")
        out.append(ch)
        i += 1
    return "".join(out)


def _r(name: str, category: str, pattern: str, who: _Who = "subject", noun: bool = False) -> _Rule:
    return _Rule(name, category, re.compile(_word_lookaheads(pattern)), who, noun)


@cache
def _rules() -> tuple[_Rule, ...]:
    """Build the rule table once, on first use."""
    person = _trie(_PERSON_WORDS | {"staff member"})
    obj = _object(person)
    su, sh, ho, ab, ed, md, mn = (
        "suicide",
        "self_harm",
        "harm_to_others",
        "abuse",
        "eating_disorder",
        "medical",
        "means",
    )
    return (
        # -- suicide, direct
        _r(
            "suicide.kill_reflexive",
            su,
            r"\b(?:kill(?:s|ed|ing)?|off(?:s|ed|ing)?|hang(?:s|ed|ing)?|hung|"
            r"drown(?:s|ed|ing)?|shoot(?:s|ing)?|shot|poison(?:s|ed|ing)?|"
            r"suffocat(?:e|es|ed|ing)|strangl(?:e|es|ed|ing)|gas(?:sed|sing)?|"
            r"electrocut(?:e|ed|ing)|end(?:s|ed|ing)?|erase|delete) " + _REFL,
            who="p",
        ),
        _r(
            "suicide.take_life",
            su,
            r"\b(?:take|taking|took|taken|end|ending|ended|finish|finishing) "
            + _POSS
            + r" (?:own )?li(?:fe|ves)\b(?! (?:back|in|into|to|seriously|one day))",
            who="p",
        ),
        _r(
            "suicide.want_to_die",
            su,
            r"\b(?:want|wants|wanted|wanting|wish|wishes|wished|ready|planning|plan|plans|"
            r"going|trying|tried|try|hope|hoping|deserve|deserves|need|needs|rather|"
            r"would like|choose|decided|decide|about) to (?:just |really |finally |simply |"
            r"go and |fucking |freaking )?(?:die|be dead|stop living|stop existing|"
            r"not exist|not be alive|not be here anymore|cease to exist|go to sleep forever|"
            r"(?:fall asleep|sleep|rest) forever|never wake up|be gone(?! (?:by|from|before|for|"
            r"at|until|on|when))|disappear(?! (?:for|into|from|until|at|on|when|under|"
            r"behind)))\b",
        ),
        _r(
            "suicide.will_die",
            su,
            r"\b(?:i am|i will|i think i am|i feel like i am|i might|i could|i would|i should|"
            r"i am about to|i am ready to|i am going to|let me|i just want to) (?:just )?"
            r"(?:die|be dead|dying)\b(?! (?:of|for|laughing|happy|if i|without|inside|to|"
            r"from|when))",
        ),
        _r(
            "suicide.die_verb",
            su,
            r"\b(?:should|could|might as well|may as well|ought to|deserve to|deserves to|"
            r"want to|ready to|just|to) (?:just |really |finally |go and )?die\b(?! (?:of|for|"
            r"laughing|happy|without|if|when|from|inside|on|out|in (?:a|the) (?:game|movie|"
            r"show|book)))",
        ),
        _r(
            "suicide.wish_dead",
            su,
            r"\b(?:wish|wishes|wished|wishing|hope|hopes|hoping|pray|prays|praying) (?:that )?"
            r"(?:i|he|she|they)"
            r"(?: \w+){0,3}? (?:dead|die|died|gone forever|never been born|never born|"
            r"not (?:wake|waking) up|never (?:wake|woke|waking) up|disappear|stop existing|"
            r"not exist|get hit by|got hit by)\b",
        ),
        _r("suicide.word", su, r"\bsuicid(?:e|al|ality|es)\b", noun=True),
        _r(
            "suicide.attempt",
            su,
            r"\b(?:attempt(?:ed|ing|s)?|tried|try|trying) (?:to )?(?:suicide|kill|end|take|"
            r"hang|overdose|drown|jump|die)\b",
        ),
        _r(
            "suicide.thoughts_of",
            su,
            r"\b(?:plan|plans|planning|planned|thoughts?|thinking|thought|think|ideas?|"
            r"urges?|fantasi[sz]\w*|dream\w*|obsess\w*|research\w*|talk|talks|talking|talked|"
            r"mentioned|mentions|mentioning|joking|jokes|joked|keeps? saying|brought up|"
            r"bringing up|considering|contemplating) (?:about |of |to |on |with )?"
            r"(?:just |really |seriously |actually |maybe |possibly )?"
            r"(?:killing|ending (?:it|my life|things|everything)|taking my (?:own )?life|"
            r"dying|death|being dead|jumping(?! (?:ship|at|in|on|into|back|ahead|to|through))|"
            r"hanging (?:myself|herself|himself|themselves)|shooting (?:myself|herself|"
            r"himself|themselves)|drowning|overdosing|suicide|not waking up|not being here|"
            r"not existing|disappearing|crashing (?:my|his|her|the) car|driving (?:off|into)|"
            r"stepping in front|self harm|"
            r"hurting (?:myself|herself|himself|themselves)|harming (?:myself|herself|"
            r"himself|themselves)|end it|die)\b",
        ),
        # -- suicide, indirect
        _r(
            "suicide.no_point",
            su,
            r"\b(?:do not|can not|no longer|never|not able to|hard to|struggling to) see "
            r"(?:a |the |any )?(?:(?:point|reason|purpose)(?: (?:in|of|to) (?:going on|living|"
            r"life|anything|any of this|being alive|being here|trying|carrying on|it all|"
            r"continuing|waking up|keep(?:ing)? (?:going|living|trying)|getting up|my life|go on|"
            r"live|stay|be alive|stay alive|be here)|"
            r" anymore| any more|" + _SPLIT_OK + r")|(?:future|way out|way forward|hope|"
            r"light at the end|other way out|end to (?:this|the pain))(?: for me)?"
            r"(?=\s*(?:$|[.,!?;:\"]|anymore|any more|and|for myself|ahead)))",
        ),
        _r(
            "suicide.whats_the_point",
            su,
            r"\bwhat is (?:even )?the point (?:(?:of|in) (?:living|life|going on|anything|"
            r"being alive|trying|it all|even trying|me|carrying on|waking up|existing|"
            r"any of (?:it|this))|anymore|any more)\b",
        ),
        _r(
            "suicide.no_reason_to_live",
            su,
            r"\bno (?:reason|point|purpose|will|desire|motivation) (?:left )?(?:for "
            r"(?P<p>me|him|her|them) )?(?:to|in|of) (?:live|living|go on|going on|keep going|"
            r"keep living|be here|be alive|stay alive|exist|existing|carry on|wake up)\b",
            who="p",
        ),
        _r(
            "suicide.nothing_to_live_for",
            su,
            r"\bnothing (?:left )?(?:to live for|worth living for|to stay for|to keep "
            r"(?:me|her|him|them) (?:here|going|alive))\b",
        ),
        _r(
            "suicide.better_off_without",
            su,
            r"\b(?:better off|happier|easier|be fine|be better) (?:without "
            r"(?P<p>me|him|her|them|us)|with (?:me|him|her|them) gone|if i (?:was|were) "
            r"(?:gone|dead|not here|not around))\b",
            who="p",
        ),
        _r(
            "suicide.better_off_dead",
            su,
            r"\b(?:better off|rather be|would rather be|might as well be|deserve to be|"
            r"should be) dead\b",
        ),
        _r(
            "suicide.not_wake_up",
            su,
            r"\b(?:and|to|just|then) (?:not|never) (?:wake|waking) up\b|"
            r"\bnever (?:going to |gonna |will |)(?:wake|waking|woke) up(?: again)?\b|"
            r"\b(?:do not|never|no longer) (?:want|wanna|wish) to wake up\b|"
            r"\bnot (?:wake|waking) up (?:again|ever|tomorrow|in the morning)\b|"
            r"\bsleep forever\b|"
            r"\b(?:go|going|went|fall|falling) (?:to sleep|asleep) and (?:not|never) "
            r"(?:wake|waking) up\b",
        ),
        _r(
            "suicide.end_it",
            su,
            r"\bend(?:ing|ed|s)? (?:it all|everything|my suffering|the pain|this pain|my pain|"
            r"it(?! (?:with|at|early|there|here|on|by|for|before|after|when|well|properly|"
            r"off|between|and go home))|things(?! (?:with|between|on)))\b",
        ),
        _r(
            "suicide.want_it_to_end",
            su,
            r"\b(?:want|wants|wanted|need|needs|wish|ready for|just want) (?:it|this|"
            r"everything|things|the pain|my life|it all|all of this|all this|life) (?:all )?"
            r"to (?:end|stop|be over)\b",
        ),
        _r(
            "suicide.cant_go_on",
            su,
            r"\b(?:can not|unable to|do not think i can|not sure i can|no longer want to|"
            r"do not want to) (?:go on|keep going|carry on)(?=\s*(?:$|[.,!?;:\"]|like this|"
            r"anymore|any more|much longer|for much longer|without|with (?:my )?life|living|"
            r"another day|any longer))",
        ),
        _r(
            "suicide.cant_do_this",
            su,
            r"\b(?:can not|unable to|do not think i can|not sure i can|can not keep|"
            r"no longer able to) (?:do this|take (?:it|this|the pain|this pain|much more)|"
            r"handle (?:it|this|life)|cope|live like this|keep doing this|keep living"
            r"(?: like this)?|go on living)(?: like this)?(?: anymore| any more| any longer)?"
            + _SPLIT_OK,
        ),
        _r(
            "suicide.burden",
            su,
            r"\b(?:i am|i feel like i am|i feel like|i feel|i have become|am just|i am only|"
            r"i am nothing but|being|to be)(?: \w+){0,2}? (?:a |such a |the )?burden\b|"
            r"\bburden (?:to|on|for) (?:everyone|everybody|my family|others|people|them|"
            r"my (?:partner|kids|parents|friends|team))\b",
        ),
        _r(
            "suicide.if_i_was_gone",
            su,
            r"\bwhen (?:i|he|she|they) (?:am|is|are) (?:gone|dead)\b|"
            r"\bif (?P<p>i|he|she|they) (?:just |simply |really )?(?:was gone|were gone|was dead|"
            r"were dead|"
            r"was not here|were not here|was not around|were not around|died|die|"
            r"disappeared|killed (?:myself|himself|herself|themselves)|did not exist|"
            r"never existed|was never born|were never born)\b",
            who="p",
        ),
        _r(
            "suicide.wont_be_around",
            su,
            r"\b(?P<p>i|he|she|they) (?:will not|would not|am not going to|is not going to|"
            r"are not going to) be (?:around|here|alive|a problem|a burden)(?: for)?"
            r" (?:much longer|very long|long|any longer|after (?:tonight|today|tomorrow|this)|"
            r"anymore|any more)\b|"
            r"\b(?:will not|would not) be in (?:anyone|anybody|everyone|everybody|your|"
            r"their)s? way\b",
            who="p",
        ),
        _r(
            "suicide.tired_of_living",
            su,
            r"\b(?:tired|sick|exhausted|done|finished|over it) (?:of|with) (?:living|life|"
            r"being alive|existing|everything|it all|this life|my life|trying(?! to)|"
            r"fighting|being here|waking up|breathing)\b",
        ),
        _r(
            "suicide.not_worth_living",
            su,
            r"\b(?:life|living|my life|being alive|going on)(?: is| is not| is no longer|"
            r" does not seem| not| no longer| just is not| really is not)? ?(?:even )?"
            r"worth (?:living|it|continuing|the pain|the effort)\b|\bnot worth living\b",
        ),
        _r(
            "suicide.dont_want_to_live",
            su,
            r"\b(?:do not|no longer|never|not|did not|does not) (?:really |even |actually )?"
            r"(?:want|wanna|wish) to (?:live|exist|be alive|be here|be around|go on|"
            r"keep living|continue living|stay alive|be on this earth|be in this world|"
            r"survive)\b(?! (?:here|in|with|near|at|there|like that|on my own|alone|without|"
            r"together|by|closer))",
        ),
        _r(
            "suicide.unsure_to_live",
            su,
            r"\b(?:not sure|do not know if|do not know why|do not know how much longer|"
            r"unsure if|wonder if|wondering if|wondering why) (?:i )?(?:want to|can|should|"
            r"even want to|should even|will) (?:live|go on|keep going|keep living|be alive|"
            r"be here|stay alive|bother living|exist)\b|"
            r"\b(?:should not|do not deserve to|does not deserve to|should never have been) "
            r"(?:be )?(?:alive|exist|born|live)\b",
        ),
        _r(
            "suicide.disappear",
            su,
            r"\b(?:disappear|vanish) (?:forever|for good|permanently|from this world|"
            r"from the world|and never come back)\b|\bcease to exist\b|\bstop existing\b",
        ),
        _r(
            "suicide.give_up_on_life",
            su,
            r"\b(?:giv(?:e|ing|en)|gave) up on (?:life|living|everything|myself|my life|"
            r"it all)\b",
        ),
        _r(
            "suicide.death_wish",
            su,
            r"\b(?:want|wish|wishing|long|longing|pray|praying|ready|welcome) (?:for )?death\b|"
            r"\bdeath (?:is|would be|seems) (?:the only|my only|a|the best|the easiest) "
            r"(?:way|option|relief|escape|answer|way out)\b",
        ),
        _r(
            "suicide.cant_stay_safe",
            su,
            r"\b(?:can not|unable to|do not think i can|not sure i can|struggling to|hard to|"
            r"not able to|do not know if i can) (?:keep|stay|be) (?:myself |herself |himself )?"
            r"safe\b|\bdo not trust myself (?:tonight|right now|alone|anymore|any more|"
            r"around|with)\b",
        ),
        _r(
            "suicide.feel_like_dying",
            su,
            r"\bfeel(?:s|ing)? like (?:dying|killing (?:myself|herself|himself|themselves)|"
            r"ending it|i am dying|i want to die|giving up(?=\s*(?:$|[.,!?;:\"]|on (?:life|living|"
            r"everything|myself|it all)))|disappearing|i should die|"
            r"i am going to die|i could die|i do not want to live|nothing matters|"
            r"i do not want to be here|i can not go on|a burden)\b",
        ),
        _r(
            "suicide.nothing_matters",
            su,
            r"\bnothing (?:matters|will matter|is worth it)(?: anymore| any more| to me)?"
            + _SPLIT_OK,
        ),
        _r(
            "suicide.decided",
            su,
            r"\b(?:tonight|today|tomorrow|this weekend) is the (?:night|day)\b|"
            r"\b(?:wrote|writing|written|made|making|updated|updating|finished|signed) "
            r"(?:out )?(?:my|a) (?:will|last will)\b|\bpick(?:ed|ing)? (?:out )?(?:the|a|my) "
            r"(?:spot|place|location|method|bridge)\b(?! (?:for (?:the|our|a) (?:meeting|event|"
            r"group|training|picnic|walk|party)))|\bi (?:have|made|got) a plan"
            r"(?=\s*(?:$|[.!?;]|and (?:the means|a date|a time|the pills|a gun)))|"
            r"\bhave the means\b",
        ),
        _r(
            "suicide.easiest_way",
            su,
            r"\b(?:easiest|quickest|fastest|best|painless|simplest|surest) (?:way|ways|method|"
            r"methods) to (?:die|kill (?:myself|yourself)|end (?:it|my life)|go|overdose)\b|"
            r"\b(?:would|will) (?:anyone|anybody) (?:even )?(?:miss|notice|care)(?: me| if)\b|"
            r"\b(?:it|this|everything|all of this) (?:will|is going to) (?:all )?be over soon\b|"
            r"\b(?:i am|i have) (?:just )?giv(?:ing|en) up(?=\s*(?:$|[.,!?;:\"]|on (?:life|"
            r"everything|myself|living)))|\b(?:no one|nobody|no body) (?:would |will |even )?"
            r"cares? (?:if|whether) (?:i|he|she|they) (?:live|die|lived|died|was gone|"
            r"disappeared|disappear)\b",
        ),
        _r(
            "suicide.to_death",
            su,
            r"\b(?:drink|drinking|drank|starv\w*|eat|eating|bleed|bleeding|freeze|freezing|"
            r"use|using) (?:myself|herself|himself|themselves) to death\b|"
            r"\b(?:picturing|imagining|planning|plan|thinking about|think about|pictured|"
            r"imagined|planned|wrote|writing) (?:my|her|his|their) (?:own )?funeral\b",
        ),
        _r(
            "suicide.means_and_intent",
            su,
            r"\b(?:do it|go through with it|get it over with|end it)\b.{0,60}?\b(?:pills|meds|"
            r"rope|gun|knife|razor|blade|bridge|roof)\b|\b(?:pills|meds|rope|gun|knife|razor|"
            r"blade)\b.{0,60}?\b(?:do it|go through with it|get it over with)\b|"
            r"\b(?:finally |really )?go(?:ing)? through with it\b|\b(?:have|has|had|made|got) "
            r"a plan (?:and|with) (?:the |a |enough |my |her |his )?(?:means|pills|gun|rope|date|"
            r"time|meds|knife)\b",
        ),
        _r(
            "suicide.nobody_would_miss",
            su,
            r"\b(?:no one|nobody|no body|none of them|not one person) (?:would|will|is going to|"
            r"is gonna|even)? ?(?:even )?(?:miss|notice|care about|remember) (?P<p>me|him|her|them)"
            r"\b",
            who="p",
        ),
        _r(
            "suicide.not_safe",
            su,
            r"\b(?:i am|i feel|feeling|i do not feel|i am not feeling) not safe\b|\b(?:i am|"
            r"he is|she is|they are) not safe\b|\bnot safe (?:alone|with myself|tonight|"
            r"right now|to be alone|at home|around (?:myself|pills|knives))\b|\b(?:have|got|"
            r"get|getting|took|taken) (?:the |my |all my |all the )?(?:pills|meds|knife|razor|"
            r"blade|rope|gun) out\b",
        ),
        _r(
            "suicide.want_out",
            su,
            r"\bi (?:just |really )?want (?:out|it over)(?: of (?:here|this life|life|this world))?"
            + _SPLIT_OK
            + r"|\bmake (?:the pain|this pain|it all|everything) stop\b",
        ),
        _r(
            "suicide.nothing_left",
            su,
            r"\bnothing (?:left )?for me (?:here|anymore|any more|in this world)\b|"
            r"\bnothing left for me" + _SPLIT_OK,
        ),
        _r(
            "suicide.live_or_die",
            su,
            r"\b(?:live|lived|living) or (?:die|died|dying)\b|\b(?:do not|did not|would not|"
            r"no longer|does not) care (?:if|whether) (?:i|he|she|they) (?:live|die|wake up|"
            r"make it)\b|\b(?:want|wanting|wish|ready) to (?:be with|join|see) (?:my |her |"
            r"his )?(?:dead|late|deceased) \w+\b|\bcan not live with (?:myself|herself|"
            r"himself)\b",
        ),
        _r(
            "suicide.firearm_self",
            su,
            r"\b(?:bullet|gun) (?:in|through|to) (?:my|his|her|their) (?:head|brain|skull|"
            r"mouth|temple)\b|\bblow (?:my|his|her|their) brains out\b",
        ),
        _r(
            "suicide.attempted",
            su,
            r"\b(?:attempted|made an attempt|made another attempt)\b(?! (?:to (?:call|reach|"
            r"contact|get|finish|do|fix|explain|talk|set|make|find|help|submit|log|send|join|"
            r"access)|the (?:exam|test|course|quiz|module|form|call)|a (?:call|test)))",
        ),
        # -- goodbyes
        _r(
            "goodbye.this_is_goodbye",
            su,
            r"\b(?:this is|consider this|here is) (?:my |our )?(?:goodbye|good bye|farewell|"
            r"my last (?:message|text|post|note|words|goodbye))\b",
        ),
        _r(
            "goodbye.last_message",
            su,
            r"\b" + _POSS + r" last (?:message|text|post|note|words|goodbye|night alive|"
            r"day alive|breath)\b",
            who="p",
        ),
        _r(
            "goodbye.giving_away",
            su,
            r"\b(?:giv(?:e|es|ing|en)|gave) away (?:all |most |some |all of |most of |"
            r"some of )?" + _POSS + r" (?:stuff|things|belongings|possessions|pets?|cats?|"
            r"dogs?|clothes|car)\b",
            who="p",
        ),
        _r(
            "goodbye.giving_away_after",
            su,
            r"\b(?:giv(?:e|es|ing|en)|gave) (?:all |most |some |all of |most of |some of )?"
            + _POSS
            + r" (?:stuff|things|belongings|possessions|pets?|cats?|dogs?|clothes) "
            r"away\b|\brehom(?:e|ed|ing) (?:my|his|her|their) (?:cat|dog|pets?)\b",
            who="p",
        ),
        _r(
            "goodbye.letters",
            su,
            r"\b(?:wrote|writing|written|write|left|leaving|leave) (?:a |my |some |the )?"
            r"(?:goodbye |suicide |final |last )?(?:note|notes|letters?) (?:to|for) "
            r"(?:my (?:family|kids|children|parents|mom|mum|dad|partner|wife|husband|sister|"
            r"brother|loved ones|friends)|everyone|everybody|family|them all)\b|"
            r"\b(?:goodbye|final) (?:note|letter|letters|notes|video|post)\b",
        ),
        _r(
            "goodbye.said_goodbyes",
            su,
            r"\b(?:said|saying|say|says|text(?:ed|ing|s)?|sent|sending|send|posted|posting|"
            r"wrote|writing|messaged|messaging) (?:me |us |everyone |her |him )?"
            r"(?:my |her |his |their |a |the )?(?:goodbyes?|good byes?|farewells?)\b"
            r"(?! (?:to (?:the|my|our|his|her) (?:team|group|coworkers|colleagues|class|"
            r"agency|office|clients|program|staff)|party|card|lunch|email|speech|at))",
        ),
        _r(
            "goodbye.wont_hear_from",
            su,
            r"\b(?:you|nobody|no one|anyone|everyone|they|you all|yall) (?:will not|"
            r"would not|are not going to|will never|is not going to) (?:hear from|see|hear) "
            r"(?P<p>me|him|her|them) (?:again|anymore|any more|after (?:tonight|today)|"
            r"ever again)\b",
            who="p",
        ),
        _r(
            "goodbye.affairs_in_order",
            su,
            r"\b(?:put|putting|puts|get|getting|got|have|had) " + _POSS + r" affairs in order\b",
            who="p",
        ),
        _r(
            "goodbye.by_tomorrow",
            su,
            r"\bby (?:tomorrow|tonight|morning|the morning|next week|the weekend|then|monday|"
            r"this time tomorrow) (?:none of this|nothing|it|this|i|all of this|everything) "
            r"(?:will|would|is going to|will all)? ?(?:not )?(?:matter|be gone|be dead|"
            r"be at peace|no longer matter)\b",
        ),
        _r(
            "goodbye.forever",
            su,
            r"\b(?:goodbye|good bye|farewell|bye) (?:forever|world|cruel world|for good|"
            r"for the last time|for ever|everyone i love)\b",
        ),
        _r(
            "goodbye.love_you_all",
            su,
            r"\b(?:goodbye|bye|farewell) (?:everyone|everybody|all|world|guys)\b.{0,40}?"
            r"\bi (?:love|am sorry|will miss)\b|\bi love you (?:all|guys|so much)\b.{0,20}?"
            r"\b(?:goodbye|bye|farewell)\b",
        ),
        _r(
            "goodbye.last_time",
            su,
            r"\blast time (?:i will|i am going to|i ever|anyone will|you will) (?:talk|speak|"
            r"see|hear|write|text|message|reach out)(?: to| from| with)? (?:anyone|anybody|"
            r"everyone|everybody|you|people|someone|me)\b",
        ),
        _r(
            "goodbye.tell_them",
            su,
            r"\btell (?:my \w+|them|everyone|her|him|my family) (?:that )?(?:i am sorry|"
            r"i love (?:them|her|him|you)|i am so sorry|goodbye|i said goodbye)\b",
        ),
        _r(
            "goodbye.wont_need",
            su,
            r"\b(?P<p>i|he|she|they) (?:will not|would not|am not going to|is not going to|"
            r"are not going to) need (?:\w+ ){0,4}?(?:anymore|any more|after (?:tonight|today|"
            r"tomorrow|this)|where (?:i|he|she|they) (?:am|is|are) going)\b",
            who="p",
        ),
        _r(
            "goodbye.before_i_go",
            su,
            r"\b(?:goodbye|good bye|bye|farewell|thank you|thanks|sorry)(?: \w+){0,4}? before "
            r"(?:i|he|she|they) (?:go\b(?! (?:on|to|home|out|away|back|into|for))|die|"
            r"leave this world|do it|end it|am gone|kill (?:myself|himself|herself))",
        ),
        # -- lethal means and methods
        _r(
            "means.pills_taken",
            md,
            r"\b(?:took|taken|swallowed|ate|downed|popped|od on|overdosed on|have taken) "
            + _QUANT
            + r"(?: \w+){0,4}? "
            + _PILLS
            + r"\b",
        ),
        _r(
            "means.pills_intent",
            su,
            r"\b(?:take|taking|swallow|swallowing|down|downing) "
            + _QUANT
            + r"(?: \w+){0,4}? "
            + _PILLS
            + r"\b(?! (?:as prescribed|on time|correctly|every day|daily|regularly|"
            r"with food|like (?:i am|you are) supposed to))",
        ),
        _r(
            "means.pills_saved",
            su,
            r"\b(?:saving|saved|save|stockpil\w*|hoard\w*|collect\w*|counting|count|stash\w*|"
            r"storing|hiding|hid) (?:up )?(?:all )?(?:of )?(?:my |her |his |their |the )?"
            + _PILLS
            + r"\b|\benough "
            + _PILLS
            + r"\b|\b"
            + _PILLS
            + r" saved\b|"
            r"\b(?:bottle|handful|pile|stack|box) of " + _PILLS + r" (?:next to|in front of|"
            r"beside|in) (?:me|my hand|my bag|my lap)\b|\b(?:have|got|holding|hold) "
            r"(?:a |the )?(?:bottle|handful) of " + _PILLS + r"\b",
        ),
        _r(
            "means.laid_out",
            su,
            r"\b(?:pills|meds|tablets|rope|gun|knife|razor|blade)\b(?: \w+){0,3}? (?:lined up|"
            r"laid out|counted out|in front of me|next to me|in my hand)\b|\b(?:take|taking|"
            r"swallow|swallowing|down|downing|drink|drinking) (?:the |a )?(?:whole|entire) "
            r"(?:bottle|box|pack|packet|strip)\b",
        ),
        _r(
            "means.tracks",
            su,
            r"\b(?:am|is|are|standing|sitting|lying|laying|waiting|walking) (?:on|at|by|near|"
            r"along) (?:the )?(?:train |railway |rail )?tracks\b",
        ),
        _r(
            "means.lethal_dose",
            su,
            r"\bhow (?:many|much) (?:of )?(?:my |her |his |the )?(?:\w+ )?"
            + _PILLS
            + r" (?:does it take|would it take|it takes|would kill|to die|to overdose|to kill|"
            r"until|before|is lethal|is fatal)\b|\bhow (?:many|much)(?: \w+){0,4}? to "
            r"(?:die|overdose|kill (?:myself|yourself|someone|a person))\b|"
            r"\b(?:lethal|fatal) (?:dose|amount)\b|\bwould (?:that|it|they|i|he|she|you|"
            r"someone) (?:die|be dead|be enough to (?:die|kill))\b",
        ),
        _r(
            "means.research",
            su,
            r"\b(?:researching|research|researched|looking up|looked up|look up|googling|"
            r"googled|google|searching|searched|reading about|read about)(?: \w+){0,3}? "
            r"(?:painless ways|ways to (?:die|kill|end|go)|how to (?:die|kill (?:myself|"
            r"yourself)|end (?:it|my life)|overdose|hang)|suicide methods|methods|lethal dose|"
            r"how many " + _PILLS + r")|\bpainless(?:ly)? (?:way|ways|death|method|methods|"
            r"to die|to go)\b|\bways to (?:die|kill myself|end it|end my life)\b",
        ),
        _r(
            "means.rope",
            su,
            r"\b(?:bought|buy|buying|got|get|getting|have|has|had|found|tied|tie|tying|made|"
            r"make|making|hung|hang|hanging|set up|setting up|check(?:ed|ing)?|order(?:ed|ing)?|"
            r"purchas(?:e|ed|ing)) (?:a |some |"
            r"the |my |her |his )?rope\b(?! (?:course|ladder|swing|for (?:the|a) (?:tent|"
            r"boat|climbing|gym|swing)))|\bnoose\b",
        ),
        _r(
            "means.height",
            su,
            r"\b(?:standing|stood|sitting|sat|climbing|climbed|up) (?:on|at|over) (?:the |a |"
            r"this |that )?(?:edge of (?:the |a )?)?(?:bridge|ledge|roof|rooftop|cliff|"
            r"balcony|railing|overpass)\b|\b(?:am|is|are) (?:on|at) (?:the |a |this )?"
            r"(?:edge of (?:the |a )?)?(?:bridge|ledge|roof|rooftop|cliff|balcony|railing|"
            r"overpass)\b(?! (?:in|into|to|team|club|on \w+ street|program|programme|project|"
            r"course|committee|board|loan|housing|grant))",
        ),
        _r(
            "means.highest_bridge",
            su,
            r"\b(?:highest|tallest) (?:bridge|building|cliff|point|place to jump)\b|"
            r"\b(?:bridge|building|cliff|roof) is (?:the )?(?:highest|tallest)\b|"
            r"\bhigh enough to (?:die|kill)\b",
        ),
        _r(
            "means.jump",
            su,
            r"\b(?:jump|jumps|jumping|jumped|leap|leaping) (?:off|from|in front of|under|"
            r"onto the tracks|out of (?:a|the|my) window)\b(?! (?:a|the|this) (?:call|zoom|"
            r"meeting|chat))",
        ),
        _r(
            "means.jump_intent",
            su,
            r"\b(?:going to|want to|about to|ready to|will|might|gonna|could) jump(?=\s*(?:$|"
            r"[.,!?;:\"]|off|from|tonight|now|right now|again))",
        ),
        _r(
            "means.vehicle",
            su,
            r"\b(?:drive|driving|drove|crash|crashing|crashed|steer|swerve) (?:my|his|her|their|"
            r"the) car (?:off|into) (?:the road|a tree|a wall|a bridge|the bridge|a cliff|"
            r"oncoming|traffic|the river|the lake|a pole|a truck)\b|\bdriv(?:e|ing) off (?:the|a) "
            r"(?:overpass|bridge|cliff|road|pier)\b|\bdriv(?:e|ing) (?:my car |"
            r"the car )?into (?:a|the) (?:wall|tree|pole|river|lake|truck)\b|\b(?:drive|driving|"
            r"walk|walking|step|"
            r"stepping) into (?:oncoming )?traffic\b|\b(?:step|stepping|stepped|walk|walking|"
            r"throw myself|throwing myself|lie down|lying down|lay down) (?:out )?in front of "
            r"(?:a|the|an|the next|an oncoming|oncoming)(?: \w+)? (?:car|bus|truck|train|one|"
            r"traffic|tram|subway)\b|\bstep(?:ping)? in front of (?:a|the) "
            r"(?:car|bus|truck|train)\b",
        ),
        _r(
            "means.carbon_monoxide",
            su,
            r"\b(?:engine|car) (?:is )?running\b.{0,40}?\bgarage\b|\bgarage\b.{0,60}?"
            r"\b(?:engine|car) (?:is )?running\b|\bcarbon monoxide\b|\bexhaust (?:pipe|fumes)\b",
        ),
        _r(
            "means.poison",
            su,
            r"\b(?:drank|swallowed|drinking|ingested|drink|swallow) (?:some )?(?:bleach|"
            r"antifreeze|poison|cleaning (?:products|fluid)|drain cleaner|rat poison)\b",
        ),
        _r(
            "means.weapon_on_self",
            su,
            r"\b(?:use|using|used|turn|turning) it on " + _REFL,
            who="p",
        ),
        _r(
            "means.gun",
            mn,
            r"\b(?:has|have|got|get|getting|own|owns|bought|buy|buying|keeps?|kept|loaded|load|"
            r"loading|cleaning|holding|hold|grabbed|grab|found|carry|carrying|access to) "
            r"(?:a |my |his |her |their |the |some |an )?(?!(?:glue|nail|squirt|water|nerf|"
            r"heat|staple|spray|toy|paint|caulk|massage|temperature) )(?:\w+ )?(?:gun|guns|"
            r"firearm|firearms|pistol|rifle|handgun|shotgun|revolver|glock)\b",
        ),
        # -- harm to others
        _r(
            "harm.intent",
            ho,
            r"\b(?:going to|will|want to|wants to|wanted to|planning to|plan to|plans to|"
            r"about to|ready to|could|might|need to|have to|got to|threaten(?:s|ed|ing)? to|"
            r"thinking (?:about|of)|think about|thoughts (?:about|of)|urges? to|"
            r"fantasi[sz](?:e|ing) about|talk(?:s|ing|ed)? about|keeps? saying|mention(?:s|ed|ing)|"
            r"tempted to|feel like|felt like) (?:really |seriously |"
            r"actually |just |"
            r"finally )?(?:hurt|hurting|harm|harming|kill|killing|stab|stabbing|shoot|shooting|"
            r"beat|beating|strangle|strangling|choke|choking|attack|attacking|murder|murdering|"
            r"punch|punching|hit|hitting|poison|poisoning|run over|smash|smashing)"
            r"(?: the (?:crap|shit|hell|life) out of)? " + obj,
        ),
        _r(
            "harm.weapon_to_place",
            ho,
            r"\b(?:bring|bringing|brought|take|taking|took|carry|carrying) (?:a |my |his |her |"
            r"the )?(?:\w+ )?(?:gun|guns|knife|knives|weapon|weapons|rifle|pistol|bat|machete) "
            r"(?:to|into) (?:work|school|the office|the center|the centre|group|the meeting|"
            r"the clinic|the agency|class|campus|church)\b",
        ),
        _r(
            "harm.shoot_up",
            ho,
            r"\bshoot(?:ing)? up (?:the|my|this|that|our|his|her) (?:office|school|work|"
            r"workplace|building|place|agency|clinic|center|centre|meeting|group|class|church|"
            r"store|mall)\b",
        ),
        _r(
            "harm.weapon_on_other",
            ho,
            r"\b(?:use|using|used) it on (?:him|her|them|someone|somebody|(?:my|his|her|their) "
            r"\w+|everyone|people)\b",
        ),
        _r(
            "harm.revenge",
            ho,
            r"\bmake (?:him|her|them|(?:my|his|her|their) \w+|everyone|them all|those \w+) "
            r"(?:pay|suffer|bleed)\b|\b(?:have|got|bought|carrying|holding|grabbed) (?:a|my|"
            r"the) (?:knife|machete|bat)(?=\s*(?:$|[.,!?;:\"]|and|in my (?:bag|pocket|car)))",
        ),
        _r(
            "harm.past_violence",
            ho,
            r"\b(?:hit|hurt|beat|choked|stabbed|shot|punched|slapped|kicked|pushed|strangled|"
            r"attacked|smacked|assaulted|threatened) " + obj,
        ),
        _r(
            "harm.could_hurt",
            ho,
            r"\b(?:could|might|will|would) (?:really |seriously )?(?:hurt|kill|harm) "
            r"(?:someone|somebody|anyone|people|everyone)\b",
        ),
        # -- abuse (victim decides who is at risk)
        _r(
            "abuse.act",
            ab,
            r"\b(?:hits?|hitting|beats?|beating|beaten|chok(?:es|ed|ing|e)|strangl(?:es|ed|ing|e)|"
            r"punch(?:es|ed|ing)?|slap(?:s|ped|ping)?|kick(?:s|ed|ing)?|push(?:es|ed|ing)?|"
            r"shov(?:es|ed|ing)|rap(?:es|ed|ing|e)|abus(?:es|ed|ing|e)|molest(?:s|ed|ing)?|"
            r"grop(?:es|ed|ing)|touch(?:es|ed|ing)|smack(?:s|ed|ing)?|stalk(?:s|ed|ing)?|"
            r"sexually assault(?:s|ed|ing)?|assault(?:s|ed|ing)?|"
            r"forc(?:es|ed|ing) (?:himself|herself|themselves) on|threaten(?:s|ed|ing)?) "
            r"(?P<p>me|us|her|him|them|(?:my|her|his|their|the) (?:kids|children|child|son|"
            r"daughter|baby))\b(?! (?:up|back|a (?:text|message|line)|an email|to (?:a|the) "
            r"(?:meeting|game|gym)|off))",
            who="victim",
        ),
        _r(
            "abuse.threat",
            ab,
            r"\b(?:he|she|they|" + person + r")s? (?:\w+ ){0,3}?(?:will|would|is going to|"
            r"going to|is gonna|wants to|want to|tried to|tries to|trying to|"
            r"threaten(?:s|ed|ing)? to|keeps? trying to|could|might) (?:\w+ )?(?:hurt|kill|beat|"
            r"hit|rape|choke|strangle|shoot|stab|harm|murder|attack) (?P<p>me|us|her|him|them|"
            r"(?:my|her|his|their|the) (?:kids|children|child|son|daughter|baby))\b",
            who="victim",
        ),
        _r(
            "abuse.hurting",
            ab,
            r"\b(?:he|she|they|" + person + r")s? (?:\w+ ){0,2}?(?:(?:is|are|has been|have been|"
            r"keeps?|kept|was|were) hurting|hurts) (?P<p>me|us|her|him|them|(?:my|her|his|"
            r"their|the) (?:kids|children|child|son|daughter|baby))\b",
            who="victim",
        ),
        _r(
            "abuse.forced",
            ab,
            r"\b(?:forc(?:es|ed|ing)|made|makes|pressur(?:es|ed|ing)) (?P<p>me|her|him|them) "
            r"(?:to have sex|have sex|into (?:sex|having sex)|to do (?:sexual|stuff|things)|"
            r"to sleep with)\b|\blocks? (?P<p2>me|her|him|them) (?:in|out|inside)\b|"
            r"\bwithout my consent\b|\bdid not consent\b",
            who="victim",
        ),
        _r(
            "abuse.beat_up",
            ab,
            r"\bbeat(?:s|en)? (?P<p>me|her|him|them|us) up\b",
            who="victim",
        ),
        _r(
            "abuse.hurt_past",
            ab,
            r"\b(?:he|she|they|" + person + r")s? (?:\w+ ){0,2}?hurt (?P<p>me|us|her|him|them)"
            r"\b(?! (?:up|feelings))",
            who="victim",
        ),
        _r(
            "abuse.night_visits",
            ab,
            r"\b(?:comes?|coming|came|sneaks?|sneaking|snuck|gets?|getting|got|climbs?) "
            r"(?:in )?(?:into|in) (?P<p>my|her|his|their) (?:room|bed|bedroom)(?: \w+){0,3}? "
            r"(?:at night|when|while|every night)\b",
            who="victim",
        ),
        _r(
            "abuse.sexual",
            ab,
            r"\b(?:raped|sexually assaulted|molested|groomed|trafficked)\b|"
            r"\b(?:i|he|she|they) (?:was|were|got|have been|has been|had been|am being|"
            r"is being) (?:\w+ )?(?:assaulted|abused|beaten up|beaten|strangled|choked|"
            r"attacked)\b(?! (?:drugs|alcohol|substances|pills|meds|opioids|my|the|it))",
        ),
        _r(
            "abuse.fear",
            ab,
            r"\b(?:scared|afraid|terrified|frightened|fear) (?:to go home|of going home|"
            r"for my life|for her life|for his life|he will|she will|they will|he is going to|"
            r"she is going to|of (?:him|her|my (?:partner|husband|wife|boyfriend|girlfriend|"
            r"ex|dad|father|mom|mother|stepdad|stepfather|stepmom|parents|brother|roommate|"
            r"landlord)))\b",
        ),
        _r(
            "abuse.control",
            ab,
            r"\b(?:will not|does not|do not|would not|never) let (?P<p>me|her|him|them) "
            r"(?:leave|go (?:out|anywhere|home)|see (?:my|her|his|their) (?:friends|family)|"
            r"have (?:my|her|his|a) phone|out of (?:his|her|their) sight|sleep|eat)\b|"
            r"\b(?:he|she|they|" + person + r")s? (?:always |keeps |constantly )?(?:takes?|"
            r"took|taking|steals?|stole|hides?|hid|controls?|controlled) (?:away )?"
            r"(?:my|her|his) (?:phone|keys|car keys|money|id|passport|paycheck|meds|"
            r"medication)\b",
            who="victim",
        ),
        _r(
            "abuse.relationship",
            ab,
            r"\b(?:in|stuck in|trapped in|living in|live in) an? (?:abusive|violent) "
            r"(?:relationship|home|marriage|household|situation)\b|\b(?:my|her|his) (?:partner|"
            r"husband|wife|boyfriend|girlfriend|ex|dad|mom|father|mother|stepdad|stepmom|"
            r"parents?) (?:is|are|has been|gets) (?:abusive|violent)\b|\b(?:experiencing|"
            r"victim of|dealing with|suffering) (?:domestic (?:violence|abuse)|abuse|dv|"
            r"intimate partner violence)\b",
        ),
        # -- self-harm
        _r(
            "self_harm.reflexive",
            sh,
            r"\b(?:cut(?:s|ting)?|slit(?:s|ting)?|slic(?:e|es|ed|ing)|burn(?:s|ed|t|ing)?|"
            r"scratch(?:es|ed|ing)?|carv(?:e|es|ed|ing)|hit(?:s|ting)?|punch(?:es|ed|ing)?|"
            r"bang(?:s|ed|ing)?|hurt(?:s|ing)?|harm(?:s|ed|ing)?|injur(?:e|es|ed|ing)|"
            r"bit(?:e|es|ing)?|mutilat(?:e|es|ed|ing)|stab(?:s|bed|bing)?|bruis(?:e|es|ed|ing)|"
            r"punish(?:es|ed|ing)?|do (?:something|anything) to|doing (?:something|anything) "
            r"to) " + _REFL,
            who="p",
        ),
        _r(
            "self_harm.body",
            sh,
            r"\b(?:cut(?:s|ting)?|slit(?:s|ting)?|slash(?:es|ed|ing)?|slic(?:e|ed|ing)|"
            r"burn(?:s|ed|t|ing)?|scratch(?:es|ed|ing)?|carv(?:e|ed|ing)) "
            + _POSS
            + r" (?:wrists?|arms?|legs?|thighs?|skin|stomach|body|hips?|forearms?|belly|ankles?|"
            r"throat|neck)"
            r"\b",
            who="p",
        ),
        _r(
            "self_harm.head",
            sh,
            r"\b(?:bang(?:s|ed|ing)?|hit(?:s|ting)?|slam(?:s|med|ming)?|punch(?:es|ed|ing)?) "
            + _POSS
            + r" head (?:against|on|into) (?:the |a )?(?:wall|floor|door|desk|table)\b"
            r".{0,30}?\b(?:on purpose|deliberately|to feel|until|till|so hard|every time)\b",
            who="p",
        ),
        _r(
            "self_harm.word",
            sh,
            r"\bself (?:harm\w*|injur\w*|mutilat\w*)\b",
            noun=True,
        ),
        _r(
            "self_harm.cutting",
            sh,
            r"\b(?:been|keep|keeps|kept|started|start|starting|am|is|are|was|were|back to|stop|"
            r"can not stop) (?:cutting|self harming)\b(?! (?:back|down|out|hours|costs|corners|"
            r"class|it|through|ties|the|my|his|her|their|our|a|an|coupons|hair|paper|in line|"
            r"off|up|across|onions|wood|bread|calories|carbs|sugar|caffeine|alcohol|budget|"
            r"grass|fat|weight))|\b(?:cutting|self harming|burning|hurting myself) again\b|"
            r"\b(?:i|he|she|they|just) (?:cut|burned|burnt|self harmed|relapsed) (?:again|"
            r"last night|tonight|today|yesterday|this morning)\b",
        ),
        _r(
            "self_harm.urge",
            sh,
            r"\b(?:urges?|want|wants|wanting|need|needs|needing|going|tempted|close|craving|"
            r"itching) to (?:cut|burn|self harm|harm|bleed|feel pain|hurt)(?=\s*(?:$|[.,!?;:\"]|"
            r"again|tonight|so bad|is|was|gets|keeps|feels|has been|really|right now|today|badly|"
            r"so much|myself|herself|himself|"
            r"themselves|because|but|and|all the time|every|when|rn))",
        ),
        _r(
            "self_harm.blade",
            sh,
            r"\b(?:have|has|got|get|getting|holding|hold|keep|keeps|kept|bought|buy|grabbed|"
            r"grab|took out|taking out|found|hid|hidden|hide|hiding|carry|carries|carrying|"
            r"sharpen\w*) (?:a |my |her |his |the |some |out |out the |out my |new )?"
            r"(?:razor|razors|razor blade|razor blades|blade|blades|box cutter|scalpel)\b|"
            r"\b(?:blade|razor|knife) (?:out|in (?:my|her|his) hand|to (?:my|her|his) (?:wrist|"
            r"arm|skin|throat|neck))\b|\bwith (?:a|my|the) (?:razor|razor blade|blade|"
            r"box cutter)\b",
        ),
        _r(
            "self_harm.bleed",
            sh,
            r"\b(?:until|till|til) (?:\w+ ){0,2}?(?:bleeds?|bled|bleeding)\b|\bbleed(?:ing)? out\b|"
            r"\bmake "
            r"(?:myself|herself|himself|themselves) bleed\b",
        ),
        _r(
            "self_harm.cuts",
            sh,
            r"\b(?:cuts?|burns?|scars?|wounds?|scratches|slashes) (?:on|all over|"
            r"up and down) " + _POSS + r" (?:wrists?|arms?|legs?|"
            r"thighs?|body|skin|stomach|hips?)\b|\b(?:fresh|new|deep|open|self inflicted) "
            r"(?:cuts|cut marks|wounds?|burns|scars?)\b|\b(?:picture|pictures|photo|photos|pic|"
            r"pics) of (?:my|his|her|their) (?:cuts|wounds|scars|wrists?)\b|\b(?:my|his|her|"
            r"their) cuts\b(?! (?:to|in|of|from))|\bcut (?:really |too |very |so |way too )?"
            r"deep(?:ly|er)?\b",
        ),
        _r(
            "self_harm.coping",
            sh,
            r"\b(?:cutting|self harm\w*|burning myself|hurting myself|purging|starving myself)"
            r" (?:is|was) (?:the only|my only|all that|what)\b|\bonly (?:thing|way) (?:that )?"
            r"(?:helps|works|makes)\b.{0,30}?\b(?:cutting|hurting myself|self harm|burning|"
            r"purging)\b",
        ),
        _r(
            "self_harm.relapse",
            sh,
            r"\brelaps\w* (?:on|with|into|back into) (?:cutting|burning|self harm\w*|purging|"
            r"restricting|starving)\b|\bbleeding through (?:my|her|his|their|the) "
            r"(?:sleeve|bandage|shirt|clothes|jeans)\b",
        ),
        _r(
            "self_harm.feel_pain",
            sh,
            r"\b(?:need|want|needing|wanting|have) to feel (?:pain|physical pain|the pain)\b",
        ),
        # -- eating disorder
        _r(
            "eating.not_eaten",
            ed,
            r"\b(?:have not|has not|had not|did not|not|have not been|has not been|barely|"
            r"hardly) (?:really )?(?:eaten|eat|ate|eating)(?: anything| a thing| food| properly|"
            r" a (?:real |proper )?meal| much)? (?:in|for|since) (?:over |almost |nearly |like |"
            r"about |at least )?(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
            r"several|many|a few|few|a couple of|a couple|couple of) (?:days?|weeks?|meals)|"
            r"days|weeks|a week|a day|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
            r"yesterday|the weekend|last \w+)\b",
        ),
        _r(
            "eating.purge",
            ed,
            r"\b(?:make|making|made|makes|forcing|force|forced) " + _REFL + r" (?:throw up|"
            r"vomit|sick|puke|purge)\b",
            who="p",
        ),
        _r(
            "eating.purging",
            ed,
            r"\b(?:throwing up|throw up|threw up|vomit|vomiting|vomited|puking|puke|puked)"
            r"(?: \w+){0,3}? (?:after (?:every|each|i eat|eating|meals?|dinner|lunch)|"
            r"every time i eat|on purpose)\b|\bpurg(?:e|es|ed|ing)\b(?! (?:the|old|my (?:inbox|"
            r"files|emails|"
            r"closet|records|email)|files|records|emails|email|data|inbox|cache|list|of))|"
            r"\bbing(?:e|es|ed|eing|ing) (?:and purg\w*|eat\w*|on (?:food|junk|sweets|candy|chips)|"
            r"again|every (?:night|day))\b|\bbinge eating\b",
        ),
        _r(
            "eating.weight_loss",
            ed,
            r"\b(?:skip\w* (?:meals|eating)|not eating|starv\w*|purg\w*|throw\w* up|fasting|"
            r"eating nothing|eat|eating|ate)(?: \w+){0,5}? (?:to lose weight|so i (?:can|will) "
            r"lose weight|because i (?:am|feel) fat|to (?:stay|be|get|keep) (?:thin|skinny|"
            r"small))\b|\bi (?:eat|ate|have eaten) nothing\b",
        ),
        _r(
            "eating.no_food",
            ed,
            r"\b(?:no food|nothing to eat|not eating|without (?:food|eating))\b.{0,30}?"
            r"\bon purpose\b|\b(?:\d+|a few|several|two|three|four|five|six|seven) days "
            r"(?:with no|without) (?:food|eating)\b|\b(?:threw|throw|throwing|throws) (?:it|"
            r"everything|it all|all of it|my (?:food|dinner|lunch|breakfast|meal)) (?:all )?"
            r"(?:back )?up(?: \w+){0,2}? (?:again|on purpose|after)\b",
        ),
        _r("eating.starve", ed, r"\bstarv(?:e|es|ed|ing) " + _REFL, who="p"),
        _r(
            "eating.calories",
            ed,
            r"\b(?:only|just|under|less than|no more than|max) (?:let (?:myself|herself|"
            r"himself) )?(?:eat |eating |ate |have |having |allow myself )?(?:\d+|one|a few|"
            r"a couple|two|three) (?:calories|cals|kcal|bites?|crackers?|meals? a (?:day|week)|"
            r"apples?|grapes)\b|\b[1-9]\d{0,2} (?:calories|cals|kcal) (?:a|per) day\b|"
            r"\b(?:eat|eating|ate) (?:one|1|a single) meal (?:a|every|per) (?:week|two days|"
            r"few days|2 days|3 days)\b|\b(?:eat|eating|ate) (?:only )?once (?:every|a|per) "
            r"(?:(?:two|2|three|3|few|couple of) days|week)\b",
        ),
        _r(
            "eating.laxatives",
            ed,
            r"\b(?:took|take|taking|takes|abusing|abuse|using|used|ate|swallowed|popped)"
            r"(?: \w+){0,4}? (?:laxatives?|diet pills|diuretics|water pills|ipecac)\b",
        ),
        _r(
            "eating.stopped_eating",
            ed,
            r"\b(?:stopped|stop|quit|refuse|refuses|refusing|refused|am not going to|will not|"
            r"not) eating\b(?! (?:meat|sugar|gluten|dairy|fast food|junk|out|at|carbs|after|"
            r"late|before|red meat|processed|lunch|breakfast|dinner|pork|beef|fish|eggs|bread|"
            r"sweets|candy|snacks|takeout|take out|in|with|there|that|this|those|these|"
            r"healthy|well|right))",
        ),
        _r(
            "eating.restricting",
            ed,
            r"\brestrict(?:ing|ed)?(?: again| my (?:food|eating|intake|calories|meals)| (?:food|"
            r"calories|eating|meals))\b|\brestricting\b(?=\s*(?:$|[.,!?;:\"]|and|again))",
        ),
        _r(
            "eating.word",
            ed,
            r"\b(?:anorexi[ac]|bulimi[ac]|eating disorder|pro ana|proana|thinspo|ednos|arfid)"
            r"\b",
            noun=True,
        ),
        # -- medical emergencies
        _r("medical.overdose_word", md, r"\boverdos(?:e|es|ed|ing)\b", noun=True),
        _r(
            "medical.acute",
            md,
            r"\b(?:i am|i think i am|think i am|i might be|i feel like i am|he is|she is|"
            r"they are|i was|he was|she was|someone is|somebody is|(?:" + person + r")s? "
            r"(?:is|was)) (?:overdosing|having (?:an overdose|"
            r"a heart attack|a stroke|a seizure|seizures|a fit|an allergic reaction|"
            r"chest pains?)|seizing|convulsing|dying|bleeding out|not breathing|unconscious|"
            r"unresponsive)\b",
        ),
        _r(
            "medical.breathing",
            md,
            r"\b(?:can not|could not|unable to|struggling to|hard to|trouble|not|stopped) "
            r"(?:breathe|breathing|breath|catch (?:my|her|his|their) breath)\b(?! (?:a word|down))|"
            r"\bcan not stop (?:vomiting|throwing up|shaking|bleeding|seizing)\b|\b(?:he|she|"
            r"they|" + person + r")s? (?:just )?collapsed\b",
        ),
        _r(
            "medical.chest",
            md,
            r"\bchest (?:pains?|is (?:really |so |very )?(?:tight|hurting|heavy|crushing)|"
            r"tightness|hurts|feels (?:tight|heavy|crushed))\b",
        ),
        _r(
            "medical.cyanosis",
            md,
            r"\b(?:lips|face|fingers|skin|fingertips|nails) (?:(?:are|is|look|looks|went|turned|"
            r"turning|going|have gone|getting) )*(?:blue|purple|grey|gray)\b",
        ),
        _r(
            "medical.unconscious",
            md,
            r"\b(?:passed out|pass out|passing out|fainted|fainting|feel faint|feeling faint|"
            r"felt faint|unconscious|unresponsive|blacked out|blacking out)\b(?! (?:flyers|the|"
            r"papers|handouts|leaflets|pamphlets|brochures|snacks|cards|forms|surveys|info|"
            r"information|materials|food|water|tickets|after (?:giving|donating) blood))",
        ),
        _r(
            "medical.wont_wake",
            md,
            r"\b(?:he|she|they|" + person + r")s? (?:will not|would not|can not|is not|"
            r"does not) (?:wake|waking) up\b|\bcan not wake (?:him|her|them) up\b",
        ),
        _r(
            "medical.seizure",
            md,
            r"\b(?:seizure|seizures|seizing|convulsing|convulsions)\b(?! (?:disorder|"
            r"medication|meds|free|history|action plan|first aid|training))",
        ),
        _r(
            "medical.arm_numb",
            md,
            r"\b(?:left )?arm (?:is |feels |went |going |has gone )?(?:numb|tingling)\b|"
            r"\bnumb (?:left )?arm\b",
        ),
        _r(
            "medical.bleeding",
            md,
            r"\bbleeding (?:really |so |very )?(?:bad|a lot|heavily|badly|profusely|so much|"
            r"everywhere|out|nonstop|"
            r"non stop|and (?:it )?(?:will not|would not|can not|is not going to|does not) stop|"
            r"from (?:my|her|his|their) (?:wrists?|arms?|neck|throat|head|legs?))\b|"
            r"\b(?:will not|would not|can not|does not) stop bleeding\b|\bbleeding\b.{0,30}?"
            r"\b(?:can not|will not|would not|does not) (?:make it |get it to )?stop\b|\b(?:lot|"
            r"lots|pool) of "
            r"blood\b|\blosing (?:a lot of )?blood\b",
        ),
        _r(
            "medical.mixing",
            md,
            r"\b(?:mix(?:ed|ing)?|combin(?:ed|ing)|took|taking|drank|drinking|with)(?: \w+){0,2}? "
            r"(?:xanax|benzos?|valium|klonopin|ativan|opioids?|oxy\w*|percs?|heroin|fentanyl|"
            r"methadone|sleeping pills|pills|meds|ambien|gabapentin|lean) (?:and|with|"
            r"on top of) (?:\w+ )?(?:alcohol|booze|drinking|vodka|beer|wine|liquor|xanax|"
            r"benzos?|opioids|heroin|fentanyl|drinks|whiskey|tequila)\b|\b(?:mix(?:ed|ing)?|"
            r"combin(?:ed|ing)) (?:alcohol|booze|drinks?|vodka|wine|beer) (?:and|with) "
            r"(?:\w+ )?(?:pills|meds|xanax|benzos?|opioids|heroin|fentanyl|sleeping pills)\b|"
            r"\b(?:vodka|alcohol|wine|beer|whiskey|booze|drinks)(?: \w+){0,4}? and (?:took|"
            r"taking|swallowed|popped) (?:\w+ )?(?:pills|sleeping pills|xanax|benzos|meds|"
            r"painkillers)\b|\b(?:mix(?:ed|ing)?|combin(?:ed|ing)) (?:alcohol|booze|drinks?|"
            r"vodka|wine|beer) (?:and|with) "
            r"(?:\w+ )?(?:pills|meds|xanax|benzos?|opioids|heroin|fentanyl|sleeping pills)\b",
        ),
        _r(
            "medical.laced",
            md,
            r"\blaced with\b|\b(?:was|is|been) laced\b|\bbad batch\b",
        ),
        _r(
            "medical.airway",
            md,
            r"\bthroat (?:is )?(?:closing|swelling|tight(?:ening)?)\b|\banaphyla\w*|"
            r"\ballergic reaction\b|\b(?:tongue|face) (?:is )?swelling\b",
        ),
        _r(
            "medical.too_much",
            md,
            r"\b(?:used|shot up|did|took|snorted|smoked|drank|had|injected|taken) (?:way )?"
            r"too (?:much|many)\b(?! (?:coffee|caffeine|sugar|time|on|work|overtime|energy|"
            r"responsibility|food|to eat|sun|screen|of a|notes|clients|meetings))|"
            r"\bcan not feel (?:my|his|her|their) (?:legs|arms|body|face|hands|feet)\b|"
            r"\b(?:throwing|threw|coughing|vomiting|puking) up blood\b|\bfoaming at the mouth\b|"
            r"\b(?:is|are|am|he is|she is|they are) (?:turning|going) (?:blue|purple|grey|gray)\b",
        ),
        _r("medical.spinning", md, r"\b(?:everything|the room|the world) is spinning\b"),
        _r("medical.near_death", md, r"\b(?:almost|nearly) (?:died|dying|overdosed)\b"),
    )


# ---------------------------------------------------------------- normalisation


@cache
def _apostrophes() -> dict[int, str]:
    """Curly quotes and apostrophes to their ASCII forms."""
    return str.maketrans(
        {
            "\u2019": "'",
            "\u2018": "'",
            "\u02bc": "'",
            "`": "'",
            "\u00b4": "'",
            "\u201c": '"',
            "\u201d": '"',
            "\u00ab": '"',
            "\u00bb": '"',
        }
    )


@cache
def _leet() -> dict[int, str]:
    """Leetspeak digits and symbols to the letters they stand for."""
    return str.maketrans(
        {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
    )


_CHUNK = re.compile(r"[a-z][a-z0-9!@$*]*[a-z0-9@$*]")
_VOWEL_RUN = re.compile(r"([aeiou])\1{2,}")
_CONSONANT_RUN = re.compile(r"([b-df-hj-np-tv-z])\1{2,}")
_CENSORABLE = (
    "kill",
    "killing",
    "suicide",
    "suicidal",
    "die",
    "dead",
    "myself",
    "unalive",
    "overdose",
    "cut",
    "cutting",
    "rape",
    "raped",
)

_PRE_SUBS: tuple[tuple[str, str], ...] = (
    (r"\bs/h\b", " self harm "),
    (r"\bk\.?m\.?s\b", "kms"),
    (r"\bo\.d\.?(?=\s|$)", "od"),
    # "od'd", "oded": never plain "odd", which is an ordinary word.
    (r"\bod(?:'d|'ed|ed|ded|'ded)\b", "overdosed"),
    (r"\bod(?:'?ing|'in)\b|\bodding\b", "overdosing"),
    (r"[-_/]", " "),
    (r"\bcan'?t\b", "can not"),
    (r"\bcannot\b", "can not"),
    (r"\bwon'?t\b", "will not"),
    (r"\bain'?t\b", "am not"),
    (
        r"\b(do|does|did|is|are|was|were|have|has|had|would|could|should|must|need)n'?t\b",
        r"\1 not",
    ),
    (r"\bi'?m\b", "i am"),
    (r"\bi'?ve\b", "i have"),
    (r"\bi'll\b", "i will"),
    (r"\bi'd\b", "i would"),
    (r"\b(you|we|they)'?re\b", r"\1 are"),
    (r"\b(he|she|that|there|what|who|where|here|everything|nothing|life)'?s\b", r"\1 is"),
    (r"\bit's\b", "it is"),
    (r"\b(\w+)'ll\b", r"\1 will"),
    (r"\b(\w+)'ve\b", r"\1 have"),
    (r"\b(\w+)'d\b", r"\1 would"),
    (r"'", ""),
)

_SLANG: dict[str, str] = {
    "kms": "kill myself",
    "kys": "kill yourself",
    "ctb": "suicide",
    "wanna": "want to",
    "wana": "want to",
    "wan2": "want to",
    "want2": "want to",
    "gonna": "going to",
    "gona": "going to",
    "gunna": "going to",
    "finna": "going to",
    "imma": "i am going to",
    "ima": "i am going to",
    "tryna": "trying to",
    "gotta": "got to",
    "hafta": "have to",
    "u": "you",
    "ur": "your",
    "rn": "right now",
    "tn": "tonight",
    "tonite": "tonight",
    "2nite": "tonight",
    "2night": "tonight",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "ppl": "people",
    "abt": "about",
    "bout": "about",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "tho": "though",
    "thru": "through",
    "ngl": "not going to lie",
    "idk": "i do not know",
    "idc": "i do not care",
    "rly": "really",
    "fr": "for real",
    "frfr": "for real",
    "ded": "dead",
    "od": "overdose",
    "oding": "overdosing",
    "sh": "self harm",
    "selfharm": "self harm",
    "selfharming": "self harming",
    "dont": "do not",
    "cant": "can not",
    "wont": "will not",
    "im": "i am",
    "ive": "i have",
    "youre": "you are",
    "theyre": "they are",
    "hes": "he is",
    "shes": "she is",
    "thats": "that is",
    "theres": "there is",
    "whats": "what is",
    "myslef": "myself",
}
_SLANG_RE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, _SLANG), key=len, reverse=True)) + r")\b"
)

_POST_SUBS: tuple[tuple[str, str], ...] = (
    (r"\bkm+s+\b", "kill myself"),
    (r"\bky+s+\b", "kill yourself"),
    (r"\bsewer ?slid(?:e|es|ing)\b", "suicide"),
    (r"\bcommit(?:ting|ted)? sudoku\b", "commit suicide"),
    (r"\bself ?delet(?:e|es|ing|ed)\b", "kill myself"),
    (r"\bdelet(?:e|ing|ed) myself\b", "kill myself"),
    (r"\b(my|your|him|her|them|our) ?(self|selves)\b", r"\1\2"),
    (r"\bthemselfs\b", "themselves"),
    (
        r"\bunaliv(e|es|ed|ing)\b(?!\s+(?:my|your|him|her|them|me|his|their|the|a|an|"
        r"someone|somebody|people|every\w*|myself|yourself|himself|herself|themselves|"
        r"themself|ourselves)\b)",
        r"unaliv\1 myself",
    ),
    (r"\bunalive\b", "kill"),
    (r"\bunalives\b", "kills"),
    (r"\bunalived\b", "killed"),
    (r"\bunaliving\b", "killing"),
    (
        r"\b(kill|hurt|cutt|dy|starv|purg|burn|jump|hang|stab|shoot|bleed|think|go|feel|"
        r"want|plann|try|tak|end|swallow|hitt|beat|chok)in\b",
        r"\1ing",
    ),
    (
        r"\b(want|going|need|have|try|trying|wish|ready|plan|planning|deserve)\s+2\s+(?=[a-z])",
        r"\1 to ",
    ),
    # Common ways of disguising one's own question.
    (r"\b(?:asking|question|this is) for a friend\b", "asking for me"),
    (r"\b(?:someone|somebody|people|a person) like me\b", "me"),
    # "the person I support" names a third party even though it contains "I".
    (
        r"\b(?:the |a |one )?(?:person|people|guy|girl|man|woman|teen|kid|lady|dude|"
        r"young (?:man|woman|person)|youth|individual|client|peer|member|one|ones|folks?|"
        r"someone|somebody|participant)s? (?:that |who |whom )?i (?:am |have been )?"
        r"(?:support|supporting|mentor|mentoring|work with|working with|see|seeing|supervise|"
        r"supervising|help|helping|serve|serving|coach|coaching|sponsor|sponsoring|"
        r"case manage|look after)\b",
        " client ",
    ),
)

_IDIOMS = re.compile(
    r"\b(?:dying (?:to|for|of (?:boredom|laughter|embarrassment|curiosity|thirst|hunger|heat|"
    r"cold|shame|jealousy|cuteness)|laughing)|"
    r"(?<!want )(?<!wants )(?<!ready )(?<!going )to die for\b(?! real\b)|(?:die|"
    r"died) of (?:embarrassment|"
    r"boredom|shame|laughter|cuteness)|(?:almost |nearly )?died laughing|"
    r"(?:bored|sick|tired|worried|freezing|worked|stressed|annoyed|scared|frightened|love|"
    r"loved) to death|dead (?:tired(?! of\b)|serious|set|on my feet|in the water|end|air|weight)|"
    r"(?:phone|battery|laptop|car|computer|plant|plants|tv|charger|conversation|group chat)"
    r" (?:(?:is|was|went|will|just|about to|keeps|is going to) )*(?:died|dying|dead|die)\b|"
    r"death of me|"
    r"over my dead body|drop dead gorgeous|kill(?:ed|ing)? (?:it|time|two birds)|"
    r"would kill for|kill (?:the (?:lights|engine|music|mood|vibe))|"
    r"(?:kill|killed|killing) (?:myself|me) laughing|"
    r"(?:career|social|political|professional|financial) suicide|suicide (?:squad|doors|run|"
    r"runs|sprints|drills|lane|wings)|overdos\w* on (?:coffee|caffeine|sugar|chocolate|"
    r"netflix|tv|work|meetings|paperwork|candy)|shoot (?:myself|me) in the foot|"
    r"shot (?:myself|me) in the foot|shoot (?:me |you |him |her )?(?:an? )?(?:email|message|"
    r"text|note|line)|jump (?:at the chance|through hoops|to conclusions|on (?:a|the) call)|"
    r"(?:boss|supervisor|manager|director|mom|mum|mother|dad|father|teacher|coworker|"
    r"colleague|team|everyone) (?:will|would|is going to|is gonna|going to) "
    r"(?:literally )?(?:kill|murder) me (?:if|when)\b(?! i (?:leave|tell|report|call|go to|"
    r"talk|speak)\b))"
)

_FUZZY_TARGETS: tuple[str, ...] = (
    "suicide",
    "suicidal",
    "myself",
    "himself",
    "herself",
    "themselves",
    "overdose",
    "overdosed",
    "overdosing",
    "laxatives",
    "anorexia",
    "bulimia",
    "unalive",
    "unaliving",
)
_FUZZY_FIRST_LETTERS = frozenset("abhlmostu")
_FUZZY_EXCLUDE = frozenset(
    {"subside", "subsided", "overdoes", "overdoing", "overdone", "overdue", "suicides", "itself"}
)
_WORD = re.compile(r"[a-z]+")
_CLEAN = re.compile(r"[^a-z0-9\s.,!?;:\"]")
_SPACES = re.compile(r"\s+")


def _osa(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance, stopping early past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


@lru_cache(maxsize=8192)
def _fix_token(token: str) -> str:
    """Map a misspelt key word ("suicidial", "myslef") to its canonical spelling."""
    if (
        len(token) < 5
        or token[0] not in _FUZZY_FIRST_LETTERS
        or token in _FUZZY_EXCLUDE
        or token in _FUZZY_TARGETS
    ):
        return token
    limit = 2 if len(token) >= 8 else 1
    best, best_distance = token, limit + 1
    for target in _FUZZY_TARGETS:
        if target[0] == token[0]:
            distance = _osa(token, target, limit)
            if distance < best_distance:
                best, best_distance = target, distance
    return best


def _leet_chunk(match: re.Match[str]) -> str:
    chunk = match.group(0)
    if "*" in chunk:
        for word in _CENSORABLE:
            if len(word) == len(chunk) and all(
                c in ("*", w) for c, w in zip(chunk, word, strict=True)
            ):
                return word
        return chunk.replace("*", "")
    if sum(ch.isalpha() for ch in chunk) < 2 or chunk.isalpha():
        return chunk
    return chunk.translate(_leet())


def _squeeze(match: re.Match[str]) -> str:
    return match.group(1)


@cache
def _substitutions() -> tuple[tuple[tuple[re.Pattern[str], str], ...], ...]:
    """Compile the normalisation substitutions once, on first use."""
    return tuple(
        tuple((re.compile(pattern), repl) for pattern, repl in table)
        for table in (_PRE_SUBS, _POST_SUBS)
    )


def _normalise(text: str) -> str:
    """Lower-case, canonical spelling, expanded contractions and slang, idioms removed."""
    s = unicodedata.normalize("NFKC", text).translate(_apostrophes()).lower()
    s = s.replace("\r", "\n").replace("\n", " . ")
    s = _CHUNK.sub(_leet_chunk, s)
    s = _VOWEL_RUN.sub(_squeeze, s)
    s = _CONSONANT_RUN.sub(lambda m: m.group(1) * 2, s)
    pre_subs, post_subs = _substitutions()
    for pattern, repl in pre_subs:
        s = pattern.sub(repl, s)
    s = _CLEAN.sub(" ", s)
    s = _SLANG_RE.sub(lambda m: _SLANG[m.group(0)], s)
    s = _WORD.sub(lambda m: _fix_token(m.group(0)), s)
    for pattern, repl in post_subs:
        s = pattern.sub(repl, s)
    s = _IDIOMS.sub(" zz ", s)
    return _SPACES.sub(" ", s).strip()


# ---------------------------------------------------------------- context

_SENTENCE_END = re.compile(r"[.!?;]+")
_CLAUSE_BREAK = re.compile(
    r"[,:\"]|\b(?:but|though|although|however|because|cause|yet|whereas|except)\b|"
    r"\b(?:and|so|then|while|plus)\b(?= (?:i|he|she|they|we|my|his|her|their|now|honestly|"
    r"tbh|still|also|then)\b)"
)
_FIRST_PERSON_START = re.compile(r"\s*(?:[,:\"]\s*)?(?:i|my|me|we)\b")
_NEGATION = re.compile(r"not|never|no|nor|without|neither|avoid|avoiding")
_SUBJECTS = frozenset({"i", "he", "she", "they", "we", "you"})
_PSEUDO_NEGATION = re.compile(
    r"\b(?:not going to lie|not joking|not kidding|no joke|not lying|not sure|no longer|"
    r"not ok(?:ay)?|not fine|not being dramatic|not exaggerating|not even joking|"
    r"can not stop|can not help|could not stop|not only|no one|no body|no matter|"
    r"why (?:i|he|she|they) (?:should|would|could|can) not|(?:do|does|did) not know|nobody knows|"
    r"(?:do|does|did) not care|never thought|"
    r"never been so|never felt so)\b"
)
_GENERAL = re.compile(
    r"\b(?:if|when|whenever|once|in case|what if|suppose|supposing) (?:a|an|any|"
    r"someone(?! like me\b)|somebody(?! like me\b)|anyone|anybody|people|clients|peers|"
    r"one of (?:my|"
    r"our|your|the) \w+(?: \w+)?|"
    r"you|a person|staff|members|participants|person)\b|"
    r"\bhow (?:do|should|can|would|could|to|might)(?: i| we| you| peers?| one| staff| a peer|"
    r" supervisors?)? (?:best )?(?:ask|talk to|talk with|talk about|approach|screen|assess|"
    r"document|chart|report|bring up|discuss|recogni[sz]e|spot|identify|refer|respond to|"
    r"react to|support|help|handle|deal with|work with|reply to|be there for)"
    r"(?: \w+){0,2}? (?:a|an|someone|somebody|anyone|clients|peers|people|individuals|"
    r"participants|members|them|those|youth|folks)\b|"
    r"\bhow (?:do|should|can|to|would) (?:i|we|you|peers?|staff|one|supervisors?) "
    r"(?:safely )?(?:talk|speak|write|teach|learn|present)\b|"
    r"\b(?:best |good |right |safe )?ways? to (?:ask|talk|bring up|screen|assess|discuss|"
    r"approach|document|respond|phrase)\b"
)
# Topic frames ("signs of", "training on") only excuse a match a few words after them.
_TOPIC_BEFORE = re.compile(
    r"\b(?:(?:warning )?signs? of|symptoms of|risk factors? (?:for|of)|difference between|"
    r"definition of|statistics (?:on|about)|(?:training|trainings|course|courses|class|"
    r"classes|workshop|workshops|webinar|webinars|module|modules|certification|"
    r"certificate|curriculum|book|books|article|articles|resources?|videos?|materials?|"
    r"handouts?|polic(?:y|ies)|protocols?|procedures?|guidelines?|script|toolkit|"
    r"presentation|lecture|seminar|literature|research|ceus?|awareness|education) (?:on|"
    r"about|in|regarding|covering|around|related to|addressing))(?: \w+){0,4}? ?$"
)
_TOPIC_AFTER = re.compile(
    r"\s*(?:prevention|awareness|training|first aid|risk assessments?|assessments?|"
    r"screenings?|screener|protocols?|polic(?:y|ies)|hotlines?|lifeline|crisis lines?|lines?|"
    r"interventions?|postvention|research|statistics|stats|rates?|response|reversal|kits?|"
    r"education|cent(?:er|re)s?|sites?|services?|programs?|programmes?|courses?|modules?|"
    r"workshops?|webinars?|certification|recovery|support groups?|loss|survivors?|risks?|"
    r"safety|teams?|month|day|week|walk|bereavement|grief|topics?|questions?|scales?|"
    r"warning signs|treatment|specialists?|clinics?|unit|ward|(?:and )?crisis (?:lines?|lifeline|"
    r"cent(?:er|re)s?|teams?|text line|hotlines?)|and (?:suicide|self harm|"
    r"overdose) prevention)\b"
)
_RECENT = re.compile(
    r"\b(?:last night|tonight|today|this (?:morning|afternoon|evening|week|weekend|month)|"
    r"yesterday|earlier|just now|right now|currently|again|still|an hour ago|"
    r"(?:a few|few|a couple of|couple of|couple|two|three|four|five|six|\d+) (?:days|hours|"
    r"minutes|mins|nights|weeks) ago|hours ago|minutes ago|last (?:week|weekend|month|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday)|on (?:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)|recently|lately|these days|this past|"
    r"past (?:few|couple of) (?:days|weeks)|anymore|any more|relaps\w*|at the moment|"
    r"as we speak|just (?:now|took|did|cut|tried|swallowed|overdosed|hurt|told|said|texted|"
    r"called|posted|burned|attempted|used|found|showed))\b"
)
_NUM = (
    r"(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"a few|few|several|many|a couple of|a couple|some|over|almost|nearly)"
)
_DISTANT = re.compile(
    r"\b" + _NUM + r" (?:years?|yrs?|decades?) ago\b|\byears ago\b|\b(?:a )?long time ago\b|"
    r"\bat (?:age )?(?:1[0-9]|[2-6][0-9])\b(?! ?(?:am|pm|:|o clock|oclock|th|st|nd|rd|"
    r"minutes|mins|hours|percent))|\bwhen i was (?:\d+|a (?:kid|child|teen|teenager|young "
    r"\w+|student)|younger|little|in (?:high school|college|school|middle school|my \w+(?: "
    r"\w+)?)|(?:a )?(?:teen|teenager|kid))\b|\bas a (?:teen|teenager|kid|child|young (?:man|"
    r"woman|adult|person)|student)\b|\bin (?:high school|college|middle school|my teens|"
    r"my twenties|my early \w+|my late \w+|my youth|my younger years|my active addiction|"
    r"active addiction)\b|\bback (?:in|then|when)\b|\bin (?:19|20)\d\d\b|\bbefore i (?:got|was|"
    r"became|went|entered|found) (?:sober|clean|into recovery|in recovery|help|well|"
    r"treatment|a peer)\b|\b(?:sober|clean|in recovery|recovered|free) (?:for|since) "
    + _NUM
    + r" ?(?:years?|yrs?|\d{4})?\b|\b"
    + _NUM
    + r" (?:years?|yrs?) (?:sober|clean|"
    r"in recovery)\b|\bi used to\b|\bmy (?:past|history|lived experience|own story|story|"
    r"recovery story)\b|\bpast (?:suicide |suicidal )?(?:attempts?|overdoses?|history)\b|"
    r"\blived experience\b|\bhistory of\b"
)
_PAST = re.compile(
    r"\b(?:was|were|had|used to|tried|attempted|wanted|overdosed|struggled|survived|"
    r"went through|been|did|after|before|almost|nearly|past|history|experience|story|cut|"
    r"burned|burnt|hurt|harmed|made|took|left|leaving|escaped|lost|attempt|felt|thought|"
    r"became|got)\b"
)
_ACCIDENT = re.compile(
    r"\s*(?:\w+ ){0,3}?(?:shaving|cooking|while cooking|in the kitchen|on (?:the|a|my) "
    r"(?:stove|oven|pan|iron|kettle|grill|curling iron|straightener|knife|paper|glass|door|"
    r"can|table|desk)|with (?:coffee|tea|the iron|hot water)|by accident|accidentally|"
    r"at (?:the gym|practice)|playing|lifting|working out|running|when i fell)\b"
)
_METHOD_SEEKING = frozenset(
    {"means.lethal_dose", "means.research", "suicide.easiest_way", "means.highest_bridge"}
)
_ME_TOO = re.compile(
    r"\b(?:so do i|so am i|me too|same here|i do too|i am too|i feel the same|same for me|"
    r"me as well|i do as well)\b"
)

_FIRST = frozenset({"i", "we", "myself", "ourselves"})
_THIRD = frozenset(
    {
        "he",
        "she",
        "they",
        "him",
        "his",
        "her",
        "their",
        "them",
        "hers",
        "theirs",
        "himself",
        "herself",
        "themselves",
        "themself",
    }
)
_MY_THINGS = frozenset(
    {
        "chest",
        "heart",
        "lips",
        "arm",
        "arms",
        "wrist",
        "wrists",
        "leg",
        "legs",
        "head",
        "throat",
        "body",
        "skin",
        "face",
        "pills",
        "meds",
        "medication",
        "life",
        "stuff",
        "things",
        "belongings",
        "gun",
        "knife",
        "car",
        "mind",
        "stomach",
        "breathing",
        "blood",
        "vision",
        "hand",
        "hands",
        "fingers",
        "thighs",
        "own",
    }
)
_CATEGORY_ORDER = (
    "suicide",
    "medical",
    "self_harm",
    "harm_to_others",
    "abuse",
    "eating_disorder",
    "means",
)


@dataclass(frozen=True)
class _Doc:
    text: str
    sentences: tuple[int, ...]
    clauses: tuple[int, ...]


def _doc(text: str) -> _Doc:
    sentences = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    clauses = sorted(
        set(sentences)
        | {m.end() if m.group(0) in ',:"' else m.start() for m in _CLAUSE_BREAK.finditer(text)}
    )
    return _Doc(text, tuple(sentences), tuple(clauses))


def _sentence(doc: _Doc, m: re.Match[str]) -> tuple[int, int]:
    i = bisect_right(doc.sentences, m.start()) - 1
    j = bisect_right(doc.sentences, max(m.end() - 1, m.start()))
    stop = doc.sentences[j] if j < len(doc.sentences) else len(doc.text)
    return doc.sentences[max(i, 0)], stop


def _clause(doc: _Doc, m: re.Match[str]) -> tuple[int, int, int]:
    """Start of the previous clause, start and end of the clause holding the match."""
    i = max(bisect_right(doc.clauses, m.start()) - 1, 0)
    j = bisect_right(doc.clauses, max(m.end() - 1, m.start()))
    stop = doc.clauses[j] if j < len(doc.clauses) else len(doc.text)
    return doc.clauses[max(i - 1, 0)], doc.clauses[i], stop


def _negated(doc: _Doc, m: re.Match[str]) -> bool:
    """A negation cue shortly before the match, with no new subject in between."""
    _, start, _ = _clause(doc, m)
    words = _PSEUDO_NEGATION.sub(" ", doc.text[start : m.start()]).split()[-6:]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _SUBJECTS:
            return False
        if _NEGATION.fullmatch(words[i]):
            return True
    return False


def _general(doc: _Doc, m: re.Match[str], rule: _Rule) -> bool:
    """A topic word or a question about an unnamed, hypothetical person."""
    if rule.name in _METHOD_SEEKING:
        return False
    s_start, s_end = _sentence(doc, m)
    if rule.noun and _TOPIC_AFTER.match(doc.text, m.end()):
        return True
    # The frame must govern the match, not sit in an earlier, unrelated part of the sentence.
    start = max(s_start, m.start() - 70)
    for c in doc.clauses:
        if s_start < c <= m.start() and _FIRST_PERSON_START.match(doc.text, c):
            start = c
    if not (
        _GENERAL.search(doc.text, start, m.end())
        or _TOPIC_BEFORE.search(doc.text, s_start, m.start())
    ):
        return False
    return not _RECENT.search(doc.text, s_start, s_end)


def _distant_past(doc: _Doc, m: re.Match[str], rule: _Rule, strict: bool) -> bool:
    """A recovery story: an old time cue, a past-tense clause, and nothing recent nearby.

    Lemmas lose tense, so the lemma view (`strict=False`) only needs the time cue.
    """
    s_start, s_end = _sentence(doc, m)
    if _RECENT.search(doc.text, s_start, s_end):
        return False
    prev, start, stop = _clause(doc, m)
    if not _DISTANT.search(doc.text, max(prev, s_start), stop):
        return False
    return rule.noun or not strict or bool(_PAST.search(doc.text, start, stop))


def _accident(doc: _Doc, m: re.Match[str], rule: _Rule) -> bool:
    """An injury with an everyday cause: "burned myself on the stove"."""
    return rule.category == "self_harm" and bool(_ACCIDENT.match(doc.text, m.end()))


def _subject(doc: _Doc, m: re.Match[str], window: int = 30) -> Kind:
    """Whoever is named closest before the match; unnamed means the writer."""
    # The match's own first word counts too: "he is overdosing", "my client is ...".
    tokens = doc.text[: m.start()].split()[-window:] + m.group(0).split()[:1]
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i].strip('.,!?;:"')
        if tok in _FIRST:
            return "self"
        if tok in _THIRD or tok in _PERSON_WORDS:
            return "client"
        if tok == "my" and i + 1 < len(tokens) and tokens[i + 1].strip('.,!?;:"') in _MY_THINGS:
            return "self"
    return "self"


def _person(word: str) -> Kind | None:
    """Who a captured pronoun or noun phrase refers to, when it says."""
    first = word.split(maxsplit=1)[0]
    if first in ("me", "my", "myself", "i", "us", "ourselves", "yourself", "your", "you"):
        return "self"
    if first in _THIRD or first in _PERSON_WORDS:
        return "client"
    return None


def _kind(doc: _Doc, m: re.Match[str], rule: _Rule) -> tuple[Kind, str]:
    """Who is at risk, and the category (a victim hurt by the writer is harm to others)."""
    p = m.groupdict().get("p")
    named = _person(p) if p else None
    if rule.who == "victim":
        if named == "self":
            return "self", rule.category
        if _subject(doc, m, window=8) == "self" and _first_person_actor(doc, m):
            return "self", "harm_to_others"
        return "client", rule.category
    if rule.who == "p" and named is not None:
        if named == "self" and p in ("myself", "my") and _third_actor(doc, m):
            return "client", rule.category
        return named, rule.category
    return _subject(doc, m), rule.category


def _first_person_actor(doc: _Doc, m: re.Match[str]) -> bool:
    """The writer is the one doing it: "i hit her", "we beat him"."""
    return any(tok in ("i", "we") for tok in doc.text[: m.start()].split()[-2:])


def _third_actor(doc: _Doc, m: re.Match[str]) -> bool:
    """A "she wants to kms" reading: a third-person subject right before a first-person word."""
    _, start, _ = _clause(doc, m)
    for tok in reversed(doc.text[start : m.start()].split()[-6:]):
        if tok in ("i", "we"):
            return False
        if tok in ("he", "she", "they"):
            return True
    return False


def _scan(text: str, strict: bool) -> tuple[list[_Hit], set[str], _Doc]:
    """Rule matches that survive the context checks, and the names of all rules that matched."""
    doc = _doc(text)
    hits: list[_Hit] = []
    seen: set[str] = set()
    for rule in _rules():
        for m in rule.pattern.finditer(text):
            seen.add(rule.name)
            if (
                _negated(doc, m)
                or _general(doc, m, rule)
                or _distant_past(doc, m, rule, strict)
                or _accident(doc, m, rule)
            ):
                continue
            kind, category = _kind(doc, m, rule)
            hits.append(_Hit(kind, category, rule.name, m.start()))
            if kind == "self":
                break
        if hits and hits[-1].kind == "self" and hits[-1].category == _CATEGORY_ORDER[0]:
            break  # nothing outranks a self suicide signal; other rules cannot change the answer
    return hits, seen, doc


def _rank(hit: _Hit) -> tuple[bool, int, int]:
    """Self before client, then the more urgent category, then the earlier match."""
    category = _CATEGORY_ORDER.index(hit.category) if hit.category in _CATEGORY_ORDER else 99
    return hit.kind != "self", category, hit.start


def _best(hits: list[_Hit], doc: _Doc) -> Detection | None:
    """The top-ranked hit; "my client wants to die and so do i" makes it the writer's own."""
    if not hits:
        return None
    best = min(hits, key=_rank)
    if best.kind == "client" and _ME_TOO.search(doc.text, best.start):
        return Detection("self", best.category, best.rule + "+me_too")
    return Detection(best.kind, best.category, best.rule)


def detect(text: str, lemmas: Sequence[str] | None = None) -> Detection | None:
    """Return the most urgent risk signal in `text`, or None when there is none.

    `lemmas` (spaCy lemmas of the message tokens, in order) add recall for
    inflections the surface patterns do not list; a rule already seen on the text
    is judged on the text, which keeps tense for the past-versus-present check.
    """
    return assess(text, lemmas).detection


def assess(text: str, lemmas: Sequence[str] | None = None) -> Assessment:
    """Like `detect`, and also say whether risk words were seen and judged benign."""
    if not text or not text.strip():
        return Assessment(None, dismissed=False)
    hits, seen, doc = _scan(_normalise(text), strict=True)
    found = _best(hits, doc)
    dismissed = bool(seen) and not hits
    if (found is not None and found.kind == "self") or not lemmas:
        return Assessment(found, dismissed and found is None)
    lemma_hits, _, lemma_doc = _scan(_normalise(" ".join(lemmas)), strict=False)
    extra = [
        _Hit(h.kind, h.category, h.rule + ":lemma", h.start)
        for h in lemma_hits
        if h.rule not in seen
    ]
    if not extra:
        return Assessment(found, dismissed and found is None)
    from_lemmas = _best(extra, lemma_doc)
    if found is None or (from_lemmas is not None and from_lemmas.kind == "self"):
        return Assessment(from_lemmas, dismissed=False)
    return Assessment(found, dismissed=False)
