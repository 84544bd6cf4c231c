"""Peerline's curated, cited knowledge base: one YAML card per question, plus one small loader."""

from knowledge.loader import (
    Card,
    KnowledgeBase,
    KnowledgeError,
    Recommendation,
    Source,
    Topic,
    get_knowledge,
    load,
    load_recommendations,
)

__all__ = [
    "Card",
    "KnowledgeBase",
    "KnowledgeError",
    "Recommendation",
    "Source",
    "Topic",
    "get_knowledge",
    "load",
    "load_recommendations",
]
