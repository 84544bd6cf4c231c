"""Run the Telegram bridge: `python -m bot.telegram` (the Procfile's `telegram:` line)."""

from bot.telegram.app import main

if __name__ == "__main__":
    raise SystemExit(main())
