"""Peerline's own database (check-ins, anonymous counts): SQLAlchemy 2 models and sessions."""
