"""make's entry points into the knowledge base.

python -m knowledge.cli generate            # data/nlu/knowledge.yml, knowledge/COVERAGE.md
python -m knowledge.cli report [OUT_DIR]    # reports/content/report.txt and .html
python -m knowledge.cli card NAME           # scaffold knowledge/cards/NAME.yml
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from knowledge.derived import (
    card_skeleton,
    content_report,
    coverage_markdown,
    nlu_yaml,
    report_html,
    report_text,
)
from knowledge.loader import ROOT, KnowledgeBase, KnowledgeError, load, load_recommendations

REPO = ROOT.parent
NLU_FILE = REPO / "data" / "nlu" / "knowledge.yml"
COVERAGE_FILE = ROOT / "COVERAGE.md"
RECOMMENDATIONS_FILE = ROOT / "recommendations.yml"


def _write_if_changed(path: Path, text: str) -> None:
    # An unchanged file keeps its timestamp, so make and Rasa's fingerprint see no change.
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}")


def generate(kb: KnowledgeBase) -> None:
    recommendations = load_recommendations(RECOMMENDATIONS_FILE, kb.sources)
    _write_if_changed(NLU_FILE, nlu_yaml(kb))
    _write_if_changed(COVERAGE_FILE, coverage_markdown(kb, recommendations))


def report(kb: KnowledgeBase, out_dir: Path) -> None:
    today = date.today()
    recommendations = load_recommendations(RECOMMENDATIONS_FILE, kb.sources)
    text = report_text(content_report(kb, recommendations, today), today)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.txt").write_text(text, encoding="utf-8")
    (out_dir / "report.html").write_text(report_html(text), encoding="utf-8")
    print(text)
    print(f"written to {out_dir / 'report.txt'} and report.html")


def new_card(kb: KnowledgeBase, name: str) -> None:
    path = ROOT / "cards" / f"{name}.yml"
    path.write_text(card_skeleton(name, kb, date.today()), encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)}: fill in every TODO, then `make knowledge unit`")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("generate")
    report_parser = commands.add_parser("report")
    report_parser.add_argument("out_dir", nargs="?", type=Path, default=REPO / "reports/content")
    card_parser = commands.add_parser("card")
    card_parser.add_argument("name")
    args = parser.parse_args(argv)
    try:
        kb = load()
        if args.command == "generate":
            generate(kb)
        elif args.command == "report":
            report(kb, args.out_dir)
        else:
            new_card(kb, args.name)
    except (KnowledgeError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
