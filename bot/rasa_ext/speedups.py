"""Rasa 3.6 hot spots that Peerline replaces when it starts Rasa (``bot.rasa_ext.cli``).

Measured with py-spy on ``rasa run`` under the benchmark's conversation mix
(README, "Performance"): more than half of the Rasa process's CPU time per turn went to
``RemoteAction._validate_action_result``, which calls ``jsonschema.validate`` on every
custom-action response. That function first checks the schema itself against the JSON Schema
2020-12 meta-schema, every time, then builds a new validator. Here the schema is checked and
the validator built once, at start; each response is still validated against the same schema
with the same validator class, and an invalid one raises the same ``ValidationError`` with
Rasa's message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Validate = Callable[[Any], None]


def compiled_validator(schema: dict[str, Any]) -> Validate:
    """``jsonschema.validate(instance, schema)`` for one fixed schema, checked once."""
    from jsonschema import (  # type: ignore[import-untyped]  # noqa: PLC0415  # Rasa's env only
        exceptions,
        validators,
    )

    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)

    def validate(instance: Any) -> None:
        # What jsonschema.validate does after checking the schema.
        error = exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    return validate


def install() -> None:
    """Replace Rasa's per-response schema check of custom actions with a compiled one."""
    from jsonschema import ValidationError  # noqa: PLC0415  # Rasa's env only
    from rasa.core.actions.action import (  # type: ignore[import-not-found]  # noqa: PLC0415
        RemoteAction,
    )
    from rasa.shared.constants import (  # type: ignore[import-not-found]  # noqa: PLC0415
        DOCS_BASE_URL,
    )

    validate = compiled_validator(RemoteAction.action_response_format_spec())

    def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        # rasa/core/actions/action.py, RemoteAction._validate_action_result, same message.
        try:
            validate(result)
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, "
                "make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
            )
            raise
        return True

    RemoteAction._validate_action_result = _validate_action_result
