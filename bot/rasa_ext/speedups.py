"""Faster stand-ins for two Rasa 3.6 hot spots, installed when Peerline starts Rasa.

``bot.rasa_ext.cli`` calls ``install`` before a model is loaded; the decisions stay Rasa's
(tests/integration/test_speedups.py compares both ways).

* ``install_compiled_action_schema``: Rasa validates every custom-action response with
  ``jsonschema.validate``, which checks the schema itself against its meta-schema and
  builds a new validator on every call. Here the schema is checked and the validator built
  once, at start; each response is still validated against the same schema with the same
  validator class, and an invalid one raises the same ``ValidationError`` with Rasa's
  message.
* ``install_fast_diet_load``: ``RasaModel.load`` creates DIET's weights by training it on
  one example (tracing the whole training graph) before restoring them from the
  checkpoint. For prediction the weights are created by one eager forward pass instead,
  then restored from the same checkpoint (without the optimizer's state, needed only to
  go on training), and the prediction graph is traced as before. Fine-tuning (``rasa
  train --finetune``) and every other model class keep Rasa's own load.
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
    """Install both replacements (Rasa's process only, before a model is loaded)."""
    install_compiled_action_schema()
    install_fast_diet_load()


def install_fast_diet_load() -> None:
    """Load DIET for prediction without training it on one example first."""
    import tensorflow as tf  # type: ignore[import-untyped]  # noqa: PLC0415  # Rasa env
    from rasa.nlu.classifiers.diet_classifier import (  # type: ignore[import-not-found]  # noqa: PLC0415
        DIET,
    )
    from rasa.utils.tensorflow.constants import (  # type: ignore[import-not-found]  # noqa: PLC0415
        LEARNING_RATE,
        RUN_EAGERLY,
    )
    from rasa.utils.train_utils import (  # type: ignore[import-not-found]  # noqa: PLC0415
        create_data_generators,
    )

    rasa_load = DIET.load.__func__  # the classmethod's function, for the cases left to Rasa

    def load(
        cls: Any,
        model_file_name: str,
        model_data_example: Any,
        predict_data_example: Any = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if finetune_mode or predict_data_example is None or cls is not DIET:
            return rasa_load(
                cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                *args, **kwargs,
            )  # fmt: skip
        config = kwargs.get("config", {})
        model = cls(*args, **kwargs)
        model.compile(
            optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
            run_eagerly=config.get(RUN_EAGERLY),
        )
        generator, _ = create_data_generators(
            model_data=predict_data_example, batch_sizes=1, epochs=1, shuffle=False
        )
        model.predict_step(next(iter(generator))[0])  # eager forward pass: creates the weights
        model.load_weights(model_file_name).expect_partial()  # no optimizer state
        # The forward pass above prepared the label embeddings with the initial weights:
        # prepare them again, from the loaded ones, on the traced first prediction (as Rasa).
        model.prepared_for_prediction = False
        model._tf_predict_step = None
        model.run_inference(predict_data_example)
        return model

    DIET.load = classmethod(load)


def install_compiled_action_schema() -> None:
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
