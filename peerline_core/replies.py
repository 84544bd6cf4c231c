"""The fixed replies our code sends itself, when Rasa's own responses cannot be used.

Every channel sends the same words: the Rasa channels, the Telegram bridge, and the
benchmarks and tests that recognise them.
"""

from __future__ import annotations

SUPPORT_NOW = (
    "If you need support now, call or text 988 (Suicide & Crisis Lifeline) or chat at "
    "https://988lifeline.org."
)
SLOW_DOWN = (
    "Please slow down a little: you're sending messages faster than I can answer, so I'll "
    "skip some for a minute. " + SUPPORT_NOW
)
TROUBLE = (
    "I'm having trouble right now and couldn't finish that. Nothing was half-saved. "
    "Please try again in a moment, or send your last message again. " + SUPPORT_NOW
)
