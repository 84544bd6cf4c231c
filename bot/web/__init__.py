"""The embeddable web chat widget (src/, built to dist/widget.js) and the small server that
serves it with a demo agency page (docs/widget.md)."""
