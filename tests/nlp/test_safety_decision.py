"""The three-tier decision: which layer fires, when DIET counts, and what "dismissed" does."""

from __future__ import annotations

import pytest

from nlp.safety_decision import NONE, Decision, Signals, Thresholds, decide

T = Thresholds(diet_crisis=0.9, diet_check=0.5, semantic_crisis=0.8, semantic_check=0.3)


def test_the_detector_wins_whatever_the_other_layers_say() -> None:
    """A rule hit is a crisis for the kind the detector named, even against DIET and the model."""
    signals = Signals(rules="client", diet="self", diet_confidence=0.99, semantic=0.01)
    assert decide(signals, T) == Decision("crisis", "client", "rules", 1.0)


def test_nothing_fires_on_a_plain_message() -> None:
    """No rule, no DIET crisis and a low semantic probability: no tier."""
    assert decide(Signals(semantic=0.05), T) == Decision("none")


def test_diet_at_the_gate_is_a_crisis() -> None:
    """DIET's crisis intent at exactly 0.9 is believed as a crisis of its kind."""
    decision = decide(Signals(diet="client", diet_confidence=0.9, semantic=0.0), T)
    assert decision == Decision("crisis", "client", "diet", 0.9)


def test_diet_below_the_gate_but_meaningful_asks() -> None:
    """DIET's crisis intent at 0.89 is no longer a crisis, but the assistant checks in."""
    decision = decide(Signals(diet="self", diet_confidence=0.89, semantic=0.0), T)
    assert decision == Decision("check", "self", "diet", 0.89)


def test_diet_below_the_check_band_is_nothing() -> None:
    """DIET's crisis intent below 0.5 with nothing else is no tier."""
    assert decide(Signals(diet="self", diet_confidence=0.49, semantic=0.0), T).tier == "none"


def test_dismissed_overrules_a_confident_diet() -> None:
    """When the detector read risk words and judged them benign, DIET is not believed."""
    signals = Signals(dismissed=True, diet="self", diet_confidence=0.99, semantic=0.1)
    assert decide(signals, T) == Decision("none")


def test_dismissed_lowers_a_semantic_crisis_to_a_check() -> None:
    """A negated or idiomatic message that still reads as risk gets a question, not 988 alone."""
    decision = decide(Signals(dismissed=True, semantic=0.95, semantic_kind="self"), T)
    assert decision == Decision("check", "self", "semantic", 0.95)


def test_dismissed_silences_the_semantic_check_band() -> None:
    """A dismissed message in the uncertain band is left alone."""
    assert decide(Signals(dismissed=True, semantic=0.6), T).tier == "none"


def test_semantic_tiers_follow_the_two_thresholds() -> None:
    """Semantic probability: crisis at 0.8 and above, check from 0.3, none below."""
    tiers = [decide(Signals(semantic=p), T).tier for p in (0.29, 0.3, 0.79, 0.8)]
    assert tiers == ["none", "check", "check", "crisis"]


def test_semantic_crisis_names_the_likelier_kind() -> None:
    """The semantic layer's crisis keeps the kind the classifier found likelier."""
    decision = decide(Signals(semantic=0.9, semantic_kind="client"), T)
    assert (decision.tier, decision.kind, decision.layer) == ("crisis", "client", "semantic")


def test_a_confident_diet_beats_a_semantic_crisis() -> None:
    """DIET at the gate names the layer and the kind before the semantic layer."""
    decision = decide(
        Signals(diet="client", diet_confidence=0.95, semantic=0.99, semantic_kind="self"), T
    )
    assert (decision.layer, decision.kind) == ("diet", "client")


def test_semantic_crisis_outranks_a_diet_check() -> None:
    """A DIET check does not hide a semantic crisis."""
    decision = decide(Signals(diet="self", diet_confidence=0.6, semantic=0.85), T)
    assert (decision.tier, decision.layer) == ("crisis", "semantic")


def test_semantic_layer_off_falls_back_to_rules_and_diet() -> None:
    """With no semantic probability (model not loaded) the other two layers decide; DIET
    asks from its standalone gate, not from the lower band the semantic floor guards."""
    assert decide(Signals(semantic=None), T).tier == "none"
    assert decide(Signals(diet="self", diet_confidence=0.95, semantic=None), T).tier == "crisis"
    assert decide(Signals(diet="self", diet_confidence=0.7, semantic=None), T).tier == "none"


def test_semantic_doubt_lowers_a_rule_crisis_to_a_check_not_below() -> None:
    """A rule hit the semantic layer doubts (0.2 < 0.5) asks instead of alarming; one it
    believes (0.6) stays a crisis; however low the probability, it is never dropped."""
    doubting = Thresholds(semantic_check=0.3, semantic_doubt=0.5)
    assert decide(Signals(rules="client", semantic=0.2), doubting) == Decision(
        "check", "client", "rules", 1.0
    )
    assert decide(Signals(rules="self", semantic=0.0), doubting).tier == "check"
    assert decide(Signals(rules="self", semantic=0.6), doubting).tier == "crisis"


def test_semantic_doubt_needs_the_layer_on() -> None:
    """With the semantic layer off, a rule hit is a crisis whatever the doubt threshold."""
    doubting = Thresholds(semantic_doubt=0.9)
    assert decide(Signals(rules="self", semantic=None), doubting).tier == "crisis"


def test_a_diet_check_needs_the_semantic_floor() -> None:
    """DIET in its check band asks only when the semantic probability reaches the floor;
    with the semantic layer off, DIET asks on its own only at its standalone gate (0.9)."""
    floored = Thresholds(diet_crisis=0.99, diet_check=0.5, semantic_check=0.9, diet_check_floor=0.3)
    assert decide(Signals(diet="self", diet_confidence=0.8, semantic=0.29), floored).tier == "none"
    assert decide(Signals(diet="self", diet_confidence=0.8, semantic=0.3), floored) == Decision(
        "check", "self", "diet", 0.8
    )
    assert decide(Signals(diet="self", diet_confidence=0.8, semantic=None), floored).tier == "none"
    assert decide(Signals(diet="self", diet_confidence=0.92, semantic=None), floored) == Decision(
        "check", "self", "diet", 0.92
    )
    alone = Thresholds(diet_check=0.5, diet_check_alone=0.7)
    assert decide(Signals(diet="self", diet_confidence=0.75), alone).tier == "check"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"diet_crisis": 0.5, "diet_check": 0.6},
        {"semantic_crisis": 0.2, "semantic_check": 0.3},
        {"semantic_crisis": 1.2},
        {"semantic_doubt": -0.1},
        {"diet_check_floor": 1.5},
        {"diet_check_alone": -0.2},
    ],
)
def test_thresholds_must_be_ordered(kwargs: dict[str, float]) -> None:
    """A check threshold above its crisis threshold (or outside 0-1) is refused."""
    with pytest.raises(ValueError, match="need"):
        Thresholds(**kwargs)


def test_a_semantic_veto_dismisses_a_rule_hit_only_below_it() -> None:
    """Below semantic_veto a rule hit is dropped and the other layers decide; at it, kept."""
    veto = Thresholds(semantic_check=0.3, semantic_veto=0.05)
    assert decide(Signals(rules="self", semantic=0.04), veto) == NONE
    assert decide(Signals(rules="self", semantic=0.05), veto).tier == "crisis"
    assert decide(Signals(rules="self"), veto).tier == "crisis"  # layer off: no veto
    diet = Signals(rules="self", diet="client", diet_confidence=0.95, semantic=0.01)
    assert decide(diet, veto) == Decision("check", "client", "diet", 0.95)


def test_the_veto_cannot_reach_the_check_band() -> None:
    """A veto above the semantic check threshold would drop messages the layer itself asks."""
    with pytest.raises(ValueError, match="semantic_veto"):
        Thresholds(semantic_check=0.2, semantic_veto=0.3)


def test_a_knowledge_question_clears_only_a_semantic_check() -> None:
    """A card's question with a semantic probability in the check band is answered; the
    same probability without the knowledge agreement is asked about."""
    assert decide(Signals(semantic=0.5, knowledge_question=True), T) == NONE
    assert decide(Signals(semantic=0.5), T).tier == "check"


def test_a_knowledge_question_never_clears_a_crisis_a_rule_or_a_diet_signal() -> None:
    """The semantic crisis, a rule hit and DIET's crisis intent (even in its check band)
    still decide when the message also looks like a card's question."""
    assert decide(Signals(semantic=0.85, knowledge_question=True), T).tier == "crisis"
    rule = Signals(rules="self", semantic=0.5, knowledge_question=True)
    assert decide(rule, T) == Decision("crisis", "self", "rules", 1.0)
    diet = Signals(diet="client", diet_confidence=0.6, semantic=0.5, knowledge_question=True)
    assert decide(diet, T) == Decision("check", "client", "diet", 0.6)
    weak_diet = Signals(diet="self", diet_confidence=0.2, semantic=0.5, knowledge_question=True)
    assert decide(weak_diet, T).tier == "check"
