"""Run the Telegram bridge: `python -m bot.telegram` (supervisord.conf's `telegram` program)."""

from bot.telegram.app import main

if __name__ == "__main__":
    raise SystemExit(main())
