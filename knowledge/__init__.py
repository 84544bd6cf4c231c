"""Peerline's curated, cited knowledge base: YAML entries plus one small loader."""

from knowledge.loader import Entry, KnowledgeBase, KnowledgeError, Source, get_knowledge, load

__all__ = ["Entry", "KnowledgeBase", "KnowledgeError", "Source", "get_knowledge", "load"]
