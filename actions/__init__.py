"""Peerline's custom actions, split by concept (toolkit, check-ins, safety)."""
