"""The safety evaluation's figures and its threshold choice on a development set."""

from __future__ import annotations

from typing import Any

from benchmarks.safety_eval import (
    choose,
    choose_pooled,
    frontier,
    sweep,
    tier_figures,
    veto_cap,
)


def parsed(rules: str | None, semantic: float | None, dismissed: bool = False) -> dict[str, Any]:
    signals = {
        "rules": rules,
        "dismissed": dismissed,
        "diet": None,
        "diet_confidence": 0.0,
        "semantic": semantic,
        "semantic_kind": "self" if semantic is not None else None,
    }
    return {"safety": {"signals": signals}}


def test_tier_figures_count_recall_per_tier_and_false_alarms_per_tier() -> None:
    """Crisis and check recall on risk items; crisis and check rates on benign ones."""
    labels = ["self", "client", "self", "benign", "benign", "benign", "benign"]
    tiers = ["crisis", "crisis", "check", "crisis", "check", "none", "none"]
    kinds = ["self", "self", None, "self", None, None, None]
    figures = tier_figures(labels, tiers, kinds)
    assert figures["recall_crisis"] == 0.667
    assert figures["recall_crisis_or_check"] == 1.0
    assert figures["right_kind_among_crisis"] == 0.5
    assert figures["false_alarm_crisis"] == 0.25
    assert figures["false_alarm_check"] == 0.25
    assert figures["false_alarm_any"] == 0.5


def test_the_choice_meets_the_false_alarm_limits_before_recall() -> None:
    """A threshold that catches everything but alarms on benign text is not chosen."""
    items = [{"label": "self"}] * 3 + [{"label": "benign"}] * 20
    results = [parsed(None, 0.9), parsed(None, 0.6), parsed(None, 0.35)]
    # One benign text at 0.5: as a crisis it is 5% of benign (over 3%), as a check 5% (under 8%).
    results += [parsed(None, 0.5)] + [parsed(None, 0.1)] * 19
    chosen = choose(sweep(items, results))
    assert chosen is not None
    assert chosen["false_alarm_crisis"] <= 0.03
    assert chosen["false_alarm_check"] <= 0.08
    assert chosen["recall_crisis_or_check"] == 1.0
    # The benign 0.5 must not be a crisis: the crisis threshold sits above it.
    assert chosen["semantic_crisis"] > 0.5


def test_the_fallback_asks_instead_of_alarming_on_a_rule_hit_the_semantic_layer_doubts() -> None:
    """If the detector alone alarms too often, its doubted crisis becomes a check: the
    crisis false alarm goes, recall (crisis or check) stays whole."""
    items = [{"label": "self"}, {"label": "benign"}]
    chosen = choose(sweep(items, [parsed(None, 0.99), parsed("self", 0.01)]))
    assert chosen is not None
    assert chosen["semantic_doubt"] > 0.01
    assert chosen["false_alarm_crisis"] == 0.0
    assert chosen["recall_crisis_or_check"] == 1.0


def test_recall_comes_before_fewer_checks_when_the_limits_cannot_all_be_met() -> None:
    """Ten risk messages, one of them scored 0.3, and three benign ones at 0.35: the only
    setting without a benign check misses it (recall 0.9), so the 0.95 target wins and the
    benign messages are asked."""
    items = [{"label": "self"}] * 10 + [{"label": "benign"}] * 10
    results = [parsed(None, 0.9)] * 9 + [parsed(None, 0.3)]
    results += [parsed(None, 0.35)] * 3 + [parsed(None, 0.05)] * 7
    chosen = choose(sweep(items, results))
    assert chosen is not None
    assert chosen["recall_crisis_or_check"] == 1.0
    assert chosen["false_alarm_check"] == 0.3
    assert chosen["false_alarm_crisis"] == 0.0


def test_the_frontier_gives_the_fewest_checks_at_each_recall_floor() -> None:
    """Ten risk messages, one scored 0.3; benign ones at 0.35: 0.9 recall needs no benign
    check, 0.91 and up need the three; the floors stop where no setting reaches them."""
    items = [{"label": "self"}] * 10 + [{"label": "benign"}] * 10
    results = [parsed(None, 0.9)] * 9 + [parsed(None, 0.3)]
    results += [parsed(None, 0.35)] * 3 + [parsed(None, 0.05)] * 7
    rows = frontier(sweep(items, results))
    assert [(r["recall_floor"], r["false_alarm_check"]) for r in rows[:2]] == [
        (0.9, 0.0),
        (0.91, 0.3),
    ]
    assert rows[-1]["recall_floor"] == 0.99


def test_the_veto_cap_is_the_lowest_semantic_score_of_a_rule_caught_risk_message() -> None:
    """Benign items, risk the rules miss and a layer that is off do not lower the cap."""
    items = [{"label": "self"}, {"label": "client"}, {"label": "benign"}, {"label": "self"}]
    results = [parsed("self", 0.3), parsed("client", 0.02), parsed("self", 0.001)]
    results += [parsed(None, 0.0)]
    assert veto_cap([(items, results)]) == 0.02
    assert veto_cap([([{"label": "self"}], [parsed("self", None)])]) == 1.0


def test_a_veto_is_swept_only_up_to_the_cap() -> None:
    """Without a cap no veto is tried; with one, a rule hit on benign text under it is dropped."""
    items = [{"label": "self"}, {"label": "benign"}]
    results = [parsed("self", 0.5), parsed("self", 0.001)]
    assert {row["semantic_veto"] for row in sweep(items, results)} == {0.0}
    chosen = choose(sweep(items, results, cap=0.01))
    assert chosen is not None
    assert chosen["semantic_veto"] > 0.001
    assert chosen["false_alarm_any"] == 0.0
    assert chosen["recall_crisis_or_check"] == 1.0


def test_a_pooled_choice_holds_every_set_to_the_crisis_margin() -> None:
    """Set A alone would let the semantic layer alarm at 0.9 (its one benign 0.85 stays
    out); set B has a benign message at 0.92, a crisis false alarm of 1 in 20 (5%). Pooled
    with a 3% margin per set, the semantic layer must not alarm at 0.9 any more, and both
    sets keep their recall through the check."""
    a_items = [{"label": "self"}] * 2 + [{"label": "benign"}] * 20
    a = [parsed(None, 0.95), parsed(None, 0.7)] + [parsed(None, 0.85)] + [parsed(None, 0.05)] * 19
    b_items = [{"label": "self"}] * 2 + [{"label": "benign"}] * 20
    b = [parsed(None, 0.96), parsed(None, 0.8)] + [parsed(None, 0.92)] + [parsed(None, 0.05)] * 19
    alone = choose(sweep(a_items, a))
    assert alone is not None and alone["semantic_crisis"] <= 0.9
    chosen = choose_pooled(
        {"a": sweep(a_items, a), "b": sweep(b_items, b)}, sweep(a_items + b_items, a + b), 0.03
    )
    assert chosen is not None
    assert chosen["semantic_crisis"] > 0.92
    for figures in chosen["per_set"].values():
        assert figures["false_alarm_crisis"] <= 0.03
        assert figures["recall_crisis_or_check"] == 1.0


def test_no_pooled_choice_when_a_set_cannot_meet_the_margin() -> None:
    """A benign message scored above every risk message: no gate keeps recall and the margin."""
    items = [{"label": "self"}, {"label": "benign"}]
    rows = sweep(items, [parsed(None, 0.5), parsed("self", 0.99)])
    assert choose_pooled({"a": rows}, rows, 0.0) is None
