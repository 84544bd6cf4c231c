"""Safety layer: deterministic crisis detection for incoming messages."""

from bot.safety.detector import Detection, detect

__all__ = ["Detection", "detect"]
