"""The everyday words the scrubber's privacy-first rules leave alone."""

from __future__ import annotations

import gzip

from scripts.common_words import OUT, common_words


def test_words_written_in_lowercase_often_enough_are_common() -> None:
    """A word counts once it is written in lowercase three times; capitals don't count."""
    texts = ["my client relapsed", "client relapsed again", "a client, Blaze, relapsed blaze"]
    assert common_words(texts, names=set()) == ["client", "relapsed"]


def test_a_listed_first_name_is_never_common() -> None:
    """A name the examples use ("priya") stays a name however often it is written."""
    texts = ["ask priya", "priya said", "priya asked"]
    assert common_words(texts, names={"priya"}) == []
    assert common_words(texts, names=set()) == ["priya"]


def test_the_shipped_list_holds_our_vocabulary_and_no_rare_words() -> None:
    """The file the scrubber reads knows "medicaid" and "relapsed", not "blaze"."""
    with gzip.open(OUT, "rt", encoding="utf-8") as handle:
        words = {line.strip() for line in handle if not line.startswith("#")}
    assert {"medicaid", "relapsed", "supervisor"} <= words
    assert not {"blaze", "kestrel", "priya"} & words
