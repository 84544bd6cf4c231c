"""Load benchmark of the full stack (Rasa + action server) against the `rasa init` baseline.

    python -m benchmarks.load [--quick] [--tune]     # via `make bench` / `make bench-tune`

See benchmarks/load/__main__.py for the phases and docs/performance.md for the figures.
"""
