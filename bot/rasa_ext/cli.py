"""Rasa's own command line, with Peerline's speed-ups installed first.

    $RASA_VENV/bin/python -m bot.rasa_ext.cli run --model models ...

is ``rasa run --model models ...`` with ``bot.rasa_ext.speedups`` applied; every other
argument is Rasa's. scripts/rasa_run.sh, the test stacks and the benchmarks start Rasa this way.
"""

from __future__ import annotations

from bot.rasa_ext import speedups


def main() -> None:
    speedups.install()
    from rasa.__main__ import (  # type: ignore[import-not-found]  # noqa: PLC0415  # Rasa's env
        main as rasa_main,
    )

    rasa_main()


if __name__ == "__main__":
    main()
