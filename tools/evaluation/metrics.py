"""Precision, recall, F1 and confusion matrices for the evaluation commands."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def per_class(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, dict]:
    out = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
    return out


def macro_f1(scores: dict[str, dict]) -> float:
    present = [s["f1"] for s in scores.values() if s["support"] > 0]
    return sum(present) / len(present) if present else 0.0


def confusion(gold: Sequence[str], pred: Sequence[str]) -> Counter:
    return Counter(zip(gold, pred, strict=True))


def format_table(scores: dict[str, dict]) -> str:
    lines = [f"{'verdict':<14}{'precision':>10}{'recall':>10}{'f1':>8}{'n':>6}"]
    for lab, s in scores.items():
        lines.append(
            f"{lab:<14}{s['precision']:>10.3f}{s['recall']:>10.3f}{s['f1']:>8.3f}{s['support']:>6}"
        )
    lines.append(f"{'macro-F1':<14}{'':>10}{'':>10}{macro_f1(scores):>8.3f}")
    return "\n".join(lines)


def format_confusion(cm: Counter, labels: Sequence[str]) -> str:
    short = {lab: lab[:6] for lab in labels}
    corner = "gold / pred"
    head = f"{corner:<14}" + "".join(f"{short[lab]:>8}" for lab in labels)
    lines = [head]
    for g in labels:
        row = f"{g:<14}" + "".join(f"{cm.get((g, p), 0):>8}" for p in labels)
        lines.append(row)
    return "\n".join(lines)
