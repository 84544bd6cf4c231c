"""Deterministic crisis detector: pure stdlib, no model, no I/O.

`detect()` flags messages in which the writer (`self`) or someone they support or
know (`client`) may be at risk now: suicide and self-harm (direct, indirect, slang,
typos, Spanish and Spanglish), lethal means (researching lethality, stockpiling,
access), goodbyes and final arrangements, burden and time-limited intent, harm to
others, abuse and coercion, eating-disorder behaviour and medical emergencies,
including overdoses described only by their symptoms. Rules are written for families
of phrasing, not for single sentences. It is built for recall: a risk phrase is only
discarded when it is clearly negated, an idiom, a topic word in a training or protocol
question, a hypothetical about an unnamed person, an everyday farewell or accident, or
distant past in a recovery story. Anything else that matches is reported.
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
    gate: re.Pattern[str] | None = None  # a cheap test the text must pass first


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
        "bestie",
        "besties",
        "bff",
        "homie",
        "buddy",
        "housemate",
        "housemates",
        "flatmate",
        "classmate",
        "classmates",
        "sponsor",
        "sponsee",
        "stepson",
        "stepdaughter",
        "fiance",
        "fiancee",
        "spouse",
        "sibling",
        "parent",
        "parents",
        "grandson",
        "granddaughter",
        # Spanish, for Spanglish messages
        "amigo",
        "amiga",
        "cliente",
        "hermano",
        "hermana",
        "novio",
        "novia",
        "esposo",
        "esposa",
        "hijo",
        "hija",
        "primo",
        "prima",
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
        r"|someone|somebody|anyone|anybody|people|everyone|everybody|them all|them|him|her|"
        r"whoever|whomever|anyone who|the (?:guy|person|one|people|dude) who)"
        r"\b(?! (?:feelings?|chances|career|reputation|business|case|progress|recovery|trust|"
        r"pride|ego|credibility|standing|relationship|sobriety|up|back|with kindness|"
        r"a (?:text|message|line|note)|an email))"
    )


_PILLS = (
    r"(?:pills?|meds|medication|medications|tablets?|tylenol|paracetamol|acetaminophen|"
    r"advil|ibuprofen|benzos|xanax|insulin|lithium|seroquel|oxys?|percs|painkillers|"
    r"pain killers|antidepressants|sleeping pills|sleeping tablets|pain pills|klonopin|"
    r"valium|ativan|ambien|opioids|prescriptions?|aspirin|methadone|suboxone|subutex|"
    r"gabapentin|adderall|trazodone|zoloft|prozac|lexapro|wellbutrin|sertraline|quetiapine|"
    r"olanzapine|clonazepam|lorazepam|diazepam|alprazolam|oxycodone|hydrocodone|vicodin|"
    r"norco|tramadol|morphine|percocets?|benadryl|nyquil|sleeping meds|sleep meds|"
    r"sleep aids|scripts?|refills|doses|psych meds|anxiety meds|heart meds|pain meds|"
    r"blood pressure meds|muscle relaxers|antipsychotics|mood stabili[sz]ers|opiates|"
    r"narcotics|pastillas|medicinas|medicamentos)"
)
_QUANT = (
    r"(?:(?:way |like |about |maybe |almost |nearly |over |at least )?(?:all|a bunch|"
    r"a handful|a lot|lots|too? many|too? much|the whole|a whole|an entire|the entire|"
    r"(?:my|her|his|their) (?:whole|entire)|all of (?:my|her|his|their)|"
    r"every|loads|a load|\d+|double|triple|extra|a full|the full|half|most|ten|twenty|"
    r"thirty|forty|fifty|a hundred|a bottle|a box|a pack|the bottle|the rest))"
)
_SPLIT_OK = r"(?=\s*(?:$|[.,!?;:\"]))"
# "tell my supervisor i am sorry i will be late" is an apology, not a goodbye.
_NOT_LATE = (
    r"(?! (?:i will be|i am (?:running )?late|i missed|i can not make|i could not make|for "
    r"(?:being|the) (?:late|delay)|about the|for missing|i forgot))"
)
# A second final note after "thank you for everything" ("... i am done").
_FINAL_AFTER_THANKS = (
    r"\b(?:i am (?:so |just )?(?:done|out|finished)(?! (?:for (?:the|to)day|for the (?:day|"
    r"night|week)|with (?:work|my shift|the|this|that|my (?:notes|shift|paperwork|report))|"
    r"here for|at|early))|i can not (?:do this|anymore|any more)|i will not be (?:back|around)|"
    r"goodbye|good bye|farewell|love (?:you|u) all|i love you all|take care of (?:each other|"
    r"yourselves|my \w+)|it was (?:nice|good) knowing|do not blame|(?:for good|forever)"
    r"(?=\s*(?:$|[.,!?;:\"]))|i am sorry(?=\s*(?:$|[.,!?;:\"])))"
)
# Words that only a Spanish or Spanglish message has: the Spanish rules run only then.
_SPANISH = (
    r"\b(?:quiero|quiere|quieres|queria|quisiera|voy|va|vas|iba|pienso|piensa|pensando|ganas|"
    r"deseo|planeo|planea|intente|intento|trato|trata|ojala|estoy|esta|soy|siento|aguanto|puedo|"
    r"tiene|cansad[oa]|hart[oa]|agotad[oa]|acabar|despertar\w*|vivir|existir|desaparecer|"
    r"estarian|estaria|estan|seria|serian|estarias|matar\w*|morir\w*|suicid\w*|cortar\w*|"
    r"lastim\w*|quem\w*|hacer\w*|corte|corto|corta|cortan|cortaba|volvi|volvio|hice|hago|hizo|"
    r"hace|pega|pego|pegaba|pegan|pegaron|golpe\w*|viol\w*|ahorc\w*|estrangul\w*|maltrat\w*|"
    r"empuj\w*|pate\w*|manose\w*|amenaz\w*|forz\w*|oblig\w*|abus\w*|encerr\w*|encierra|"
    r"tome|tomo|trague|trago|tomaste|tomaron|tomar\w*|tragar\w*|deberia|debe|quiera)\b"
)
# A final note next to a farewell ("thank you for everything. goodbye") makes it a goodbye.
_FINAL = (
    r"\b(?:thank you for everything|thanks for everything|thank you for all of it|i mean it|"
    r"(?:i am |so |i am so |really |i am really )?sorry for everything|"
    r"i am (?:so |really |truly )?sorry(?=\s*(?:$|[.,!?;:\"]|for (?:everything|all of (?:this|"
    r"it)|this)|to (?:everyone|you all|all of you)))|forgive me|please forgive|"
    r"i love (?:you|u|you all|you guys|all of you|everyone|each of you)|love (?:you|u) all|"
    r"love you guys|take care of (?:each other|yourselves|my \w+|mom|dad)|"
    r"i am (?:so |just |completely |officially )?done(?! (?:for (?:the|to)day|for the "
    r"(?:day|night|week)|with (?:work|my shift|the|this|that|my (?:notes|shift|paperwork|"
    r"report))|here for|at|early))|i will not be (?:back|around)|"
    r"(?:for good|forever|for the last time)(?=\s*(?:$|[.,!?;:\"]))|"
    r"it was (?:nice|good|fun|great) (?:knowing|while it lasted)|you were (?:the only|nicer|"
    r"kinder|better|always)|do not blame|not (?:your|anyones|anybodys|their) fault|"
    r"nobodys fault|i tried|this is (?:it|the end)(?=\s*(?:$|[.,!?;:\"]))|"
    r"see you on the other side|in the next life|remember me|do not forget me|"
    r"no more pain|finally free|it is time(?=\s*(?:$|[.,!?;:\"]))|my time is up|"
    r"fue bonito mientras duro|los quiero|los amo|perdon por todo|perdonenme|cuidense)\b"
)
# Substance use next to an overdose symptom ("used again, lips going numb"). A weak
# symptom ("feel weird") only counts after a hard-drug or relapse cue, not after meds.
_USE_HARD = (
    r"shot up|shooting up|snorted|snorting|injected|smoked something|took something|"
    r"popped something|took (?:a|some) (?:hit|tab|bar|bars)|used (?:again|tonight|today|earlier|"
    r"last night|this morning|and|after)|using again|relapsed|got high|getting high|was high|"
    r"am (?:so )?high|so high|"
    r"did (?:a|some|a few|a couple(?: of)?) (?:lines?|bumps?|shots?|pills?|fent)|"
    r"used in (?:the|a|his|her|my|their) (?:bathroom|car|stall|alley|room|restroom)|lines|a fifth|"
    r"a bottle|a pint|laced|fent|fentanyl|heroin|dope|xanax|benzos?|oxys?|oxycodone|percs?|"
    r"percocets?|opioids?|opiates|molly|ecstasy|ketamine|ghb|meth|coke|cocaine|crack|"
    r"klonopin|valium|ativan|pressies|tranq|xylazine|on top"
)
_USE = (
    _USE_HARD
    + r"|pills|pill bottles?|empty bottles?|meds|methadone|suboxone|gabapentin|ambien|alcohol|"
    r"vodka|liquor|whiskey|tequila|beers|shots|drinks|edibles?|gummies|lean"
)
_SYMPTOM = (
    r"(?:can not|could not|can barely|hard to|struggling to|trouble) (?:keep(?:ing)? "
    r"(?:my|his|her|their) eyes open|stay(?:ing)? awake)|nodding (?:off|out)|"
    r"(?:lips|tongue|mouth|face|fingers|hands|arms|legs|body|fingertips) (?:is |are |feel |"
    r"feels |feeling |going |went |getting |gone |turned |turning )*(?:numb|tingly|tingling|"
    r"blue|purple|grey|gray)|(?:the )?(?:room|everything|world|my head) (?:is |keeps |"
    r"started )?spinning|heart (?:is )?(?:racing|pounding|beating (?:so |really )?(?:fast|"
    r"weird|hard|funny)|skipping|fluttering|doing something weird)|"
    r"(?:snoring|gurgling|breathing) (?:weird|weirdly|strange|strangely|funny|really loud|"
    r"slow|shallow|really slow|really shallow)|(?:making|made) (?:a )?"
    r"(?:gurgling|snoring|choking|rattling) (?:sound|noise)|breathing (?:is |got |has gone )?"
    r"(?:slow|shallow|weird|funny|really slow|so slow)|(?:will not|would not|is not|not) "
    r"(?:wake|waking|respond|responding)|(?:can not|could not) (?:stand|walk|move|feel "
    r"(?:my|his|her)|see straight|think straight)|slurring|slurred|hallucinat\w*|pinpoint|"
    r"seeing double|cold and clammy|chest (?:is )?tight|can not breathe|passing out|"
    r"pass out|passed out|slumped over|slumped|gasping|(?:can|could) (?:barely|hardly) "
    r"breathe|heart (?:will not|would not|can not|is not) "
    r"(?:slow down|stop "
    r"racing|stop pounding)|pupils (?:are |look |went )?(?:tiny|pinpoint|huge|really small|"
    r"like pins)"
)
_SYMPTOM_WEAK = (
    r"something (?:feels|is|felt) (?:really |very |so )?(?:wrong|off)|(?:feel|feeling|feels|"
    r"felt) (?:really |so |very |super |kind of |kinda )?(?:weird|strange|off|wrong|"
    r"out of it|like i am (?:going to (?:pass out|die)|dying)|drowsy|dizzy|faint)|"
    r"(?:kinda|so|really|very) scared|throwing up|vomiting|puking"
)
_ANY_SYMPTOM = _SYMPTOM + "|" + _SYMPTOM_WEAK
_USE_AND_SYMPTOMS = "|".join(
    (
        rf"\b(?:{_USE})\b.{{0,110}}?\b(?:{_SYMPTOM})\b",
        rf"\b(?:{_USE_HARD})\b.{{0,110}}?\b(?:{_SYMPTOM_WEAK})\b",
        rf"\b(?:{_SYMPTOM})\b.{{0,80}}?\b(?:{_USE_HARD})\b",
        rf"\b(?:{_ANY_SYMPTOM})\b.{{0,60}}?\b(?:it was|think it was|must have been|must be|was|"
        r"is|probably) (?:laced|fent|fentanyl|tranq|xylazine|cut with \w+|a bad batch)\b",
        rf"\b(?:{_ANY_SYMPTOM})\b.{{0,60}}?\b(?:after|since|from) (?:using|i used|he used|"
        r"she used|they used|taking|drinking|shooting up|smoking|snorting|i took|he took|"
        r"she took|they took|mixing|the pills|the (?:xanax|benzos|fent|fentanyl|dope|heroin|"
        r"molly|oxy))\b",
    )
)


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


def _r(
    name: str,
    category: str,
    pattern: str,
    who: _Who = "subject",
    noun: bool = False,
    *,
    gate: str | None = None,
) -> _Rule:
    compiled_gate = re.compile(gate) if gate else None
    return _Rule(name, category, re.compile(_word_lookaheads(pattern)), who, noun, compiled_gate)


@cache
def _rules() -> tuple[_Rule, ...]:
    """Build the rule table once, on first use."""
    person = _trie(_PERSON_WORDS | {"staff member"})
    obj = _object(person)
    # A body part's owner: "my wrists" (the writer) or "my peer's wrists" (someone else).
    possp = (
        r"(?:(?:my|our|the|a|this|that) (?P<owner>" + person + r")s?|(?P<p>my|his|her|their|your))"
    )
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
            r"(?:gone|dead|not here|not around)|if (?:i|he|she|they) (?:just )?(?:died|disappeared|"
            r"did not exist|never existed|was never born|stopped existing|stopped breathing|"
            r"was gone|were gone))\b(?! (?:for|while|during|on|at|this|next|"
            r"today|tomorrow|tonight|until))",
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
            r"\b(?:tonight|today|tomorrow|this weekend) is the (?:night|day)\b(?!\s*!|"
            r"(?: \w+){0,5}? "
            r"(?:first|party|concert|show|game|date|premiere|launch|group|training|presentation|"
            r"graduation|wedding|interview|exam|test|meeting|celebration|birthday))|"
            r"\b(?:i|he|she|they) (?:have |has |had |is )?(?:already |finally )?(?:picked|chosen|"
            r"chose|"
            r"set|decided on) (?:out )?(?:the|a|my|her|his|their) (?:date|day)\b(?! (?:for|of|to|"
            r"with|off))|\b(?:will|would|is going to|am going to|be) (?:be )?gone (?:by|before) "
            r"(?:the weekend|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|"
            r"sunday|next week|christmas|then|the end of (?:the|this) (?:week|month))\b|"
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
            r"\b(?:easiest|quickest|fastest|best|painless|simplest|surest|least painful|"
            r"most painless|most peaceful|quietest|cleanest|most reliable|least messy|"
            r"gentlest|surest) (?:way|ways|method|methods) to (?:die|kill (?:myself|yourself)|"
            r"end (?:it|my life)|go(?! (?:to|home|back|out|there|about|from|over|through|"
            r"with|into|in|on|up|down|forward|ahead))|overdose)\b|"
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
            r"imagined|planned|wrote|writing|fantasi[sz]\w* about|dream\w* about|"
            r"daydream\w* about|obsess\w* (?:about|over)|planning out) (?:my|her|his|their) "
            r"(?:own )?funeral\b|\b(?:playlist|songs?|music|outfit|photos?|pictures?|flowers|"
            r"speech|eulogy|hymns?) (?:called |named |titled |picked |chosen )?(?:for|at) (?:my|"
            r"his|"
            r"her|their) (?:own )?funeral\b|\b(?:my|his|her|their) (?:own )?funeral (?:playlist|"
            r"songs|outfit|plans?|arrangements)\b",
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
            r"is gonna|even)? ?(?:even )?(?:miss|notice|care about|remember|find|look for|"
            r"realize|know about) (?P<p>me|him|her|them)"
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
        # -- suicide: burden, absence and time limits (future tense)
        _r(
            "suicide.burden_future",
            su,
            r"\b(?P<p>i|he|she|they) (?:will not|would not|am not going to|is not going to|"
            r"are not going to|will no longer|will never) be (?:a |an |anyone is |anybody is |"
            r"everyone is |everybodys |anyones |anybodys |your |their |such a |the )?"
            r"(?:burden\b|(?:problem|bother|trouble)(?: \w+){0,4}? (?:much longer|for long|"
            r"anymore|any more|soon|to (?:anyone|anybody|everyone|everybody|you|them|my \w+|"
            r"his \w+|her \w+|their \w+))\b)",
            who="p",
        ),
        _r(
            "suicide.soon_gone",
            su,
            r"\b(?:soon|before long|shortly|one day soon|after (?:tonight|today|this weekend|"
            r"this week|friday|this))\b(?: \w+){0,4}? (?:will not|would not|will no longer|"
            r"will never|am not going to|is not going to|are not going to) (?:be (?:a |an |"
            r"anyone is |anyones |anybodys |everyones |your |their |the )?(?:problem|bother|"
            r"trouble|"
            r"around|here|alive|in (?:the|your|anyone is|anyones|everyones?|their) way)|have to "
            r"(?:deal with|"
            r"worry about|put up with|see|hear from) (?:me|him|her|them))\b",
        ),
        _r(
            "suicide.wont_have_to_deal",
            su,
            r"\b(?:(?:nobody|no one) (?:will|would|is going to)(?: ever)?|(?:you|they|"
            r"everyone|everybody|my family|people|you all|you guys|anyone|anybody|my \w+|"
            r"his \w+|her \w+) (?:will not|would not|is not going to|are not going to|"
            r"will never|will no longer|will not ever)) (?:have to|need to|be stuck|"
            r"get to) (?:deal(?:ing)? with|worry(?:ing)? about|"
            r"put(?:ting)? up with|take care of|look after|carry|support|babysit|check on|"
            r"clean up after|pay for|hear from|see) (?P<p>me|him|her|them)\b(?! (?:at|on|"
            r"during|for (?:the|a|this|that|one|two|\d+)|today|tomorrow|this|next|tonight|"
            r"while|until|till|when (?:i|he|she|they) (?:am|is|are) (?:away|off|out|on)|"
            r"for a (?:while|bit|few)|i will be|i am|he will be|she will be))",
            who="p",
        ),
        _r(
            "suicide.rid_of_me",
            su,
            r"\b(?:will|would|can|could|is going to|are going to|will finally|would finally|"
            r"can finally|will soon) (?:finally |soon )?(?:be )?(?:free of|rid of|done with) "
            r"(?P<p>me|us)(?=\s*(?:$|[.,!?;:\"]|and|forever|for good|finally|soon|once|"
            r"at last))",
            who="p",
        ),
        _r(
            "suicide.not_exist",
            su,
            r"\b(?:to|just|rather|i could|wish i could|i would love to|want to|i wanna) (?:just )?"
            r"(?:not|no longer|never) (?:exist|be alive|have existed|have been born|be born)\b|"
            r"\bnot (?:existing|being alive|being born)\b(?= (?:sounds|seems|feels|would|is|"
            r"must)| anymore| any more)|\bwish (?:i|he|she|they) (?:had |have )?never "
            r"(?:existed|exist)\b|\b(?:i|he|she|they) (?:should|would rather|could) (?:just )?"
            r"(?:not|never have) (?:exist|existed|be here|been born)\b",
        ),
        _r(
            "suicide.why_keep_going",
            su,
            r"\bwhy (?:even |should i |do i |would i |am i |bother |keep )?(?:keep |even |"
            r"bother |bothering )?(?:trying|going on|living|fighting|existing|waking up|"
            r"getting up|breathing|be alive|stay alive|staying alive|go on)"
            r"(?=\s*(?:$|[.,!?;:\"]|anymore|any more|at all|if|when|then))",
        ),
        _r(
            "suicide.done_permanently",
            su,
            r"\b(?:i am|i am just|i am so|i am really|i am officially|i am finally|i am honestly|"
            r"he is|she is|they are) (?:done|finished|out|through|tapping out|checking out)\b"
            r"[\s.,!;:\"]+(?:(?:with )?(?:everything|it all|all of it|life|living|this life|"
            r"this world|existing)[\s.,!;:\"]+)?(?:for good|permanently|forever|for ever|"
            r"for real this time|once and for all)\b(?! (?:with|at|from) (?:that|this|the|my|"
            r"those|these|those) (?!life\b))|\b(?:i am|i am just|i am so|he is|she is) "
            r"done[\s.,!;:\"]+with (?:everything|it all|life|living|all of it|this life|"
            r"existing|breathing|being alive)\b|\b(?:stop(?:ped)?|quit) (?:showing up|coming|"
            r"being around|waking up)[\s.,!;:\"]+(?:permanently|for good|forever)\b",
            gate=r"\b(?:done|finished|out|through|quit|stop|stopped)\b",
        ),
        _r(
            "suicide.see_myself_alive",
            su,
            r"\b(?:do not|can not|could not|no longer|honestly do not|really do not) "
            r"(?:see|picture|imagine) (?:myself|me|himself|herself|themselves|him|her|them) "
            r"(?:being |still |staying |)(?:alive|around|living|making it|surviving|"
            r"here (?:much longer|for long|by|after|past|anymore|any more|next))\b"
            r"(?! (?:in|at) (?:this|that|the|my) (?:job|agency|company|program|role|position|"
            r"field|organi[sz]ation|place|office|city|town|area|work))",
        ),
        _r(
            "suicide.time_limit",
            su,
            r"\b(?:want|wants|wanted|going|planning|plan|plans|ready|decided|about|need|"
            r"hoping|gonna) to end (?:it|it all|things|everything|my life|his life|her life|"
            r"their life)\b(?: \w+){0,2}? (?:after|before|when|once|by|this|next|tonight|"
            r"tomorrow|as soon as|on (?:my|his|her|the) (?:birthday|anniversary)|on "
            r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b|"
            r"\b(?:do not|does not|not) (?:plan|planning|intend|intending|expect|expecting) "
            r"(?:on |to )?(?:still )?(?:be|being) (?:here|around|alive)\b(?: \w+){0,2}? (?:for|by|"
            r"at|when|to see|next|after|much longer|long)\b|\b(?:will not|would not|am not going "
            r"to|not going to|is not going to|probably will not) be (?:around|here|"
            r"alive) (?:to see|"
            r"to watch|when (?:my|his|her) \w+ (?:grows?|graduat\w*|turns?|is born))\b|"
            r"\b(?:i|he|she|they) (?:do not think (?:i|he|she|they) will|will not|"
            r"am not going to|is not going to|are not going to|probably will not|might not) "
            r"(?:be (?:alive|here|around)|live|survive|make it|last) (?:to|until|till|for|on|"
            r"through|past|by|to see|long enough to see) (?:my |his |her |their |the |another |"
            r"next |this )?(?:\w+ )?(?:birthday|christmas|new year|new years|thanksgiving|holidays|"
            r"summer|winter|spring|next year|graduation|anniversary|the end of (?:the|this) "
            r"(?:week|month|year))\b|\b(?:this|it) (?:will be|is|is going to be) "
            r"(?:my|his|her|their) last (?:christmas|birthday|thanksgiving|summer|winter|"
            r"new year|new years|holiday|holidays|easter|night|weekend alive|week alive)\b"
            r"(?! (?:at|with|in|as|of|before|off|here|on the job|shift|in town|"
            r"working|living))",
        ),
        _r(
            "suicide.no_future_plans",
            su,
            r"\b(?:will not|would not|am not going to|is not going to|do not think "
            r"(?:i|he|she) will|will never|no point(?: in)?) (?:need to |have to |"
            r"bother |be needing to |going to )?(?:worry(?:ing)? about|pay(?:ing)?(?: off)?|"
            r"renew(?:ing)?|deal(?:ing)? with|plan(?:ning)? for|think(?:ing)? about|"
            r"sav(?:e|ing) for|fil(?:e|ing)|book(?:ing)?)(?: \w+){0,3}? (?:next (?:month|year|"
            r"week|semester)|rent|bills|loans|lease|retirement|the future|my future|debts?|"
            r"taxes)\b(?! s? ?(?:schedule|meeting|training|calendar|agenda|shift|newsletter|"
            r"report|event|group|class|session|rota))(?!(?: \w+){0,4}? (?:since|because|now that|"
            r"thanks to|once (?:i|the)|as|"
            r"with (?:the|my) (?:raise|new|grant)|if (?:i|the|we)))|\b(?:i|he|she|they) "
            r"(?:will not|am not going to|is not going to) (?:be needing (?:it|them|this|that|"
            r"these|those|any of (?:it|this|that|them)|my \w+)|need any of (?:it|this|that|"
            r"them|my \w+))(?=\s*(?:$|[.,!?;:\"]|anymore|"
            r"any more|where|after))",
        ),
        _r(
            "suicide.not_around_after",
            su,
            r"\b(?:if|when|once|in case) (?P<p>i|he|she|they) (?:am|is|are|end up|am ever|"
            r"is ever) (?:not (?:around|here|alive)|gone|dead|no longer (?:around|here|alive))"
            r"\b(?: \w+){0,2}? (?:after|by|past|anymore|any more|much longer|for good|"
            r"to (?:see|take care|look after|feed))\b",
            who="p",
        ),
        _r(
            "suicide.not_around_arrangements",
            su,
            r"\b(?:cat|cats|dog|dogs|pets?|kids|children|plants|fish|bird|rabbit|passwords?|"
            r"accounts?|stuff|things)\b.{0,60}?\bif (?P<p>i|he|she|they) (?:am|is|are|am ever|"
            r"end up) (?:not (?:around|here|alive)|gone|dead)\b(?! (?:for|on|until|till|during|"
            r"while|over|next|this|tomorrow|today|at|when))",
            who="p",
        ),
        _r(
            "suicide.only_thing_keeping",
            su,
            r"\bonly (?:thing|things|reason|reasons|one|person|people) (?:that is |that are |"
            r"that )?(?:keeping|keeps|keep|holding|stopping) (?:me|him|her|them) (?:here|alive|"
            r"going|around|from (?:doing it|ending it|killing|going through))\b(?! (?:today|this "
            r"(?:week|morning|afternoon|shift)|through (?:the|this) (?:day|week|shift|meeting)|at "
            r"(?:work|this job)|in this job)|(?: \w+){0,2} is (?:coffee|caffeine|music|my playlist|"
            r"snacks|the weekend|friday|payday|lunch|my team|the team))|\bonly reason "
            r"(?:i am|he is|she is|they are) (?:still )?(?:here|alive|around)\b|\b(?:relieved|"
            r"happier|better|lighter) "
            r"(?:when|if|once|after) (?:i am|i was|i were|he is|she is|they are) (?:gone|dead|"
            r"not around)\b",
        ),
        _r(
            "suicide.relieved_when_gone",
            su,
            r"\b(?P<p>i|he|she|they) (?:\w+ )?(?:think|thinks|know|knows|bet|bets|feel|feels|"
            r"figure|figures|am sure|is sure)\b.{0,40}?\b(?:grieve|mourn|cry|be sad|miss "
            r"(?:me|him|her|them))\b.{0,40}?\b(?:then|and|but) (?:\w+ )?(?:be |feel )?"
            r"(?:relieved|fine|better off|move on|get over it|forget (?:me|him|her|them))\b",
            who="p",
            gate=r"\b(?:grieve|mourn|cry|be sad|miss)\b",
        ),
        _r(
            "suicide.burdenless_world",
            su,
            r"\b(?:lighter|brighter|better place|a better place|calmer|simpler|nicer|"
            r"quieter|freer|less (?:stressful|of a mess|complicated)) (?:without "
            r"(?P<p>me|him|her|them)|with (?:me|him|her|them) gone)\b(?! (?:for|while|during|"
            r"on|at|this|next|today|tomorrow|tonight|until))",
            who="p",
        ),
        _r(
            "suicide.ideation_disclosed",
            su,
            r"(?<!vs )(?<!versus )(?<!and )(?<!or )\b(?:disclosed|disclosing|discloses|reported|"
            r"reports|reporting|endorsed|endorses|"
            r"endorsing|having|has|had|with|experiencing|active|passive|current|ongoing|"
            r"increased|increasing|positive for|talking about|some|thoughts of|struggling with|"
            r"admitted(?: to)?|expressed|expressing|voiced|screened positive for) (?:active |"
            r"passive |current |some |increased |more |worsening |strong )?(?:si|s i|"
            r"suicidal ideation|ideation)\b(?! (?:screening|screener|training|protocol|"
            r"assessment|questions?|scale|policy|module|mean|means|stands? for|is|vs|versus|"
            r"and (?:active|passive)|or (?:active|passive)|in (?:the |our |a |her |his |my |"
            r"their )?"
            r"(?:training|class|module|supervision|workshop|history|past)|history))"
            r"(?!.{0,40}\b(?:denies|denied|denying)\b)|\b(?:si|ideation) (?:with|and) "
            r"(?:a |an )?(?:plan|intent|means|method|date)\b",
            gate=r"\b(?:si|s i|ideation)\b",
        ),
        _r(
            "suicide.spanish",
            su,
            r"\b(?P<p>me|se|te) (?:quiero|quiere|quieres|queria|quisiera|voy a|va a|vas a|"
            r"iba a|pienso|piensa|puedo|puede|deberia|debe|quiera|estoy pensando en|esta "
            r"pensando en) (?:a )?(?:matar|suicidar|morir|quitar la vida|ir de este mundo|"
            r"ir de aqui para siempre)\b(?! de (?:risa|hambre|sueno|frio|calor|ganas|"
            r"verguenza|aburrimiento|amor|miedo|sed|cansancio))",
            who="p",
            gate=_SPANISH,
        ),
        _r(
            "suicide.spanish_infinitive",
            su,
            r"\b(?:quiero|quiere|queria|voy a|va a|vamos a|pienso en|piensa en|pensando en|"
            r"ganas de|deseo|planeo|planea|intente|intento|trato de|trata de) (?:matar|"
            r"suicidar|morir|quitar|desaparecer)(?P<p>me|se)\b(?!(?: de)? (?:risa|hambre|"
            r"sueno|frio|calor|ganas|verguenza|aburrimiento|amor|miedo|sed|cansancio))",
            who="p",
            gate=_SPANISH,
        ),
        _r(
            "suicide.spanish_jump",
            su,
            r"\b(?P<p>me|se) (?:quiero|quiere|voy a|va a|iba a|pienso|piensa|deberia) "
            r"(?:aventar|tirar|lanzar|arrojar)(?: \w+)? (?:del|de un|de una|desde|al|a las|a la|"
            r"por la|frente al|frente a)\b",
            who="p",
            gate=_SPANISH,
        ),
        _r(
            "suicide.spanish_wish",
            su,
            r"\b(?:no|ya no|nunca) (?:quiero|quiere|queria|deseo) (?:seguir )?(?:vivir|"
            r"viviendo|existir|estar aqui|estar viv[oa]|despertar|seguir aqui)\b|\bquiero "
            r"(?:desaparecer|estar muert[oa]|dormir para siempre|irme para siempre)\b|"
            r"\b(?:y |para )?no despertar(?:me)? (?:nunca|jamas|mas|otra vez)\b|\bdormir y no "
            r"despertar\b|\bme siento (?:como )?(?:una carga|un estorbo)\b|\bsoy un estorbo\b|"
            r"\b(?:cansad[oa]|harto|harta|agotad[oa]) de (?:vivir|la vida|existir|estar viv[oa])\b|"
            r"\bno tiene (?:ningun )?sentido (?:vivir|seguir viviendo|seguir|la vida|estar aqui|"
            r"existir)\b|"
            r"\bojala (?:estuviera muert[oa]|me muera|no despert\w*|no existiera|me muriera|"
            r"no hubiera nacido)\b|\b(?:estarian|estaria|estan|seria|serian|estarias) mejor "
            r"sin (?:mi|el|ella)\b|\bsoy una carga\b|\b(?:no aguanto|ya no puedo|no puedo) "
            r"mas(?=\s*(?:$|[.,!?;:\"]|bro|con esto|con esta vida|con la vida))|\bacabar con "
            r"(?:mi vida|su vida|todo|mi propia vida)\b|\bme quiero ir(?= de este mundo|"
            r"\s*(?:$|[.,!?;:\"]|para siempre))",
            gate=_SPANISH,
        ),
        _r(
            "suicide.command_voices",
            su,
            r"\bvoices?\b(?: \w+){0,4}? (?:telling|tell|tells|told|saying|say|says|ordering|"
            r"order|orders|commanding|command|commands|want|wants|wanted|keep telling|"
            r"keeps telling|urging) (?P<p>me|him|her|them) (?:to |(?:that )?(?:i|he|she|they) "
            r"(?:should|deserve to|have to|need to|must) )?(?:kill|hurt|harm|die|jump|cut|end|"
            r"stab|shoot|hang|drown|burn|attack|poison|overdose|walk into|step in front|"
            r"do it|deserve to die|should die|be dead|disappear|starve|stop eating)\b",
            who="p",
            gate=r"\bvoices?\b",
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
            r"(?:(?:my|each of my|all (?:of )?my) (?:little |younger |baby |older |big |best )?"
            r"(?:family|kids|children|parents|mom|mum|dad|partner|wife|husband|sisters?|"
            r"brothers?|siblings|loved ones|friends|nieces?|nephews?|son|daughter|people)|"
            r"everyone|everybody|family|them all|each of them)\b|"
            r"\b(?:goodbye|final) (?:note|letter|letters|notes|video|post)\b|\blast (?:night|day|"
            r"week|hours?|moments?) (?:on earth|alive|of my life)\b|\b(?:letter|letters|"
            r"note|notes|email|message|video) (?:explaining|to explain) (?:everything|why|it all|"
            r"my decision|my reasons)\b",
        ),
        _r(
            "goodbye.said_goodbyes",
            su,
            r"\b(?:said|saying|say|says|text(?:ed|ing|s)?|sent|sending|send|posted|posting|"
            r"wrote|writing|messaged|messaging) (?:me |us |everyone |her |him )?"
            r"(?:my |her |his |their |a |the )?(?:goodbyes?|good byes?|farewells?)\b"
            r"(?! (?:to (?:(?:the|my|our|his|her) )?(?:team|group|coworkers|colleagues|class|"
            r"agency|office|clients?|program|staff|group members?|members?|participants?|peers?|"
            r"caseload|students?)|party|cards?|lunch|email|speech|at))",
        ),
        _r(
            "goodbye.wont_hear_from",
            su,
            r"\b(?:you|nobody|no one|anyone|everyone|they|you all|yall) (?:will not|"
            r"would not|are not going to|will never|is not going to) (?:hear from|see|hear) "
            r"(?P<p>me|him|her|them) (?:again|anymore|any more|after (?:tonight|today|this \w+|"
            r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)|ever again)\b",
            who="p",
        ),
        _r(
            "goodbye.affairs_in_order",
            su,
            r"\b(?:put|putting|puts|get|getting|got|have|had) " + _POSS + r" affairs in order\b|"
            r"\b(?:affairs|paperwork|papers|finances|stuff|things|accounts|documents) (?:in order|"
            r"sorted|together)\b.{0,20}?\bso (?:that )?(?:nobody|no one|my \w+|his \w+|her \w+|"
            r"they|everyone|their \w+) (?:is not|are not|will not be|would not be|does not|do not|"
            r"will not|would not) (?:be )?(?:stuck|left|burdened|have to (?:deal|clean|sort|"
            r"figure|handle))\b(?!.{0,40}\b(?:leave|vacation|away|out|off|retire|moving|holiday|"
            r"pto)\b)",
            who="p",
        ),
        _r(
            "goodbye.by_tomorrow",
            su,
            r"\b(?:by|after) (?:tomorrow|tonight|morning|the morning|next week|the weekend|then|"
            r"monday|this time tomorrow|today|this weekend) (?:none of (?:this|it)|nothing|it|this|"
            r"i|all of this|everything) "
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
            r"\btell (?:my (?!(?:clients?|group|team|peers?|caseload|participants?|members?|"
            r"coworkers?|colleagues?|staff|class|students?)\b)\w+|them|everyone|her|him|"
            r"my family) (?:that )?"
            r"(?:i am sorry|"
            r"i love (?:them|her|him|you)|i am so sorry|goodbye|i said goodbye)\b" + _NOT_LATE,
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
        # -- goodbyes: farewells with a final note, notes to be found, going quiet
        _r(
            "goodbye.farewell_final",
            su,
            r"\b(?:goodbye|good bye|farewell|adios|bye(?! for now)(?! (?:for now|til|till|"
            r"until|see you|talk soon|ttyl|have a)))\b.{0,160}?"
            + _FINAL
            + r"|"
            + _FINAL
            + r".{0,160}?\b(?:goodbye|good bye|farewell|adios|"
            r"bye(?= *(?:$|[.,!?;:\"]|everyone|everybody|all|world|guys|forever)))\b",
            gate=r"\b(?:goodbye|good bye|farewell|adios|bye)\b",
        ),
        _r(
            "goodbye.final_pair",
            su,
            r"\b(?:thank you for everything|thanks for everything|sorry for everything|"
            r"thank you for all of it)\b.{0,100}?" + _FINAL_AFTER_THANKS,
            gate=r"\b(?:for everything|for all of it)\b",
        ),
        _r(
            "goodbye.arrangements",
            su,
            r"\b(?:made|making|make) (?:my )?peace(?: with (?:everyone|everybody|everything|"
            r"it all|my family|god|dying|death|leaving)\b|(?=\s*(?:$|[.,!?;:\"])))|"
            r"\b(?:make sure|promise|please) (?:that )?(?:my|her|his) (?:cat|cats|dog|dogs|pets?|"
            r"kids|children|plants|fish|bird|rabbit|stuff|things) (?:goes|go|gets|get|ends? up) "
            r"(?:to|with) (?:my|her|his|a good|someone|somebody)\b(?!(?: \w+){0,4}? (?:while|when|"
            r"during|this|for the|tomorrow|tonight|next))|\bwho (?:gets|will get|should get|"
            r"can have|can take) (?:(?:what|it|them|each)(?=\s*(?:$|[.,!?;:\"]|when|after|if))|"
            r"my (?:stuff|things|"
            r"belongings|car|cat|dog|money|savings|guitar|clothes|\w+))\b|\b(?:updat\w*|chang\w*|"
            r"nam\w*|set(?:ting)? up|"
            r"check\w*|sort\w*|finaliz\w*) (?:my |the |her |his )?(?:beneficiar\w*|"
            r"life insurance (?:beneficiary|policy|payout))\b|\b(?:dog|cat|pets?|kids|"
            r"children|fish|bird|rabbit|plants)\b.{0,40}?\bfor good\b(?= *(?:$|[.,!?;:\"]))"
            r"(?!.{0,60}\b(?:moving|moved|move|relocat\w*|allergic|allergies|overseas|"
            r"new (?:apartment|place|job|house)|landlord)\b)|"
            r"\bdeleted (?:all )?(?:of )?(?:my )?(?:socials|social media|accounts|instagram|"
            r"facebook|snapchat|snap|tiktok|twitter)\b.{0,60}?\b(?:bye|goodbye|farewell|"
            r"for good|forever|permanently)\b",
        ),
        _r(
            "goodbye.signing_off",
            su,
            r"\b(?:tap|tapping|tapped|check|checking|checked|sign|signing|signed|log|logging|"
            r"logged|bow|bowing|bowed|clock|clocking|clocked|peace|peacing|bail|bailing|"
            r"step|stepping|opt|opting|cash|cashing) (?:out|off)(?: of (?:here|life|this life|"
            r"this world|everything|existence))?[\s.,!;:\"]+(?:for good|permanently|forever|"
            r"for ever|for the (?:last|final) time|of life|once and for all)\b",
            gate=r"\b(?:out|off)\b",
        ),
        _r(
            "goodbye.found_note",
            su,
            r"\b(?:whoever|if anyone|if someone|if somebody|if anybody|when someone|"
            r"when somebody|when anyone|for whoever|for whomever|to whoever|to whomever) "
            r"(?:finds?|reads?|found) (?:this|me|my (?:body|phone|note|letter|notes))"
            r"(?=\s*(?:$|[.,!?;:\"]|note|letter|message|post|first|i am|please|later|one day|"
            r"someday|after|when))|"
            r"\bby the time (?:you|anyone|anybody|someone|somebody|they|you all|you guys|"
            r"everyone) (?:reads?|sees?|finds?|gets?|hears?|opens?) (?:this|these|my)\b|"
            r"\bif you are reading this\b.{0,40}?\b(?:i am (?:already )?(?:gone|dead|sorry|"
            r"not here|no longer)|it is (?:too late|over|done)|i (?:did it|love|am sorry|"
            r"went through))",
        ),
        _r(
            "goodbye.not_their_fault",
            su,
            r"\b(?:tell|let|make sure) (?:my (?:\w+ ){0,3}?\w+|them|everyone|everybody|her|him|"
            r"all of them|the (?:\w+ ){0,2}?\w+|people|my family)(?: know)? (?:that )?"
            r"(?:(?:i am|i was) (?:so |really |truly )?sorry"
            + _NOT_LATE
            + r"|i love (?:them|her|him|you|"
            r"all of you|each of them|everyone)|i will miss (?:them|her|"
            r"him|everyone)|(?:it|this|none of this|none of it|this whole thing|what i did|"
            r"what happened) (?:was|is|was never|is never)(?: not)? (?:(?:their|her|his|your|"
            r"anyones|anybodys|nobodys|any of their|my \w+ s) (?:fault|doing)|on (?:him|her|them|"
            r"you|my \w+))|not to blame "
            r"(?:themselves|herself|himself|yourself|yourselves)|i tried)\b|"
            r"\b(?:do not|never|please do not|try not to) blame (?:(?:yourselves|anyone|anybody|"
            r"each other|yourself|my \w+) for (?:this|what (?:i|he|she) (?:did|am about|is "
            r"about|was about|am going|have done|do)|my (?:death|choice|decision))|"
            r"(?:yourselves|anyone|anybody|each other)(?=\s*(?:$|[.,!?;:\"])))\b|"
            r"\bthis is (?:the end|it) for (?:me|him|her|them)\b(?! (?:at|in|with|here|on))",
        ),
        _r(
            "goodbye.nice_knowing",
            su,
            r"\b(?:it was|it has been|been|was) (?:nice|good|great|an honou?r|a pleasure|"
            r"a privilege|fun) knowing (?:you|all of you|you all|everyone|you guys|everybody|"
            r"each of you)\b|\bsee (?:you|ya|you all|everyone|you guys|yall) (?:all )?"
            r"(?:on the other side(?! of)|in (?:the )?(?:next|another|other) life|"
            r"in heaven|in the afterlife)\b",
        ),
        _r(
            "goodbye.wont_be_back",
            su,
            r"\b(?P<p>i|he|she|they) (?:will not|am not going to|is not going to|"
            r"are not going to|will never) (?:be (?:back|coming back|returning|around|on here|"
            r"checking in)|come back|return|be seeing (?:you|anyone|anybody))\b"
            r"(?=\s*(?:$|[.,!?;:\"]|again|ever|anymore|any more|for good|after (?:tonight|"
            r"today|this)|or anywhere|at all)|(?: (?:to|at) (?:the )?\w+(?: \w+)?)[\s.,]*"
            r"(?:again|ever|anymore|any more|or anywhere|or ever))|"
            r"\b(?:will not|am not going to|is not going to|will never)\b(?: \w+){1,8}? or "
            r"(?:ever again|ever|anywhere|anywhere else|any (?:\w+ )?(?:after|since) "
            r"(?:that|this))(?=\s*(?:$|[.,!?;:\"]|probably|"
            r"i think|really))|\b(?:you|nobody|no one|anyone|everyone|they|you all|you guys|"
            r"people) (?:will not|would not|are not going to|will never|is not going to) "
            r"(?:be )?(?:hearing from|seeing|hear (?:much )?from) (?:me|him|her|them) "
            r"(?:again|anymore|any more|after (?:tonight|today)|ever again)\b|\blast time "
            r"(?:i will|i am going to|you will|anyone will) (?:be )?(?:checking in|check in|"
            r"posting|post|logging on|messaging|writing|texting|reaching out|on here|"
            r"talking)\b",
            who="p",
        ),
        _r(
            "goodbye.gone_quiet",
            su,
            r"\b(?:note|notes|letter|letters|goodbye|good bye|farewell|goodbyes|last message|"
            r"final message|"
            r"(?:weird|strange|scary|worrying|worrisome|alarming|cryptic|dark) (?:message|"
            r"text|post|voicemail|story)|nice knowing|the other side|thank you for everything|"
            r"thanks for everything|sorry for everything|love you all|love u all|"
            r"take care of (?:each other|my \w+))\b.{0,100}?\b(?:(?:is|are|has|have) not "
            r"(?:been )?(?:answering|responding|picking up|replying|reachable|seen|heard from|"
            r"home|back)|(?:not|stopped) (?:answering|responding|picking up|replying)|"
            r"phone (?:is|was) (?:off|dead|going (?:straight )?to voicemail)|"
            r"(?:can not|could not|nobody can|no one can|nobody could|no one could) (?:reach|"
            r"find|get (?:a )?hold of|contact) (?:her|him|them)|(?:went|is|has gone|have gone) "
            r"missing|(?:nobody|no one) knows where|took (?:off|the car|his car|her car|"
            r"their car)|drove off|left (?:the house|home)|disappeared|walked out|ran out|"
            r"(?:he|she|they) (?:is|are|was) gone(?! for| until| till| to| on)|"
            r"stormed out|left the building)\b",
        ),
        _r(
            "goodbye.no_longer_needed",
            su,
            r"\b(?:giv\w*|gave|sold|selling|sell|donat\w*|cancel\w*|clos(?:ed|ing) (?:out )?"
            r"my)\b(?: \w+){0,6}? (?:away|off)?\b.{0,60}?"
            r"\b(?:(?P<p>i|he|she|they) )?(?:will not|would not|am not going to|is not going to|"
            r"are not going to|do not|does not) (?:need|be needing|be using|use)\b(?: \w+){0,2}?"
            r"(?=\s*(?:$|[.,!?;:\"]|anymore|any more|where|after))|\bwhat (?:to do|happens|"
            r"will happen|should happen) (?:with|to) (?:my|his|her) (?:stuff|things|belongings|"
            r"cat|dog|pets?|kids|accounts|body|money|apartment)(?: \w+){0,2}? (?:after(?=\s*(?:$|"
            r"[.,!?;:\"]))|after (?:i|he|she|they) (?:die|dies|am gone|is gone|go)|when (?:i am|"
            r"he is|she is) gone|once (?:i am|he is|she is) gone|if (?:i|he|she) (?:die|dies))|"
            r"\b(?:do it|end it|go)\b(?: \w+){0,3}? after (?:my|his|her|their) last (?:shift|day|"
            r"class|session|paycheck|appointment)\b",
            who="p",
        ),
        _r(
            "goodbye.giving_away_treasures",
            su,
            r"\b(?:giv(?:e|es|ing|en)|gave) away (?:all |most |some |all of |most of |"
            r"some of )?(?:my|his|her|their) (?:guitar|instruments?|plants|jewel(?:le)?ry|"
            r"ring|watch|art|artwork|games|console|xbox|playstation|switch|collection|records|"
            r"vinyl|bike|camera|laptop|savings|money|books|tools|journals?|paintings|"
            r"favou?rite \w+|prized \w+|most prized \w+)\b(?!(?: \w+){0,3}? (?:(?:before|"
            r"because|since|as) (?:i|we|she|he|they|the) (?:am |is |are |was )?(?:move|moving|"
            r"relocat\w*|leav\w*|downsiz\w*|declutter\w*)|to (?:the|a) (?:shelter|thrift|"
            r"donation|goodwill|charity|library)))|"
            r"\bgave (?:me|us|her|him|them|"
            r"everyone) (?:his|her|their) (?:watch|ring|guitar|necklace|jewel(?:le)?ry|"
            r"favou?rite \w+|prized \w+|dog|cat|car|keys)\b.{0,60}?\b(?:keep|have it|"
            r"remember|will not need|for good)\b|\btying up (?:all )?(?:my |the |his |her )?"
            r"loose ends\b(?! (?:at|before (?:vacation|leave|my (?:leave|vacation|trip)|the)|"
            r"on (?:the|my|this|that)|with (?:the|my|this)|for (?:the|my|this)|at work|"
            r"from)\b)|\b(?:making|made|make) (?:sure )?(?:my|his|her|the) (?:cat|cats|dog|dogs|"
            r"pets?|kids|plants) (?:is|are|will be|gets?) (?:taken care of|looked after|"
            r"rehomed|adopted)\b(?! (?:while|when|during|for|on))",
        ),
        # -- lethal means and methods
        _r(
            "means.pills_taken",
            md,
            r"\b(?:took|taken|swallowed|ate|downed|popped|od on|overdosed on|have taken) "
            + _QUANT
            + r"(?: \w+){0,4}? "
            + _PILLS
            + r"\b(?! (?:as prescribed|on time|correctly|every day|daily|regularly|with food|"
            r"like (?:i am|you are|she is|he is|they are) supposed to|this week))",
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
            + r"\b(?!(?: \w+){0,4}? (?:for (?:my|the|a|her|his) (?:client|pharmacy|blister|"
            r"organi[sz]er|inventory|refill|audit)|blister|organi[sz]er|inventory|count|take ?back|"
            r"disposal))|\benough " + _PILLS + r"\b|\b" + _PILLS + r" saved\b|"
            r"\b(?:bottle|handful|pile|stack|box) of " + _PILLS + r" (?:next to|in front of|"
            r"beside|in) (?:me|my hand|my bag|my lap)\b|\b(?:have|got|holding|hold) "
            r"(?:a |the )?(?:bottle|handful|bag|stash) of (?:(?:my|her|his|their) \w+ )?"
            + _PILLS
            + r"\b|\b"
            + _PILLS
            + r" (?:hidden|hid|stashed|tucked) (?:in|under|behind|inside) "
            r"(?:my|the|her|his) (?:room|drawer|closet|car|bag|sock|socks|mattress|pillow|desk|"
            r"bathroom|backpack|purse)\b",
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
            r"the |my |her |his )?rope\b(?! (?:course|ladder|swing|lights?|lighting|toy|"
            r"bracelet|basket|bowl|shelf|for (?:the|a) (?:tent|boat|climbing|gym|swing)))|"
            r"\bnoose\b",
        ),
        _r(
            "means.height",
            su,
            r"\b(?:standing|stood|sitting|sat|climbing|climbed|up) (?:on|at|over) (?:the |a |"
            r"this |that )?(?:edge of (?:the |a |this |that )?)?(?:\w+ ){0,2}?(?:bridge|ledge|"
            r"roof|rooftop|cliff|balcony|railing|overpass)\b|\b(?:am|is|are) (?:on|at) (?:the |a |"
            r"this )?"
            r"(?:edge of (?:the |a )?)?(?:bridge|ledge|roof|rooftop|cliff|balcony|railing|"
            r"overpass)\b(?! (?:in|into|to|team|club|on \w+ street|program|programme|project|"
            r"course|committee|board|loan|housing|grant))",
        ),
        _r(
            "means.highest_bridge",
            su,
            r"\b(?:highest|tallest) (?:bridge|building|cliff|point|place to jump)\b|"
            r"\b(?:bridge|building|cliff|roof) is (?:the )?(?:highest|tallest)\b|"
            r"\bhigh enough to (?:die|kill)\b|\bhow (?:high|tall|far|many (?:floors|stories)) "
            r"(?:does|do|would|should|will) (?:a |the |you )?(?:building|bridge|fall|drop|jump|"
            r"cliff|"
            r"roof|floor|balcony|window|it|need|have)\b(?: \w+){0,3}? (?:need to be|have to be|"
            r"to be|to (?:die|kill|be fatal|be sure)|be fatal|need to fall|to jump)\b",
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
            r"\b(?:(?:engine|motor) (?:is |was )?(?:running|on|started)|car (?:is |was )?running)\b"
            r".{0,40}?\bgarage\b|\bgarage\b.{0,60}?\b(?:(?:engine|motor) (?:is |was )?(?:running|"
            r"on|started)|car (?:is |was )?running)\b|"
            r"\bcarbon monoxide\b|\bexhaust (?:pipe|fumes)\b",
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
            r"loading|cleaning|holding|hold|held|grabbed|grab|found|carry|carrying|access to) "
            r"(?:a |my |his |her |their |the |some |an )?(?!(?:glue|nail|squirt|water|nerf|"
            r"heat|staple|spray|toy|paint|caulk|massage|temperature) )(?:\w+ )?(?:gun|guns|"
            r"firearm|firearms|pistol|rifle|handgun|shotgun|revolver|glock)\b",
        ),
        _r(
            "means.how_many_would_it_take",
            su,
            r"\b(?:googl\w*|look(?:ed|ing)? up|search(?:ed|ing)?|research\w*|reading (?:up )?"
            r"(?:on|about)|read (?:up )?(?:on|about)|check(?:ed|ing)|asked|asking|figur\w* "
            r"out|work(?:ed|ing)? out|calculat\w*) how (?:many|much)\b(?: \w+){0,5}? "
            r"(?:(?:would|will|does|did|should|could|might|do|it)(?: it)? (?:takes?|kill|need)|"
            r"(?:is|are|would be) (?:too (?:much|many)|lethal|fatal|deadly|enough|an overdose|"
            r"dangerous))\b|"
            r"\bhow (?:many|much)(?: of)?(?: (?:them|those|these|it|that|my \w+|her \w+|his \w+|"
            r"the \w+|" + _PILLS + r"))?(?: (?!(?:hours|days|weeks|months|years|minutes|"
            r"people|staff|sessions|credits|ceus|dollars|money|points|steps|volunteers|clients|"
            r"peers|times|units|classes|trainings?|modules|signatures|votes)\b)\w+)? "
            r"(?:would|will|does|did|should|could|might|do)(?: it)? (?:take|kill)"
            r"(?=\s*(?:$|[.,!?;:\"]|to (?:die|kill|not wake|never wake|overdose|od|stop (?:my|"
            r"your|a|the) heart|be (?:lethal|fatal|enough)|end it|do it|make it stop|"
            r"go to sleep|pass out|knock (?:me|you|someone) out|work)|for (?:me|someone|"
            r"a person|an adult|my weight|it to (?:work|be fatal|be lethal))))",
        ),
        _r(
            "means.lethality",
            su,
            r"\b(?:lethal|fatal|deadly|kill you|kill a person|kill someone|kill me|stop "
            r"(?:your|my|the|a) heart) (?:with|when (?:mixed|combined|taken) with|if (?:mixed|"
            r"combined|taken) with|if you mix|mixed with|combined with|in combination with|"
            r"together with|on top of|if you take)\b|\b(?:what|which|how much|how many)\b"
            r"(?: \w+){0,6}? (?:is|are|would be|will be|be|would|will|can|could) "
            r"(?:lethal|fatal|deadly|kill (?:you|me|a person|someone|an adult))\b"
            r"(?! means)|\b(?:what|which|how much|how many)\b.{0,40}?\b(?:would|will|could|can|"
            r"might) (?:stop (?:your|my|the|a|someones) heart|kill (?:you|me|someone|a person|"
            r"an adult))\b|\b(?:how much|how many|what amount|what dose|what dosage)\b"
            r"(?: \w+){0,5}? (?:causes?|cause|would cause|will cause|leads? to|to cause|to get|"
            r"gives? you|to give) (?:liver failure|organ failure|liver damage|kidney failure|"
            r"cardiac arrest|heart failure|death|a fatal|an overdose|respiratory failure)\b|"
            r"\b(?:lethal|fatal|deadly) (?:combination|combo|mix|mixture|"
            r"quantity)s?\b|\b(?:before|until|till) (?:it|they|that|they would|it would) "
            r"(?:kills?|would kill|will kill|stops? (?:your|my|the) heart) (?:you|me|a person|"
            r"someone|somebody|an adult)\b|\b(?:max|maximum|most) (?:you|i|a person|someone) "
            r"(?:can|could) (?:take|swallow|drink)\b",
        ),
        _r(
            "means.death_research",
            su,
            r"\b(?:what happens|how long (?:does it take|it takes|would it take|until|before)|"
            r"how it feels|what it feels like|what does it feel like|does it hurt|is it painful|"
            r"how painful (?:is it|it is)|would it hurt|how fast)\b(?: \w+){0,6}? (?:die|dies|"
            r"dying|drown|drowning|bleed out|bleeding out|hang|hanging|overdose|overdosing|"
            r"suffocate|suffocating|stop breathing|get hit by a (?:train|car|truck|bus)|"
            r"freeze to death|jump off|fall from|slit|pass out and die)\b",
        ),
        _r(
            "means.forums",
            su,
            r"\b(?:reading|read|watching|watched|researching|looking at|looked at|browsing|"
            r"found|joined|lurking on)(?: \w+){0,4}? (?:forums?|threads?|subreddits?|posts|"
            r"sites?|websites?|videos?|stories|groups?) (?:about|on|where|with) (?:how (?:people|"
            r"someone|you|to|they) (?:do it|did it|end it|ended it|go|kill|die|od|overdose|hang)|"
            r"people who (?:did it|killed|ended|died|jumped|hanged|overdosed)|(?:suicide|"
            r"self harm) methods|methods)\b",
        ),
        _r(
            "means.enough_to",
            su,
            r"\b(?:take|taking|took|swallow|swallowing|drink|drinking|inject|injecting) enough "
            r"(?:of )?(?:\w+ ){0,2}?(?:" + _PILLS + r"|\w+)\b.{0,40}?\b(?:fall asleep|"
            r"die|not wake|never wake|stop (?:breathing|your heart|my heart)|pass out|is it "
            r"painless|does it hurt|kill)\b|\b(?:fall asleep|die|not wake up|never wake up|"
            r"stop breathing)\b.{0,40}?\b(?:if|when) (?:you|i|someone|a person) (?:take|takes|"
            r"took|swallow|swallows|drink|drinks) (?:enough|too much|too many|a lot|a bunch|"
            r"the whole)\b",
        ),
        _r(
            "means.rehearsal",
            su,
            r"\b(?:keep|keeps|kept|been|have been|has been) (?:going|driving|walking|visiting|"
            r"standing|sitting|hanging out|parking|staring)(?: \w+){0,2}? (?:to|past|by|at|on|"
            r"near|under|over|off) (?:the|a|that) (?:\w+ )?(?:bridge|tracks|train tracks|"
            r"overpass|cliff|ledge|roof|rooftop|parking garage|edge)\b|\b(?:looking at|"
            r"checking|studying|memori[sz]ing) (?:the )?(?:train|rail) (?:schedule|times)\b"
            r"(?: \w+){0,3}? (?:differently|if you know|for reasons|again)|"
            r"\b" + _PILLS + r"\b.{0,60}?\bso (?:i|he|she|they) (?:would|will|could|can|"
            r"have|has|had) (?:have )?enough\b",
            gate=r"\b(?:enough|keeps?|kept|been|train|rail)\b",
        ),
        _r(
            "means.death_searched",
            su,
            r"\b(?:googl\w*|look\w* up|search\w*|research\w*|reading (?:up )?(?:on|about)|"
            r"read (?:up )?(?:on|about)|watch\w* videos (?:on|"
            r"about))(?: \w+){0,2}? (?:what happens|"
            r"how long (?:it takes|does it take|until)|how it feels|what it feels like|"
            r"does it hurt|"
            r"is it painful|how painful)\b(?: \w+){0,6}? (?:die|dies|dying|drown|drowning|"
            r"bleed out|hang|hanging|overdose|overdoses|overdosing|od|suffocate|stop breathing|"
            r"jump|freeze to death)\b",
        ),
        _r(
            "means.stockpile",
            su,
            r"\b(?:stash\w*|stockpil\w*|squirrel\w*(?: away)?|putting away|put away|"
            r"collect\w*|hoard\w*|sav(?:e|es|ed|ing)|"
            r"putting aside|put aside|setting aside|set aside|holding onto|hanging onto|"
            r"hang onto|hold onto|saving up) (?:all )?(?:of )?(?:my |her |"
            r"his |their |the )?(?:\w+ ){0,2}?" + _PILLS + r"\b(?!(?: \w+){0,4}? (?:take ?back|"
            r"disposal|to dispose|to turn in|to drop off|for (?:the )?(?:pharmacy|drop off|"
            r"disposal)))|\b(?:stash|stockpile|hoard|"
            r"collection|pile|drawer|drawer full|bag|bagful|shoebox) of (?:old |unused |extra |"
            r"leftover )?" + _PILLS + r"\b|\benough (?:of )?(?:my |her |his |their |the )?"
            r"(?:\w+ ){0,2}?" + _PILLS + r"\b|\b" + _PILLS + r"(?: \w+){0,3}? (?:put aside|"
            r"set aside|stashed|hidden|saved up|stockpiled) (?:for|in case|until)\b|"
            r"\benough\b(?: \w+){0,6}? to (?:make it (?:all )?stop|end (?:it|things|everything|"
            r"my life|his life|her life)|not wake up|never wake up|make sure (?:i|he|she|"
            r"they) (?:do not|does not|never) wake up|die|kill (?:myself|me|a horse|himself|"
            r"herself|themselves|someone)|overdose|od|go to sleep forever|stop (?:my|his|her) "
            r"heart)\b",
            gate=r"\b(?:enough|stash|stockpil|squirrel|put|set|hold|hang|sav|collect|hoard|pile|drawer|bag|shoebox|hid)",
        ),
        _r(
            "means.access_thoughts",
            su,
            r"\b(?:gun|guns|pistol|rifle|firearm|shotgun|handgun|revolver|pills|meds|rope|"
            r"razor|razors|blade|blades|bridge|ledge|tracks|knife|gun safe|ammo|bullets)\b"
            r".{0,80}?\b(?P<p>i|he|she|they) (?:\w+ )?(?:keep|keeps|kept|can not stop|"
            r"could not stop|have been|has been|am|is|cannot stop|been) (?:thinking|think|"
            r"obsessing|fixating|fantasi[sz]ing|dreaming) about (?:it|them|using (?:it|them)|"
            r"where|how|it every)\b",
            who="p",
        ),
        _r(
            "means.access",
            su,
            r"\b(?:it|they|the (?:gun|pills|rope|bridge|tracks|razor|blade|knife)) "
            r"(?:has|have|keeps?|is|are) (?:been )?(?:calling|calling to|whispering to|"
            r"tempting) (?:me|him|her)\b|\b(?:know|knows|found out|figured out) where "
            r"(?:\w+ ){0,3}?(?:keeps?|kept|hides?|hid|stores?|stashes?|leaves?) (?:the |his |"
            r"her |their |my |our )?(?:gun|guns|pistol|rifle|firearm|key to the gun safe|"
            r"gun safe key|gun key|ammo|ammunition|pills|meds|medication|painkillers|razor|"
            r"razors|sleeping pills)\b|\b(?:combination|code|key) (?:to|for) (?:the|his|her|"
            r"my \w+|our|their) gun safe\b|\b(?:gun|guns|firearm|pistol|rifle|handgun|shotgun|"
            r"revolver) (?:is|are|was|sits|sitting|stays|lives) (?:still )?(?:in|under|on|at|"
            r"inside) (?:the|my|his|her|our|their) (?:closet|drawer|nightstand|house|car|room|"
            r"bedroom|safe|basement|glovebox|glove box|dresser|bed|garage|truck|attic|home|"
            r"apartment|desk|bag|backpack|purse)\b",
        ),
        # -- harm to others
        _r(
            "harm.intent",
            ho,
            r"\b(?:going to|will|want to|wants to|wanted to|planning to|plan to|plans to|"
            r"about to|ready to|could|might|need to|have to|got to|threaten(?:s|ed|ing)? to|"
            r"thinking (?:about|of)|think about|thoughts (?:about|of)|urges? to|"
            r"fantasi[sz](?:e|ing) about|talk(?:s|ing|ed)? about|keeps? saying|mention(?:s|ed|ing)|"
            r"picturing|imagining|(?:can not|could not) stop thinking about|intrusive thoughts "
            r"(?:about|of)|"
            r"tempted to|feel like|felt like) (?:really |seriously |"
            r"actually |just |"
            r"finally )?(?:hurt|hurting|harm|harming|kill|killing|stab|stabbing|shoot|shooting|"
            r"beat|beating|strangle|strangling|choke|choking|attack|attacking|murder|murdering|"
            r"punch|punching|hit|hitting|poison|poisoning|run over|smash|smashing|slash|slashing|"
            r"beat up|"
            r"beating up|rough up|roughing up|fuck up|fucking up)"
            r"(?: the (?:crap|shit|hell|life) out of)? " + obj,
        ),
        _r(
            "harm.face",
            ho,
            r"\b(?:going to|gonna|will|want to|wants to|about to|ready to|planning to|could|"
            r"might|need to|threatened to|threatening to) (?:\w+ )?(?:smash|bash|punch|kick|"
            r"cave|beat|break|knock|slash|stab|rip|slit|bust|crack|split) (?:in )?(?:his|her|"
            r"their|your|that \w+ s|the \w+ s) (?:\w+ )?(?:face|head|skull|teeth|jaw|throat|"
            r"neck|legs|kneecaps|nose|ribs)\b",
        ),
        _r(
            "harm.then",
            ho,
            r"\b(?:going to|gonna|will|want to|about to|ready to)\b.{0,40}? (?:and|then) (?:then )?"
            r"(?:slash|stab|shoot|kill|hurt|beat|choke|strangle|punch|attack|run over) " + obj,
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
            r"\bmake (?:him|her|them|(?:my|his|her|their) \w+|everyone|them all|those \w+|"
            r"that \w+) (?:pay|suffer|bleed|regret (?:it|what|that|this|the day|ever)|sorry)\b|"
            r"\b(?:regret|pay|suffer|sorry|revenge|get (?:him|her|them|back at)|teach (?:him|her|"
            r"them)|hurt|kill|going to|gonna)\b.{0,100}?\bi know where (?:he|she|they|my \w+|"
            r"that \w+|the \w+) (?:lives|live|parks|park|works|work|sleeps|goes|hangs out|"
            r"gets off|takes the bus)\b|\b(?:have|got|bought|carrying|holding|grabbed) (?:a|my|"
            r"the) (?:knife|machete|bat)(?=\s*(?:$|[.,!?;:\"]|and|in my (?:bag|pocket|car)))",
        ),
        _r(
            "harm.past_violence",
            ho,
            r"\b(?:hit|hurt|beat|choked|stabbed|shot|punched|slapped|kicked|strangled|"
            r"attacked|smacked|assaulted|threatened) "
            + obj
            + r"|\b(?:pushed|shoved) "
            + obj
            + r"(?! (?:to (?!(?:the|a|an|my|her|his|their|our|death)\b)\w+|into \w+ing))",
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
            r"(?:meeting|game|gym)|off|to (?!(?:the|a|an|my|her|his|their|our|tears|death)\b)\w+|"
            r"into (?:apply|applying|try|trying|doing|going|taking|getting|speaking|talking|"
            r"joining|signing|becoming|reaching|working|pursuing|asking|submitting|sharing|"
            r"presenting|opening|volunteering)|forward|along|harder|further|deeply|so much))",
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
            r"to sleep with)\b|\bwithout my consent\b|\bdid not consent\b",
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
            r"(?:in )?(?:into|in) (?P<p>my|her|his|their) (?:room|bed|bedroom|bathroom|shower)"
            r"(?: \w+){0,3}? (?:at night|when|while|every night)\b",
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
            r"have (?:my|her|his|a) phone|out of (?:his|her|their) sight|sleep|eat)\b",
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
        _r(
            "abuse.coercion",
            ab,
            r"\b(?:pressur\w*|forc(?:es|ed|ing|e)|push(?:es|ed|ing)|coerc\w*|guilt\w*|"
            r"blackmail\w*|bully\w*|manipulat\w*|trick\w*|guilt trip\w*|threaten\w*) "
            r"(?P<p>me|her|him|them|us) (?:for|into|to) (?:sex|sexual|having sex|have sex|"
            r"hook(?:ing)? up|sleep(?:ing)? with|send(?:ing)? (?:him |her |them )?(?:nudes|pics|"
            r"pictures|photos|videos)|nudes|do(?:ing)? (?:sexual|stuff|things)|touch(?:ing)?|"
            r"go(?:ing)? down on|perform\w*|get(?:ting)? naked|undress\w*)\b",
            who="victim",
        ),
        _r(
            "abuse.conditional_threat",
            ab,
            r"\b(?:said|says|saying|threaten\w*|told (?:me|her|him|them)|warned (?:me|her|him|"
            r"them)|keeps? saying)(?: that)?(?: (?:he|she|they) (?:would|will|is going to|"
            r"was going to|is gonna|would have|is)| to)(?: \w+){0,2}? (?:tell (?:everyone|"
            r"everybody|people|the \w+|my \w+|her \w+|his \w+|them|your \w+|our \w+)|out|expose|"
            r"post|share|leak|report (?:me|her|him|them)|call (?:ice|immigration|the cops|cps|"
            r"the police|my po|her po|his po)|kick (?:me|her|him|them) out|take (?:my|the|our|"
            r"her|his|their) (?:kids|children|baby|son|daughter)|hurt|"
            r"kill|beat|ruin|throw (?:me|her|him|them) out|cut (?:me|her|him|them) off|"
            r"leave (?:me|her|him|them) (?:on|in) the street)\b(?: \w+){0,8}? (?:if|unless) "
            r"(?P<p>i|she|he|they) \w+",
            who="p",
        ),
        _r(
            "abuse.sextortion",
            ab,
            r"\b(?:post|share|send|leak|show|spread|release|expose|publish)(?:ing|ed|s)? "
            r"(?P<p>my|her|his|their) (?:private |intimate |naked )?(?:nudes|sex tape|"
            r"(?:\w+ )?(?:pics|pictures|photos|videos)(?: \w+){0,6}? (?:if|unless))\b|"
            r"\bsextort\w*|\brevenge porn\b",
            who="victim",
            gate=r"\b(?:nudes|sex tape|pics|pictures|photos|videos|sextort\w*|revenge porn)\b",
        ),
        _r(
            "abuse.physical",
            ab,
            r"\b(?:grab\w*|pinn(?:ed|ing)|pins|pin|threw|throw(?:s|ing)?|shov\w*|drag\w*|"
            r"spit(?:s|ting)? on|spat on|yank\w*|bit|bites|biting|twist\w*|slammed|slams|"
            r"slamming|tackl\w*|kneed|headbutt\w*) (?P<p>me|her|him|them|us) (?:by (?:the|my|"
            r"her|his|their) (?:throat|neck|hair|arms?|wrists?|face|collar)|down(?! (?:to|"
            r"for|the))|against (?:the|a) (?:wall|floor|door|car|bed|fridge|counter|table)|"
            r"into (?:the|a) (?:wall|door|car|table|floor)|across the room|down the stairs|"
            r"on (?:the|to the) (?:floor|bed|ground)|out of (?:the|my|his|her) (?:car|house|"
            r"bed))\b|\bthrew (?:a|the|his|her|their|my) (?:\w+ )?(?:plate|bottle|glass|phone|"
            r"chair|knife|shoe|cup|lamp|remote|mug|beer|can|bowl|pan) at (?P<p2>me|her|him|"
            r"them|us)\b",
            who="victim",
        ),
        _r(
            "abuse.hands_on",
            ab,
            r"\b(?:he|she|they|" + person + r")s? (?:\w+ ){0,2}?(?:put|puts|putting|laid|lays|"
            r"laying) (?:his|her|their) hands on (?P<p>me|her|him|them|us)\b",
            who="victim",
        ),
        _r(
            "harm.hands_on",
            ho,
            r"\b(?:put|putting|lay|laying) (?P<p>my|our|his|her|their) hands on "
            + obj
            + r"|\b(?:put|putting) hands on "
            + obj,
            who="p",
        ),
        _r(
            "abuse.intrusion",
            ab,
            r"\b(?:comes?|coming|came|walks?|walking|walked|barges?|barging|barged|sneaks?|"
            r"sneaking|snuck) (?:in|into the bathroom|into the shower)(?: on)?(?: \w+){0,3}? "
            r"(?:when|while|whenever) (?P<p>i|she|he|they) (?:am |is |are |was |were )?"
            r"(?:shower|showering|bathe|bathing|change|changing|sleep|sleeping|asleep|"
            r"getting dressed|undress\w*|in the shower|in the bath)\b|\b(?:watches|watching|"
            r"watched|films|filming|filmed|records|recording|recorded|takes pictures of|"
            r"took pictures of) (?P<q>me|her|him|them) (?:shower|showering|in the shower|"
            r"undress\w*|chang\w*|naked|sleep|sleeping|while (?:i|she|he|they) (?:sleep|"
            r"shower|change))\b",
            who="p",
        ),
        _r(
            "abuse.sexual_condition",
            ab,
            r"\b(?:said|says|threaten\w*|told (?:me|her|him|them)|warned (?:me|her|him|them)|"
            r"keeps? saying)\b.{0,80}?\b(?:if|unless) (?P<p>i|she|he|they) (?:do not |does not |"
            r"did not |will not |would not |refuse to |refuses to |say no to |said no to |"
            r"stop |agree to |agrees to )?(?:(?:go|goes|going) out with|sleep(?:s|ing)? with|"
            r"ha(?:ve|s) sex with|hook(?:s|ing)? up with|dates?|kiss(?:es)?|touch(?:es)?|"
            r"sends? (?:him |her |them )?(?:nudes|naked \w+))(?: (?:him|her|them|me))?\b",
            who="p",
        ),
        _r(
            "abuse.break_in",
            ab,
            r"\b(?:broke|breaks|kicked|kicks|bashed|smashed|busted|punched) (?:down |in )?"
            r"(?P<p>my|her|his|their|our) (?:bedroom |bathroom |front )?(?:door|doors|window|"
            r"windows)(?: down| in)?\b",
            who="victim",
        ),
        _r(
            "abuse.punishment",
            ab,
            r"\b(?:made|makes|make|forced|forces|force) (?P<p>me|her|him|them) (?:sleep (?:in the "
            r"car|outside|on the floor|in the garage)|ask (?:for )?permission|beg|kneel|stay "
            r"outside)\b|\b(?:as (?:a )?punishment|to punish (?:me|her|him|them))\b.{0,60}?\b"
            r"(?:took|takes|locked|locks|hit|hits|made|makes|will not let)\b|\b(?:took|"
            r"takes|locked|locks|hit|hits|made|makes)\b.{0,60}?\bas (?:a )?punishment\b",
            who="victim",
        ),
        _r(
            "abuse.locked",
            ab,
            r"\block(?:s|ed|ing)? (?P<p>me|her|him|them|us) (?:in|out|inside|up)\b(?! (?:of "
            r"(?:the|my|our|his|her) (?:\w+ )?(?:account|accounts|email|portal|system|computer|"
            r"drive|folder|file|app|laptop|tablet|chat|spreadsheet|calendar|software|database)|"
            r"by (?:accident|mistake)|accidentally))",
            who="victim",
        ),
        _r(
            "abuse.control_things",
            ab,
            r"\b(?:he|she|they|" + person + r")s? (?:always |keeps |constantly )?(?:takes?|"
            r"took|taking|steals?|stole|hides?|hid|controls?|controlled|smash(?:es|ed)?|"
            r"broke|breaks|threw) (?:away )?(?P<p>my|her|his) (?:phone|keys|car keys|money|id|"
            r"passport|paycheck|meds|medication|cards?|bank card)\b(?!(?: \w+){0,3}? "
            r"(?:by (?:mistake|accident)|accidentally|to (?:get|fix|repair|charge|the (?:shop|"
            r"store))|for (?:a |the )?repairs?))|\b(?:took|takes|taking|"
            r"take|smashed|smashes|broke|breaks|hid|hides|threw|throws) (?P<p2>my|her|his|"
            r"their) (?:phone|keys|car keys|cell)\b(?: \w+){0,6}? so (?:i|she|he|they) "
            r"(?:could not|can not|would not|will not|could never|had no way to|have no way to) "
            r"(?:call|leave|get help|reach|text|contact|escape|go)\b",
            who="victim",
        ),
        _r(
            "abuse.injuries",
            ab,
            r"\b(?:bruises?|bruised|black eye|busted lip|split lip|fat lip|choke marks|"
            r"finger marks|hand marks|marks on (?:my|her|his|their) (?:neck|throat|face|arms?))"
            r"\b.{0,80}?\b(?:husband|wife|boyfriend|girlfriend|partner|bf|gf|dad|father|"
            r"stepdad|stepmom|stepfather|stepmother|ex|uncle|sponsor|pimp|fiance|fiancee|"
            r"spouse|he did|she did|they did|gets? (?:angry|mad|drunk|rough|violent|"
            r"aggressive)|temper|grabbed|pushed|shoved)\b|\b(?:husband|boyfriend|partner|bf|"
            r"girlfriend|wife|gf|dad|father|stepdad|ex|uncle|fiance|spouse)\b.{0,60}?\b(?:gave|"
            r"left) (?:me|her|him|them) (?:a |the |some )?(?:bruises?|black eye|busted lip|"
            r"split lip|marks)\b|\b(?:hide|hiding|cover|covering|conceal\w*)(?: up)? "
            r"(?:the|my|her|his|this|these|those|all the) (?:\w+ )?(?:bruises?|black eye)\b",
            gate=r"\b(?:bruis\w*|black eye|lip|marks)\b",
        ),
        _r(
            "abuse.spanish",
            ab,
            r"\b(?P<p>me|le|nos) (?:pega|pego|pegaba|pegan|pegaron|golpea|golpeo|golpeaba|"
            r"golpean|golpearon|viola|violo|violaron|violaba|ahorca|ahorco|ahorcaba|estrangula|"
            r"estrangulo|maltrata|maltrato|maltrataba|empuja|empujo|patea|pateo|manosea|"
            r"manoseo|amenaza con|amenazo con|amenazaba con|forzo|forza|obliga a tener "
            r"sexo|obligo a tener sexo|abusa|abuso|abusaba|encierra|encerro|lastima|lastimo|"
            r"hace dano|hizo dano)\b(?! (?:la|el|un|una) (?:gripe|covid|virus|resfriado|"
            r"cancion|chicle))",
            who="victim",
            gate=_SPANISH,
        ),
        _r(
            "abuse.spanish_of",
            ab,
            r"\babus(?:a|o|aba|aron|ando) de (?P<p>mi|ella|el)\b",
            who="victim",
            gate=_SPANISH,
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
        _r(
            "self_harm.head_banging",
            sh,
            r"(?<!like )\b(?:bang|hit|slam|punch|smash|knock|beat|bash)\w* " + _POSS + r" head "
            r"(?:(?:against|into) (?:the |a |my |his |her |their )?(?:walls?|floor|door|desk|"
            r"table|mirror|window|steering wheel|concrete|ground|lockers?|headboard|"
            r"bathroom (?:wall|floor))\b(?! (?:\w+ ){0,2}?(?:trying|with (?:this|that|the|"
            r"these|those|my|our|it|him|her|them)|over (?:this|that|the)|about|figuring|"
            r"because of|for (?:days|weeks|hours|months)|here|at work|all day|on (?:this|that)|"
            r"to get|to figure|to understand))|on (?:the |a |my )?(?:walls?|floor|door|desk|"
            r"table|ground)\b(?: \w+){0,4}? (?:on purpose|deliberately|until|till|when|"
            r"whenever|every time|so hard|repeatedly|over and over|again|at night|so (?:i|he|she|"
            r"they) (?:can|could)|to (?:stop|feel|make|punish|shut|sleep|calm)))",
            who="p",
        ),
        _r(
            "self_harm.punch_walls",
            sh,
            r"\bpunch(?:es|ed|ing)? (?:the |a |my |his |her |holes in (?:the |my )?)?(?:walls?|"
            r"mirrors?|windows?|doors?|bricks?|concrete|lockers?|glass)\b(?: \w+){0,8}? "
            r"(?:until|till|til|on purpose|deliberately|to feel|so hard|knuckles|bleed|bled|"
            r"bleeding|broke|broken|split|cracked|to hurt|to punish|to calm|to cope|every time)\b",
        ),
        _r(
            "self_harm.on_purpose",
            sh,
            r"\b(?:hurt|hurting|burn(?:ed|t|ing|s)?|cut|cutting|broke|break|breaking|"
            r"bruis\w*|scald\w*|hit|hitting|punch\w*|smash\w*|slam\w*|scratch\w*|bit|bite|"
            r"biting|stab\w*|pierc\w*|carv\w*|freez\w*|jam\w*|sprain\w*|twist\w*|pinch\w*|"
            r"gouge\w*|rubb?\w*|press\w*|slap\w*|smack\w*) " + _POSS + r" (?:own )?(?:arms?|"
            r"wrists?|legs?|"
            r"thighs?|hands?|fingers?|knuckles|skin|head|face|stomach|hips?|chest|feet|foot|"
            r"lips?|tongue|cheeks?|ankles?|toes?|ribs?|body|nails?)\b(?: \w+){0,6}? "
            r"(?:on purpose|deliberately|intentionally|to feel something|to feel anything|"
            r"to feel pain|to feel real|to punish (?:myself|herself|himself|themselves)|"
            r"as (?:a )?punishment|so i (?:could|would|can) feel|until (?:it|they|i|the skin|"
            r"my skin|her skin|his skin) (?:bled|bleeds?|bruised|bruises|broke|split|swelled|"
            r"blistered|scarred|went numb)|until (?:they are|it is|they were|it was) "
            r"(?:raw|black and blue|bruised|bleeding|purple)|left (?:a )?marks?|"
            r"leaves? (?:a )?marks?"
            r"|so hard (?:it|that)|when(?:ever)? i (?:get|feel|am) (?:anxious|upset|angry|mad|"
            r"overwhelmed|stressed|triggered))\b",
            who="p",
        ),
        _r(
            "self_harm.hair_pulling",
            sh,
            r"\bpull\w* (?:out )?(?P<p>my|her|his|their) (?:own )?(?:hair|eyelashes|eyebrows|"
            r"lashes)(?: out)? (?:in (?:chunks|clumps|handfuls)|until|again|on purpose|"
            r"when(?:ever)? "
            r"(?:i|she|he|they) (?:get|feel|am|is))\b|\bpull\w* out (?:chunks|clumps|handfuls) "
            r"of (?:my|her|his|their) hair\b|\bbald (?:spots?|patches) from pulling\b",
            who="p",
            gate=r"\b(?:pull|bald)",
        ),
        _r(
            "self_harm.did_it_themselves",
            sh,
            r"\b(?:burns?|cuts?|bruises?|scratches|marks|wounds?|scars?|injur\w*|bandages?)\b"
            r".{0,60}?\b(?:did|does|made|caused|gave) (?:it|that|this|them|those) (?:to )?"
            r"(?:herself|himself|themselves|myself|themself|on purpose)\b",
        ),
        _r(
            "self_harm.wounds_reopened",
            sh,
            r"\b(?:pull\w*|rip\w*|tear\w*|tore|cut) (?:out |open )?" + _POSS + r" (?:own )?"
            r"(?:stitches|staples|sutures)\b|\b(?:pick\w*|pull\w*|rip\w*|tear\w*|tore|dig\w*) "
            r"(?:open |at |into )?(?P<q>my|his|her|their) (?:scabs|wounds?|cuts)(?: \w+){0,3}? "
            r"(?:open|until|on purpose|again)\b",
            who="p",
        ),
        _r(
            "self_harm.hiding",
            sh,
            r"\b(?:hide|hides|hiding|hid|cover|covers|covering|covered|conceal\w*)(?: up)? "
            r"(?:the |my |her |his |their |these |those |fresh |new |all the |all my )?"
            r"(?!old )(?:\w+ )?(?:arms|wrists|thighs|cuts|scars|marks|burns|wounds|bandages|"
            r"self harm|cutting)\b(?! (?:from|after) (?:the|a|my|her|his) (?:surgery|accident|"
            r"tattoo|fall|cat|dog|fire))|\b(?:long sleeves|hoodies?|sweatshirts?|sweaters?|"
            r"jackets?|bracelets|wristbands?|band ?aids|a watch|leggings|long pants|jeans)\b"
            r"(?: \w+){0,6}? (?:so (?:that )?(?:nobody|no one|people|they|my \w+|her \w+|"
            r"his \w+|no body)(?: can| will| would| could| does| do)?(?: not)? (?:sees?|notices?|"
            r"asks? about|see|notice|find out about)|to (?:hide|cover)(?: up)?) (?:the |my |her |"
            r"his |"
            r"their )?(?:\w+ )?(?:arms|wrists|thighs|legs|cuts|scars|marks|burns|skin|bandages|"
            r"bruises)\b|\bso (?:that )?(?:nobody|no one|"
            r"people|my \w+|no body) (?:can |will |would |could )?(?:sees?|notices?|asks? about)"
            r" (?:my|her|his|their|the) (?:arms|wrists|thighs|legs|cuts|scars|marks|burns|"
            r"bandages)\b",
        ),
        _r(
            "self_harm.implement",
            sh,
            r"\b(?:used|use|using|put|held|hold|holding|pressed|press|pressing|ran|run|dragged|"
            r"drag|dragging|took) (?:a |the |my |some )?(?:lighter|lighters|matches|match|hot "
            r"(?:spoon|knife|iron|metal|pan|water|wax|coin|paperclip)|curling iron|iron|"
            r"cigarettes?|candle|razor|blade|knife|scissors|safety pin|pins?|needle|glass|"
            r"compass|sharpener|paperclip|eraser|ice) (?:on|to|against|into|across|over|"
            r"along) " + _POSS + r" (?:\w+ )?(?:wrists?|arms?|forearms?|legs?|thighs?|skin|"
            r"hands?|stomach|hips?|body|chest|ankles?|fingers?)\b|\b(?:want|wanna|going|need|"
            r"trying|tried|about) to (?:rip|tear|scratch|claw|peel|cut|burn|scrape) (?:off )?"
            r"(?:my|her|his|their) (?:own )?(?:skin|face|arms?|eyes|wrists) ?(?:off|out|open)?\b",
            who="p",
        ),
        _r(
            "self_harm.wound_care",
            sh,
            r"\b(?:bandages?|band ?aids?|gauze|plasters?|wrapped|wraps?|fresh marks|marks|"
            r"scratches|lines|scabs?|steri ?strips|stitches)\b (?:on|around|all over|"
            r"up and down|across|covering) (?:both )?" + possp + r" (?:\w+ )?(?:wrists?|"
            r"forearms?|arms?|thighs?|legs?)\b(?! (?:from|after|because of) (?:the|a|my|her|his) "
            r"(?:blood|shot|vaccine|flu|surgery|iv|fall|accident|cat|dog|garden|kitchen|bike|"
            r"tattoo|work|game|gym))",
            who="p",
        ),
        _r(
            "self_harm.carving",
            sh,
            r"\b(?:carv\w*|etch\w*|scratch(?:ed|ing|es)?|slic\w*|cut(?:s|ting)?|"
            r"burn(?:ed|t|ing|s)?|scor(?:e|ed|ing)|gouge\w*)\b(?: \w+){1,3}? (?:into|in|on|"
            r"onto|across|along|up and down|down|over) " + possp + r" (?:own )?(?:wrists?|"
            r"forearms?|arms?|legs?|thighs?|skin|stomach|hips?|belly|ankles?|chest|flesh|body|"
            r"shoulders?|hands?)\b",
            who="p",
        ),
        _r(
            "self_harm.spanish",
            sh,
            r"\b(?P<p>me|se) (?:corte|corto|corta|cortan|cortaba|estoy cortando|esta cortando|"
            r"volvi a cortar|quema|lastima|"
            r"volvio a cortar|lastime|lastimo|hice dano|hago dano|hizo dano|hace dano|queme|"
            r"quemo|estoy lastimando|esta lastimando|estoy quemando)\b(?! (?:el|la|las|los|un|"
            r"una|mi|su) (?:pelo|cabello|luz|unas|llamada|senal|internet|agua|fleco|barba|"
            r"flequillo|rodilla|tobillo|comida|lengua))(?! cocinando| con (?:la|el) "
            r"(?:estufa|horno|plancha|sarten|cuchillo de la cocina))",
            who="p",
            gate=_SPANISH,
        ),
        _r(
            "self_harm.spanish_infinitive",
            sh,
            r"\b(?:(?:cortar|lastimar|quemar)(?=(?:me|se)\b)|hacer(?=(?:me|se) dano\b))"
            r"(?P<p>me|se)\b",
            who="p",
            gate=_SPANISH,
        ),
        # -- eating disorder
        _r(
            "eating.not_eaten",
            ed,
            r"\b(?:have not|has not|had not|did not|not|have not been|has not been|barely|"
            r"hardly) (?:really )?(?:eaten|eat|ate|eating|had)(?: anything| a thing| food|"
            r" properly|"
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
            r"(?: \w+){0,5}? (?:after (?:every|each|i eat|eating|meals?|dinner|lunch)|"
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
            r"small))\b|\bi (?:eat|ate|have eaten) nothing\b|\b(?:eat|ate|eaten|eating) "
            r"(?:almost |basically |next to |practically |virtually )?nothing\b(?: \w+){0,2}? "
            r"(?:for (?:a|\d+|one|two|three|four|five|six|several|a few|days|weeks)|all "
            r"(?:day|week)|since|in (?:days|\d+|two|three|a))\b",
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
            r"(?<!is )(?<!are )(?<!was )(?<!has )(?<!be )\b(?:only|just|under|less than|"
            r"no more than|"
            r"max) (?:let (?:myself|herself|"
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
        _r(
            "eating.calorie_limit",
            ed,
            r"\b[1-9]\d{0,2} ?(?:calories|calorie|cals?|kcals?)(?: \w+){0,2}? (?:a|per|each|"
            r"every) day\b|\b(?:eat|eating|ate|eaten|had|having|consumed)(?: \w+){0,2}? "
            r"(?:only|just|like|about|around|maybe|under|below|less than|barely|at most|max) "
            r"[1-9]\d{0,2} ?(?:calories|calorie|cals?|kcals?)\b|"
            r"\b(?:eat|eating|ate|eaten|had|having|consumed)(?: \w+){0,2}? "
            r"(?:only |just |like |about |around |maybe |under |below |less than )?[1-9]\d{0,2} ?"
            r"(?:calories|calorie|cals?|kcals?) (?:today|all day|yesterday|so far|this week|in "
            r"(?:two|three|\d+) days)\b|\b(?:allow(?:ing)?|let(?:ting)?|keep(?:ing)?|"
            r"stay(?:ing)?|limit(?:ing)?|down to|cut(?:ting)? (?:down |back )?to|restrict\w*)"
            r"(?: \w+){0,3}? (?:to |at |under |below |less than |max |only )?[1-9]\d{0,2} ?"
            r"(?:calories|calorie|cals?|kcals?)\b",
            gate=r"\d ?(?:cal|kcal)",
        ),
        _r(
            "eating.tiny_portions",
            ed,
            r"\b(?:only|just|down to|nothing but|barely|max|at most|no more than|"
            r"allow(?:ing)? (?:myself|herself|himself)|let(?:ting)? (?:myself|herself|himself)|"
            r"limit(?:ing)? (?:myself|herself|himself) to)(?: \w+){0,3}? (?:one|1|a single|"
            r"half an?|half a|two|2|a few|three|3) (?:\w+ )?(?:apples?|bananas?|crackers?|"
            r"rice cakes?|pieces? of (?:fruit|toast|bread|gum)|bites?|spoonfuls?|carrots?|"
            r"yogurts?|granola bars?|protein bars?|slices? of \w+|handfuls? of \w+|grapes?|"
            r"almonds?|eggs?|cups? of (?:soup|broth|tea)|cucumbers?|celery sticks?|"
            r"strawberr(?:y|ies)|clementines?|oranges?|pickles?|popsicles?|diet cokes?)"
            r"(?: \w+){0,2}? (?:a|per|each|every) (?:day|days|week)\b|\b(?:surviv\w*|living|"
            r"getting by) on (?:nothing but |only |just )?(?:black coffee|water|"
            r"diet (?:coke|soda|pepsi)|ice|gum|air|energy drinks|cigarettes|broth|lettuce|"
            r"crackers|celery|rice cakes?|sugar free \w+|nothing|almost nothing|"
            r"(?:nothing but|only|just) \w+)\b",
        ),
        _r(
            "eating.guilt",
            ed,
            r"\b(?:feel|felt|feeling|feels|am|is|look|looks) (?:so |really |super |completely )?"
            r"(?:disgusting|gross|fat|huge|like a pig|guilty|ashamed|like a failure)\b"
            r"(?: \w+){0,2}? (?:if|when|whenever|every time|after) (?:i|she|he|they) (?:eat|ate|"
            r"eats|have|has) (?:more than|anything|at all|a (?:full|whole|real|normal) meal|"
            r"a bite|even a|one bite)\b",
        ),
        _r(
            "eating.earn_food",
            ed,
            r"\b(?:do not|does not|did not|never) deserve (?:to eat|food|dinner|lunch|"
            r"breakfast|a meal|meals|to have (?:food|dinner|lunch|a meal|breakfast))\b|"
            r"\bearn(?:ed|ing|s)? (?:my|her|his|their|the right to) (?:food|meals?|dinner|"
            r"lunch|breakfast|calories|eat|eating)\b|\bchew(?:ing|ed|s)? and spit(?:ting|s)?\b|"
            r"\bweigh(?:ing|ed|s)? (?:myself|herself|himself|themselves) (?:\d+|two|three|four|"
            r"five|six|seven|eight|ten|\w+) times (?:(?:a|per|each|every) day|today|daily)\b|"
            r"\b(?:work(?:ing)? "
            r"out|exercis\w*|run(?:ning)?|train(?:ing)?|gym)\b(?: \w+){0,4}? (?:until|till|til|"
            r"to the point) (?:i|she|he|they) (?:almost |nearly )?(?:pass out|passed out|faint|"
            r"fainted|collapse|collapsed|throw up|threw up|can not stand)\b|\bburn (?:off|it off)"
            r"(?: \w+){0,3}? (?:what|everything|every calorie|all (?:the|of the) calories)"
            r"(?: \w+){0,2}? (?:i|she|he|they) (?:ate|eat|had|eaten)\b|\b(?:hide|hiding|hid|"
            r"hides) (?:that )?(?:i am|she is|he is|they are|my|her|his) (?:not eating|"
            r"skipping meals|throwing up|purging|food|eating)\b",
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
            r"\b(?:can not|could not|unable to|struggling to|hard to|trouble|not|stopped|"
            r"can barely|"
            r"could barely|can hardly|could hardly) (?:breathe|breathing|breath|catch (?:my|her|"
            r"his|their) breath)\b(?! (?:a word|down))|"
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
            r"does not) (?:wake|waking) up\b(?! (?:until|till|before|early|on time|in time|"
            r"for (?:school|work|class|the|appointments?|group|meetings?)|when|in the morning|"
            r"at|to (?:go|get|make)))",
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
            r"\bthroat (?:is |feels |feels like it is |is like )?(?:closing|swelling|"
            r"tight(?:ening)?)\b|\banaphyla\w*|"
            r"\ballergic reaction\b|\b(?:tongue|face) (?:is )?swelling\b",
        ),
        _r(
            "medical.too_much",
            md,
            r"\b(?:used|shot up|did|took|snorted|smoked|drank|had|injected|taken) (?:way )?"
            r"too (?:much|many)\b(?! (?:coffee|caffeine|sugar|time|on|work|overtime|energy|"
            r"responsibility|food|to eat|sun|screen|of a|notes|clients|meetings))|"
            r"\bcan not feel (?:my|his|her|their) (?:legs|arms|body|face|hands|feet)\b"
            r"(?!(?: \w+){0,2}? (?:after|from) (?:that|the|my|a|this) (?:\w+ )?(?:class|workout|"
            r"run|gym|hike|leg day|shift|practice|session|game|walk|dance|yoga|spin))|"
            r"\b(?:throwing|threw|coughing|vomiting|puking) up blood\b|\bfoaming at the mouth\b|"
            r"\b(?:is|are|am|he is|she is|they are) (?:turning|going) (?:blue|purple|grey|gray)\b",
        ),
        _r("medical.spinning", md, r"\b(?:everything|the room|the world) is spinning\b"),
        _r("medical.near_death", md, r"\b(?:almost|nearly) (?:died|dying|overdosed)\b"),
        _r(
            "medical.use_and_symptoms",
            md,
            _USE_AND_SYMPTOMS,
            gate=rf"\b(?:{_USE}|laced|fent|tranq|xylazine|bad batch|using|taking|drinking|"
            r"smoking|snorting|mixing|took)\b",
        ),
        _r(
            "medical.took_everything",
            md,
            r"\b(?:took|taken|swallowed|downed|popped|ate|take|taking|swallow|drank|drink) "
            r"(?:\w+ )?(?:everything|all the stuff|all of it|whatever) (?:in|from|that was in|"
            r"i could find in|left in) (?:my|the|her|his|their|our|mom s|mums) (?:medicine |"
            r"bathroom |kitchen )?(?:cabinet|cupboard|drawer|bottle|bag|purse|stash|box|"
            r"kit|closet|shelf)\b|\b(?:took|taken|swallowed|downed|popped) (?:\w+ )?"
            r"(?:whatever|every) (?:pills?|meds|medication|tablets?)? ?(?:i|she|he|they) "
            r"(?:could find|had|found|had left|could get)\b",
        ),
        # Naloxone given by the writer means someone else overdosed: "owner" marks them.
        _r(
            "medical.naloxone_given",
            md,
            r"\b(?:gave|giving|give|given|administered|administering|used|using|sprayed|"
            r"spraying|hit (?:him|her|them) with) (?:him |her |them |my client |the client )?"
            r"(?:one|two|a|another|the|some|\d+|a second|a third)? ?(?:dose of |doses of |"
            r"round of |dose |doses )?(?P<owner>narcan|naloxone)\b(?! (?:kits?|training|out|to "
            r"(?:the|our) (?:community|staff)|at (?:the|a) (?:event|fair)))|\b(?:narcan|naloxone) "
            r"(?:is not|did not|has not|was not) (?:working|work|worked|helping)\b",
            who="p",
            gate=r"\b(?:narcan|naloxone)\b",
        ),
        _r(
            "medical.narcanned",
            md,
            r"\b(?:got|get|been|was|were|had to be|needed to be) narcan(?:ned|d)\b(?! (?:\w+ )?"
            r"(?:years?|yrs?) ago)",
            gate=r"\bnarcan",
        ),
        _r(
            "medical.cant_wake",
            md,
            r"\b(?:can not|could not|can not get|could not get|unable to) (?:wake|rouse|"
            r"get a response from) (?P<p>him|her|them)\b",
            who="p",
        ),
        _r(
            "medical.wont_wake_after",
            md,
            r"\b(?:he|she|they|" + person + r")s?(?: \w+){1,8}? (?:will not|would not|can not|"
            r"is not|does not|did not|could not) (?:wake|waking|woke) up\b(?! (?:until|till|"
            r"before|early|on time|in time|for (?:school|work|class|the|appointments?|group|"
            r"meetings?)|when|in the morning|at|to (?:go|get|make)))",
        ),
        _r(
            "medical.spanish",
            md,
            r"\b(?:me |se )?(?:tome|tomo|trague|trago|tomaste|tomaron|tomar|tomarme|tomarse|"
            r"tragar|tragarme|tragarse) (?:todas|muchas|"
            r"un monton de|un punado de|demasiadas|toda la caja de|todo el frasco de|"
            r"el frasco de|la caja de|\d+) (?:de )?(?:mis |las |sus |esas |de )?(?:pastillas|"
            r"pildoras|medicinas|medicamentos)\b",
            gate=_SPANISH,
        ),
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
    (r"\b(tonight|today|tomorrow)'s\b", r"\1 is"),
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
    "em": "them",
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
    r"colleague|team|everyone|roommate|sister|brother|friend|grandma|aunt|uncle|cousin) "
    r"(?:will|would|is going to|"
    r"is gonna|going to) (?:literally )?(?:kill|murder) me (?:if|when)\b(?! i (?:leave|tell|"
    r"report|call|go to|talk|speak|do not (?:come|go|answer|pick|do what|give)|say no|refuse|"
    r"see|break up|try)\b))"
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
    {
        "subside",
        "subsided",
        "overdoes",
        "overdoing",
        "overdone",
        "overdue",
        "suicides",
        "itself",
        "suicidar",
        "suicidas",
    }
)
_WORD = re.compile(r"[a-z]+")
_CLEAN = re.compile(r"[^a-z0-9\s.,!?;:\"]")
_SPACES = re.compile(r"\s+")
_COMBINING = re.compile(r"[\u0300-\u036f]")


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
    s = unicodedata.normalize("NFKC", text)
    if not s.isascii():  # "corté", "adiós", "daño": keep the letter, drop the accent
        s = _COMBINING.sub("", unicodedata.normalize("NFKD", s))
    s = s.translate(_apostrophes()).lower()
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
    r"react to|support|help|handle|deal with|work with|reply to|be there for|debrief|"
    r"follow up with|check in (?:on|with)|care for|look after|supervise|train|prepare|coach|"
    r"take care of)"
    r"(?: \w+){0,2}? (?:a|an|someone|somebody|anyone|clients|peers|people|individuals|"
    r"participants|members|them|those|youth|folks|themselves|ourselves|staff)\b|"
    r"\bhow (?:do|should|can|to|would) (?:i|we|you|peers?|staff|one|supervisors?) "
    r"(?:safely )?(?:talk|speak|write|teach|learn|present)\b|"
    r"\b(?:best |good |right |safe )?ways? to (?:ask|talk|bring up|screen|assess|discuss|"
    r"approach|document|respond|phrase)\b"
)
# Topic frames ("signs of", "training on") only excuse a match a few words after them.
_TOPIC_BEFORE = re.compile(
    r"\b(?:(?:warning )?signs? of|(?:what|which|the|warning|common|early|key|typical) signs?"
    r"(?: that| when)?|symptoms of|risk factors? (?:for|of)|difference between|the same as|"
    r"mean by|stands? for|meaning of|what does|how many|number of|rates? of|"
    r"(?:reverse|reversing|reversal of|respond(?:ing)? to|prevent(?:ing)?|recogni[sz]e|"
    r"recogni[sz]ing|spot(?:ting)?|treat(?:ing)?) (?:an |a |the )?|"
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
    r"warning signs|treatment|specialists?|clinics?|unit|ward|free|clean|streak|anniversary|"
    r"symptoms|signs|"
    r"(?:and )?crisis (?:lines?|lifeline|"
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
    r"called|posted|burned|attempted|used|found|showed)|after (?:\w+ ){0,2}?(?:years?|yrs?|"
    r"months?|weeks?|days?) (?:clean|sober|self harm free|free|of sobriety|in recovery)|"
    r"anoche|ayer|ahorita|ahora mismo|esta noche|otra vez|de nuevo|ultimamente)\b"
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
    r"in recovery)\b|(?<!got )(?<!is )(?<!am )(?<!are )(?<!get )\bused to\b|\bmy (?:past|history|"
    r"lived experience|own story|story|"
    r"recovery story)\b|\bpast (?:suicide |suicidal )?(?:attempts?|overdoses?|history)\b|"
    r"\blived experience\b|\bhistory of\b|\b(?:my|her|his|their) (?:old|former|previous|"
    r"earlier|prior|first) (?:suicide )?(?:overdoses?|attempts?|self harm|cutting|"
    r"eating disorder|addiction|relapses?|hospitali[sz]ations?)\b|"
    # Spanish: "hace años", "cuando era adolescente"
    r"\bhace (?:\w+ )?(?:anos|decadas|mucho tiempo)\b|\bcuando (?:era|tenia|estaba en)\b|"
    r"\bde (?:nin[oa]|joven|adolescente)\b"
)
_PAST = re.compile(
    r"\b(?:was|were|had|used to|tried|attempted|wanted|overdosed|struggled|survived|"
    r"went through|been|did|after|before|almost|nearly|past|history|experience|story|cut|"
    r"burned|burnt|hurt|harmed|made|took|left|leaving|escaped|lost|attempt|felt|thought|"
    r"became|got|quise|queria|intente|corte|tenia|estaba|fue|hice|tome|pense)\b"
)
_ACCIDENT = re.compile(
    r"\s*(?:\w+ ){0,3}?(?:shaving|cooking|while cooking|in the kitchen|on (?:the|a|my) "
    r"(?:\w+ )?(?:stove|oven|pan|iron|kettle|grill|curling iron|straightener|knife|paper|glass|"
    r"door|can|table|desk|cabinet|shelf|fence|nail|bush|branch|counter|corner|drawer)|"
    r"with (?:coffee|tea|the iron|hot water)|by accident|accidentally|"
    r"at (?:the gym|practice)|playing|lifting|working out|running|when i fell|cocinando)\b"
)
# "my cat scratched my arms": an animal or a toddler did it.
_ANIMAL_ACTOR = re.compile(
    r"\b(?:cat|cats|kitten|dog|dogs|puppy|pet|hamster|rabbit|bird|parrot|toddler|baby)\s+$"
)
# "she hit her head on the car door getting in": a bump, not a blow.
_BUMP = re.compile(
    r"\s*(?:head|knee|elbow|shin|toe|foot|arm|hand|leg)s? (?:on|against|into) (?:the|a|my|her|"
    r"his|their) (?:\w+ )?(?:door|cabinet|table|shelf|desk|ceiling|floor|counter|car|stairs|"
    r"bed|pole|ice|pool|frame)\b(?: \w+){0,3}? ?(?:getting|while|when (?:she|he|i|they) "
    r"(?:fell|slipped|tripped)|by accident|accidentally|(?:she|he|they) (?:is|are) (?:fine|ok|"
    r"okay)|playing|running)"
)
# A question with no "i" in it, asked for teaching material ("... ? for our training").
_QUESTION_START = re.compile(
    r"\s*(?:what|which|how|why|is|are|can|could|does|do|should|when|where|who)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|myself|mine)\b")
_PURPOSE = re.compile(
    r"\b(?:for|in|at|doing|prepping|preparing|writing|making) (?:a |an |the |our |my |this |"
    r"next |new )?(?:\w+ ){0,2}?(?:trainings?|workshop|handout|flyer|poster|presentation|"
    r"lunch and learn|in ?service|class|module|curriculum|onboarding|manual|newsletter|slides|"
    r"webinar|psychoeducation|psychoed|education group|outreach|harm reduction (?:group|"
    r"handout|training|talk))\b"
)
# A farewell that plans the next meeting ("love you all, see you next month") is everyday.
_FAREWELLS = frozenset(
    {"goodbye.farewell_final", "goodbye.love_you_all", "goodbye.final_pair", "goodbye.forever"}
)
_SEE_YOU_SOON = re.compile(
    r"\b(?:see (?:you|ya|yall|you all|everyone|you guys) (?:all )?(?:next|tomorrow|soon|later|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|at|in|then|after|"
    r"this|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|hello (?:vacation|weekend|"
    r"\w+ days?|holidays?|summer|freedom|retirement|new job)|out of (?:the )?office|"
    r"back (?:on|next|in|monday|tomorrow)|talk (?:soon|tomorrow|"
    r"later|next)|until next time|till next time|next (?:week|month|session|time|class))\b"
)
# Never a general question: seeking a method, or a note left to be found ("if anyone finds this").
_METHOD_SEEKING = frozenset(
    {
        "means.lethal_dose",
        "means.research",
        "suicide.easiest_way",
        "means.highest_bridge",
        "means.how_many_would_it_take",
        "means.enough_to",
        "means.death_searched",
        "goodbye.found_note",
    }
)
_BEREAVED = re.compile(
    r"\b(?:died|dies|death|deaths|passed away|passed|lost (?:\w+ ){0,3}?to|loss (?:to|from)|"
    r"losing (?:\w+ ){0,3}?to) (?:by |of |from |to )?(?:an |a |his |her |their )?$"
)
# A phrase ending in a topic word ("talked about suicide") can head a topic ("... loss").
_TOPIC_ENDINGS = ("suicide", "self harm", "overdose", "overdoses")
# "asking for a friend" is normalised to "asking for me": the question is the writer's own.
_ASKING_FOR_ME = re.compile(
    r"\b(?:asking for (?:me|myself)|(?:it is|this is|i am asking) (?:for|about) (?:me|myself)|"
    r"i (?:want|need) to know for myself|not (?:asking )?for a (?:client|training|class))\b"
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
# Spanish third-person clitics and pronouns: "se quiere matar", "le pega".
_OTHER_CLITICS = frozenset(
    {"se", "le", "les", "lo", "la", "los", "las", "el", "ella", "ellos", "ellas", "su", "sus"}
)
_SPEECH = frozenset(
    {
        "said",
        "says",
        "saying",
        "texted",
        "texts",
        "texting",
        "wrote",
        "writes",
        "posted",
        "posts",
        "messaged",
        "messages",
        "told",
        "tells",
        "replied",
        "replies",
        "admitted",
        "disclosed",
        "emailed",
        "typed",
        "dmd",
    }
)
_MESSAGES = frozenset(
    {"email", "text", "message", "letter", "letters", "note", "notes", "voicemail", "card", "dm"}
)
# Verbs of handing something over: the person after "to my ..." only receives it.
_HANDING_OVER = frozenset(
    {
        "gave",
        "give",
        "giving",
        "given",
        "handed",
        "left",
        "leaving",
        "passed",
        "signed",
        "sent",
        "mailed",
        "donated",
        "goodbye",
        "bye",
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
        "cat",
        "cats",
        "dog",
        "dogs",
        "pet",
        "pets",
        "plants",
        "passwords",
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
    """A topic word, a question about an unnamed person, or an everyday farewell."""
    if rule.name in _FAREWELLS and _SEE_YOU_SOON.search(doc.text):
        return True
    if rule.name in _METHOD_SEEKING or _ASKING_FOR_ME.search(doc.text):
        return False
    if _topic_use(doc, m, rule):
        return True
    s_start, s_end = _sentence(doc, m)
    if not (_teaching_question(doc, s_start, s_end) or _framed(doc, m, s_start)):
        return False
    return not _recent_in_question(doc, s_start, s_end)


def _topic_use(doc: _Doc, m: re.Match[str], rule: _Rule) -> bool:
    """A topic ("suicide prevention", "sh-free") or a loss ("my brother died by overdose")."""
    if rule.noun and _BEREAVED.search(doc.text, max(0, m.start() - 40), m.start()):
        return True
    topical = rule.noun or m.group(0).endswith(_TOPIC_ENDINGS)
    return topical and bool(_TOPIC_AFTER.match(doc.text, m.end()))


def _teaching_question(doc: _Doc, s_start: int, s_end: int) -> bool:
    """A question with no "i" in it, asked for teaching material ("... ? for our training")."""
    return bool(
        _QUESTION_START.match(doc.text, s_start)
        and not _FIRST_PERSON.search(doc.text, s_start, s_end)
        and _PURPOSE.search(doc.text)
    )


def _framed(doc: _Doc, m: re.Match[str], s_start: int) -> bool:
    """A general-question or topic frame that governs the match."""
    # The frame must govern the match, not sit in an earlier, unrelated part of the sentence.
    start = max(s_start, m.start() - 70)
    for c in doc.clauses:
        if s_start < c <= m.start() and _FIRST_PERSON_START.match(doc.text, c):
            start = c
    return bool(
        _GENERAL.search(doc.text, start, m.end())
        or _TOPIC_BEFORE.search(doc.text, s_start, m.start())
    )


def _recent_in_question(doc: _Doc, start: int, end: int) -> bool:
    """A time cue that makes a question about now ("anymore" belongs to the risk phrase)."""
    return any(
        cue.group(0) not in ("anymore", "any more")
        for cue in _RECENT.finditer(doc.text, start, end)
    )


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
    """An injury with an everyday cause: "burned myself on the stove", "hit her head on a door"."""
    if rule.category == "self_harm":
        return bool(
            _ACCIDENT.match(doc.text, m.end())
            or _ANIMAL_ACTOR.search(doc.text, max(0, m.start() - 30), m.start())
        )
    return rule.category in ("abuse", "harm_to_others") and bool(_BUMP.match(doc.text, m.end()))


def _subject(doc: _Doc, m: re.Match[str], window: int = 30) -> Kind:
    """Whoever is named closest before the match; unnamed means the writer."""
    # The match's own first word counts too: "he is overdosing", "my client is ...".
    tokens = doc.text[: m.start()].split()[-window:] + m.group(0).split()[:1]
    for i in range(len(tokens) - 1, -1, -1):
        raw = tokens[i]
        tok = raw.strip('.,!?;:"')
        if tok in _FIRST:
            if _quoted(raw, tokens, i):
                continue  # "she texted me i love you all": the "i" is the speaker's
            return "self"
        if tok in _THIRD or tok in _PERSON_WORDS:
            if _recipient(tokens, i):
                continue  # "an email to my supervisor": who gets it, not who is at risk
            return "client"
        if tok == "my" and i + 1 < len(tokens) and tokens[i + 1].strip('.,!?;:"') in _MY_THINGS:
            return "self"
    return "self"


def _quoted(raw: str, tokens: list[str], i: int) -> bool:
    """A first-person word that opens reported speech ("he texted me 'i am done'")."""
    if i == 0:
        return False
    prev = tokens[i - 1].strip('.,!?;:"')
    if raw.startswith('"') and prev in _SPEECH | {"me", "us"}:
        return True
    if prev in _SPEECH:
        return True
    return prev in ("me", "us", "that", "saying") and i > 1 and tokens[i - 2] in _SPEECH


def _recipient(tokens: list[str], i: int) -> bool:
    """A person who only receives a message or a thing: "an email to my supervisor",
    "i texted my mom", "i gave my cat to my sister"."""
    if i < 2 or tokens[i - 1] not in ("my", "the", "our", "his", "her", "their"):
        return False
    if tokens[i - 2] in _SPEECH | {"emailed", "called", "asked"}:
        return i >= 3 and tokens[i - 3] in ("i", "we")
    if tokens[i - 2] not in ("to", "for"):
        return False
    before = [t.strip('.,!?;:"') for t in tokens[max(0, i - 8) : i - 2]]
    return any(t in _MESSAGES or t in _HANDING_OVER for t in before)


def _person(word: str) -> Kind | None:
    """Who a captured pronoun or noun phrase refers to, when it says."""
    first = word.split(maxsplit=1)[0]
    if first in ("me", "my", "myself", "i", "us", "ourselves", "yourself", "your", "you", "mi"):
        return "self"
    if first in _THIRD or first in _PERSON_WORDS or first in _OTHER_CLITICS:
        return "client"
    return None


def _kind(doc: _Doc, m: re.Match[str], rule: _Rule) -> tuple[Kind, str]:
    """Who is at risk, and the category (a victim hurt by the writer is harm to others)."""
    groups = m.groupdict()
    p = groups.get("p")
    # "bandages on my peer's wrists": the body belongs to someone else.
    named: Kind | None = "client" if groups.get("owner") else _person(p) if p else None
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
        if rule.gate is not None and not rule.gate.search(text):
            continue
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
