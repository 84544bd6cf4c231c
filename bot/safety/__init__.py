"""Safety layer: deterministic crisis detection for incoming messages."""

from bot.safety.detector import Assessment, Detection, assess, detect

__all__ = ["Assessment", "Detection", "assess", "detect"]
