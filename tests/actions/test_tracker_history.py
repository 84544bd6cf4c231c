"""Conversation history is deleted only once Rasa has saved the turn, and entirely."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, insert, select

from actions.storage.tracker_history import EVENTS, delete_saved_history


def engine_with(tmp_path: Path, rows: list[tuple[str, str | None]]) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    EVENTS.metadata.create_all(engine)
    with engine.begin() as connection:
        for sender, action in rows:
            connection.execute(
                insert(EVENTS).values(sender_id=sender, type_name="action", action_name=action)
            )
    return engine


def test_waits_until_the_turn_is_saved(tmp_path: Path) -> None:
    """Before action_listen follows the delete action, nothing is deleted."""
    engine = engine_with(tmp_path, [("u", "utter_greet"), ("u", "action_delete_my_data")])
    assert delete_saved_history(engine, "u", "action_delete_my_data") is False
    with engine.connect() as connection:
        assert len(connection.execute(select(EVENTS)).all()) == 2


def test_deletes_all_of_that_user_and_nobody_else(tmp_path: Path) -> None:
    """Once saved, every row of that conversation goes; other conversations stay."""
    engine = engine_with(
        tmp_path,
        [("u", "utter_greet"), ("other", "utter_greet"), ("u", "action_delete_my_data"),
         ("u", "action_listen")],
    )  # fmt: skip
    assert delete_saved_history(engine, "u", "action_delete_my_data") is True
    with engine.connect() as connection:
        left = connection.execute(select(EVENTS.c.sender_id)).scalars().all()
    assert left == ["other"]
