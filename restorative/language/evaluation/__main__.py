"""Print precision, recall and F1 for the engine and the keyword baselines.

Usage: python -m restorative.language.evaluation [--errors] [--lexicon FILE] [--sentences FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from restorative.language.evaluation import SENTENCES_PATH, load_examples, run
from restorative.language.lexicon import DEFAULT_LEXICON_PATH, Lexicon


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m restorative.language.evaluation")
    parser.add_argument("--errors", action="store_true", help="list the engine's mistakes")
    parser.add_argument("--lexicon", type=Path, default=DEFAULT_LEXICON_PATH)
    parser.add_argument("--sentences", type=Path, default=SENTENCES_PATH)
    args = parser.parse_args(argv)

    lexicon = Lexicon.from_csv(args.lexicon)
    examples = load_examples(args.sentences)
    clean = sum(1 for example in examples if not example.gold)
    spans = sum(len(example.gold) for example in examples)
    print(
        f"Lexicon {lexicon.version or '(no version)'}: {len(lexicon)} entries. "
        f"Set: {len(examples)} sentences, {clean} with nothing to flag, {spans} labelled spans."
    )
    held_out = [example for example in examples if example.section.startswith("Held out")]
    for title, subset in (("All sentences", examples), ("Held-out section only", held_out)):
        if not subset:
            continue
        print(f"\n{title} ({len(subset)} sentences)")
        print(f"{'':24}{'precision':>10}{'recall':>10}{'F1':>10}{'TP':>6}{'FP':>6}{'FN':>6}")
        results = run(lexicon, subset)
        for name, (score, _errors) in results.items():
            print(
                f"{name:24}{score.precision:10.3f}{score.recall:10.3f}{score.f1:10.3f}"
                f"{score.true_positives:6}{score.false_positives:6}{score.false_negatives:6}"
            )
    results = run(lexicon, examples)
    if args.errors:
        print("\nEngine errors:")
        for line in results["engine"][1]:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
