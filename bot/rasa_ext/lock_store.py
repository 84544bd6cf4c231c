"""Rasa's Redis ticket lock, with every change to a lock made atomic between processes.

Runs inside Rasa's process (``type: bot.rasa_ext.lock_store.AtomicRedisLockStore`` in
endpoints.yml, with the same keys as ``type: redis``). Rasa 3.6's ``RedisLockStore`` changes a
conversation's ticket list as a ``GET``, a change in Python and a ``SET``: two processes
issuing tickets for one conversation at the same instant can both get ticket 0 and run two
turns of that conversation at once, and the later save then silently drops its user message
(RasaHQ/rasa#9213; seen in ``make test-scale``). Here each read-change-write is one optimistic
Redis transaction (``WATCH``, then ``MULTI``/``EXEC``, retried when another process changed
the lock in between), so tickets are unique and served in order whichever process took them.
The stored format is Rasa's own, so processes can be switched over one at a time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from rasa.core.lock import TicketLock  # type: ignore[import-not-found]  # Rasa's env
from rasa.core.lock_store import (  # type: ignore[import-not-found]  # as above
    LOCK_LIFETIME,
    LockError,
    RedisLockStore,
)

from bot.rasa_ext.settings import get_edge_settings

logger = logging.getLogger(__name__)

Result = TypeVar("Result")
# What a change does to a conversation's lock: the lock to store (None: delete it), and a result.
Change = Callable[[TicketLock | None], tuple[TicketLock | None, Result]]


class AtomicRedisLockStore(RedisLockStore):  # type: ignore[misc]  # Rasa is untyped here
    """``RedisLockStore`` whose ticket changes are Redis transactions."""

    def __init__(self, endpoint_config: Any) -> None:
        # Rasa builds a custom lock store with its endpoint only; `type: redis` passes the
        # same keys to RedisLockStore this way (rasa/core/lock_store.py).
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)
        turn_timeout_s = get_edge_settings().turn_timeout_s
        if turn_timeout_s >= LOCK_LIFETIME:
            # A turn still running when its ticket expires lets the next message in beside it.
            logger.warning(
                "TICKET_LOCK_LIFETIME (%s s) should be longer than PEERLINE_TURN_TIMEOUT_S "
                "(%s s): a slow turn could outlive its lock.",
                LOCK_LIFETIME,
                turn_timeout_s,
            )

    def _change(self, conversation_id: str, change: Change[Result]) -> Result:
        key = self.key_prefix + conversation_id

        def attempt(pipe: Any) -> Result:
            serialised = pipe.get(key)  # immediate: the pipeline is WATCHing the key
            lock = TicketLock.from_dict(json.loads(serialised)) if serialised else None
            changed, result = change(lock)
            pipe.multi()
            if changed is not None:
                pipe.set(key, changed.dumps())
            elif lock is not None:
                pipe.delete(key)
            return result  # no lock before or after: an empty transaction, nothing written

        result: Result = self.red.transaction(attempt, key, value_from_callable=True)
        return result

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:  # as Rasa's: the message gets a LockError, not a crash
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, finish)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Rasa removes the ticket, then deletes the lock if no one waits, in three steps: a
        # ticket issued in between would be deleted with the lock.
        def finish_and_tidy(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, finish_and_tidy)
