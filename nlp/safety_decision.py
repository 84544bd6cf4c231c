"""The safety net's decision: three tiers from three layers (pure Python, no Rasa).

Layers, strongest first:

* ``rules``: the deterministic detector (``bot.safety.detector``) found a risk signal;
* ``diet``: DIET predicted ``crisis_self`` or ``crisis_client``;
* ``semantic``: the risk classifier on sentence embeddings gives a probability of risk.

Tiers:

* ``crisis``: the detector fired; or DIET at ``diet_crisis`` or above; or the semantic
  probability at ``semantic_crisis`` or above;
* ``check``: the uncertain band: DIET's crisis call at ``diet_check`` or above but below
  ``diet_crisis``, or the semantic probability between ``semantic_check`` and
  ``semantic_crisis``;
* ``none``.

When the detector read risk words and judged every one benign (``dismissed``: negated,
an idiom, a distant past, a general question), DIET is not believed at all (as before
the semantic layer) and a semantic crisis is lowered to a check.

When the semantic layer is confident there is no risk (probability below
``semantic_doubt``), a crisis from the rules or from DIET is lowered to a check: the
assistant still asks, and still gives 988, but does not open with the crisis reply for a
training question or a recovery story that happens to use the words. The doubt may sit
above ``semantic_check``: a rule hit is never lowered below a check, so recall (crisis or
check) does not change, only which of the two replies comes first.

Below ``semantic_veto`` (0 by default: never) the semantic layer dismisses a rule hit
altogether, and the other layers decide as if the detector had not fired. It is chosen only
as low as keeps every risk message the rules catch in the labelled sets (``make unit``'s
utterances.yml must keep 100% crisis-or-check).

DIET's check needs the semantic probability at ``diet_check_floor`` or above (when the layer
is on): DIET alone, in its uncertain band, asks about training questions as often as about
disclosures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Tier = Literal["crisis", "check", "none"]
Kind = Literal["self", "client"]
Layer = Literal["rules", "diet", "semantic"]


@dataclass(frozen=True)
class Thresholds:
    """Where each layer's confidence puts a message (chosen on the development set)."""

    diet_crisis: float = 0.99
    diet_check: float = 0.5
    semantic_crisis: float = 0.97
    semantic_check: float = 0.3
    semantic_doubt: float = 0.0
    diet_check_floor: float = 0.0
    # DIET's check when the semantic layer is off: the floor above cannot be applied, and a
    # low DIET check band chosen with it would ask about short everyday answers.
    diet_check_alone: float = 0.9
    semantic_veto: float = 0.0

    def __post_init__(self) -> None:
        if not 0.0 <= self.diet_check <= self.diet_crisis <= 1.0:
            raise ValueError("need 0 <= diet_check <= diet_crisis <= 1")
        if not 0.0 <= self.semantic_check <= self.semantic_crisis <= 1.0:
            raise ValueError("need 0 <= semantic_check <= semantic_crisis <= 1")
        if not 0.0 <= self.semantic_doubt <= 1.0:
            raise ValueError("need 0 <= semantic_doubt <= 1")
        if not 0.0 <= self.diet_check_floor <= 1.0:
            raise ValueError("need 0 <= diet_check_floor <= 1")
        if not 0.0 <= self.diet_check_alone <= 1.0:
            raise ValueError("need 0 <= diet_check_alone <= 1")
        if not 0.0 <= self.semantic_veto <= self.semantic_check:
            raise ValueError("need 0 <= semantic_veto <= semantic_check")


@dataclass(frozen=True)
class Signals:
    """What each layer said about one message."""

    rules: Kind | None = None
    dismissed: bool = False
    diet: Kind | None = None
    diet_confidence: float = 0.0
    semantic: float | None = None  # probability of risk; None when the layer is off
    semantic_kind: Kind = "self"
    # DIET, the card ranker and the scope model agree that the message asks a card's question
    # (CrisisDetector's knowledge_* gates): a semantic-only check is then not asked.
    knowledge_question: bool = False


@dataclass(frozen=True)
class Decision:
    """The tier, who is at risk (for crisis), and which layer decided, with its score."""

    tier: Tier
    kind: Kind | None = None
    layer: Layer | None = None
    score: float = 0.0


NONE = Decision("none")


def decide(signals: Signals, thresholds: Thresholds) -> Decision:
    """The tier for one message; the strongest layer that fires names it."""
    semantic = signals.semantic
    doubted: Tier = (
        "check" if semantic is not None and semantic < thresholds.semantic_doubt else "crisis"
    )
    vetoed = semantic is not None and semantic < thresholds.semantic_veto
    if signals.rules is not None and not vetoed:
        return Decision(doubted, signals.rules, "rules", 1.0)
    diet_believed = signals.diet is not None and not signals.dismissed
    confidence = signals.diet_confidence
    if diet_believed and confidence >= thresholds.diet_crisis:
        return Decision(doubted, signals.diet, "diet", confidence)
    if semantic is not None and semantic >= thresholds.semantic_crisis:
        tier: Tier = "check" if signals.dismissed else "crisis"
        return Decision(tier, signals.semantic_kind, "semantic", semantic)
    if semantic is None:
        check_gate = max(thresholds.diet_check, thresholds.diet_check_alone)
    elif semantic >= thresholds.diet_check_floor:
        check_gate = thresholds.diet_check
    else:
        check_gate = 2.0  # above any confidence: DIET's check needs the semantic floor
    if diet_believed and confidence >= check_gate:
        return Decision("check", signals.diet, "diet", confidence)
    # A question the cards answer, with no rule and no DIET crisis behind the semantic
    # probability, is answered rather than asked about (docs/safety.md, sixth round).
    answered = signals.knowledge_question and signals.diet is None
    if (
        semantic is not None
        and not signals.dismissed
        and not answered
        and semantic >= thresholds.semantic_check
    ):
        return Decision("check", signals.semantic_kind, "semantic", semantic)
    return NONE
