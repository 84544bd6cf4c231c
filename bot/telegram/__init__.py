"""Telegram bridge: python-telegram-bot in front of Rasa's REST channel (docs/telegram.md)."""
