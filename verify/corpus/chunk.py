"""Cutting a segmented document into sentences and passages (the retrieval units).

A passage is one sentence, or a few consecutive short ones ("Thank you. Yes.") until it
has at least ``MIN_PASSAGE_WORDS`` words; a very long sentence is cut into pieces of about
``PASSAGE_WORDS`` words. Quotes are mostly one or two sentences, and a sentence-sized unit
keeps the embedding of a quoted sentence close to the embedding of its source (a longer
passage dilutes it). Passages never cross a turn boundary, so each has one speaker.
"""

from __future__ import annotations

import re

from verify.models import Turn
from verify.text.tokens import split_sentences

PASSAGE_WORDS = 40
LONG_SENTENCE_WORDS = 60
MIN_PASSAGE_WORDS = 12

_WORD = re.compile(r"\S+")


def _cut_long(text: str, s: int, e: int) -> list[tuple[int, int]]:
    spans = [m.span() for m in _WORD.finditer(text, s, e)]
    if len(spans) <= LONG_SENTENCE_WORDS:
        return [(s, e)]
    pieces = []
    for i in range(0, len(spans), PASSAGE_WORDS):
        group = spans[i : i + PASSAGE_WORDS]
        pieces.append((group[0][0], group[-1][1]))
    return pieces


def chunk(
    text: str, turns: list[Turn]
) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """(sentences, passages) as (turn_seq, start, end) spans of ``text``."""
    sentences: list[tuple[int, int, int]] = []
    passages: list[tuple[int, int, int]] = []
    for seq, turn in enumerate(turns):
        cur_start = cur_end = -1
        cur_words = 0
        for s, e in split_sentences(text, turn.body_start, turn.end):
            for ps, pe in _cut_long(text, s, e):
                sentences.append((seq, ps, pe))
                n = text.count(" ", ps, pe) + 1
                if cur_start >= 0 and cur_words >= MIN_PASSAGE_WORDS:
                    passages.append((seq, cur_start, cur_end))
                    cur_start = -1
                    cur_words = 0
                if cur_start < 0:
                    cur_start = ps
                cur_end = pe
                cur_words += n
        if cur_start >= 0:
            passages.append((seq, cur_start, cur_end))
    return sentences, passages
