"""What every Peerline process shares: pseudonyms, note keys, sealing, fixed replies.

The bottom layer (import-linter's contract in pyproject.toml): it imports nothing else
from the project, and only the standard library and ``cryptography``, so it runs in
both environments, Rasa's (SQLAlchemy 1.4, pydantic 1) and ours (SQLAlchemy 2,
pydantic 2).
"""
