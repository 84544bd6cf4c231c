"""Peerline's NLP pieces that run inside the Rasa engine (spaCy pipeline, NLU components)."""
