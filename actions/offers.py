"""Which guided tool a card's answer offers (knowledge/tools/offers.yml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

OFFERS_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "tools" / "offers.yml"


class Offer(BaseModel):
    """A button offering one tool under the answers of some cards."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cards: list[str] = Field(min_length=1)
    title: str = Field(min_length=3, max_length=40)
    payload: str = Field(min_length=3)


class Offers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    offers: list[Offer]


@cache
def tool_offers(path: Path = OFFERS_FILE) -> tuple[Offer, ...]:
    """Every offer in the file; a bad file fails naming it."""
    try:
        return tuple(Offers.model_validate(yaml.safe_load(path.read_text("utf-8"))).offers)
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ValueError(f"{path}: {error}") from error


def offer_buttons(card_id: str) -> list[dict[str, str]]:
    """The tool buttons to show under the answer to ``card_id`` (usually none)."""
    return [
        {"title": offer.title, "payload": offer.payload}
        for offer in tool_offers()
        if card_id in offer.cards
    ]
