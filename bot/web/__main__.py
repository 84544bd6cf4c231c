"""Run the web widget server: `python -m bot.web`."""

from bot.web.server import main

if __name__ == "__main__":
    raise SystemExit(main())
