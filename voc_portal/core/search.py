"""Full-text search that serves Korean words of any length from an index.

A trigram index cannot serve a pattern shorter than three characters, and Korean users search
mostly with two-syllable nouns (환불, 결제, 오류). So text is indexed as a PostgreSQL `tsvector`
written at write time:

- a run of Hangul (or other CJK) characters becomes its overlapping character bigrams at
  consecutive positions, then its last character alone: 환불을 → 환불:1 불을:2 을:3;
- a run of letters or digits of any other script becomes one lower-cased word: iOS → ios.

A query is built from the same pieces (`search_query`): a CJK term of two or more characters
is its bigrams joined by the phrase operator (`<->`, adjacent positions), so it matches exactly
where the term is a substring of one CJK run, particles included (환불 finds 환불을 and 환불이);
a single CJK character is a prefix of some token wherever it occurs; a word matches as a
prefix (refund finds refunds, refunded). Terms are ANDed. Unlike the old `LIKE '%…%'` a Latin
term no longer matches in the middle of a word (fund does not find refund).

The vector and the query are written as literals of our own making (tokens are letters and
digits only), so no text-search parser or dictionary can change them.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.postgres.search import SearchQueryField
from django.db.models import BooleanField, F, Func, Q, Value
from django.db.models.functions import Cast

# Hangul syllables and jamo, CJK ideographs, kana: scripts written without spaces between
# words (or, for Korean, with particles glued to them), indexed by bigrams.
_CJK = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff"
)
_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")

# PostgreSQL keeps positions up to 16,383 and at most 256 per lexeme: past that, phrase
# matching is unreliable, so a longer document is cut here (a thread's first ~16,000 tokens).
MAX_POSITION = 16_383
# A term longer than this is cut: a query of 200 bigrams is no better than one of 32.
MAX_TERM_CHARS = 32
MAX_TERMS = 8


def _runs(text: str):
    for match in _TOKEN.finditer(unicodedata.normalize("NFKC", text).lower()):
        yield match.lastgroup, match.group()


def _cjk_tokens(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def search_document(text: str) -> str:
    """The tsvector literal of `text`: tokens with their positions (see the module)."""
    positions: dict[str, list[int]] = {}
    position = 0
    for kind, run in _runs(text):
        for token in _cjk_tokens(run) if kind == "cjk" else [run]:
            position += 1
            if position > MAX_POSITION:
                break
            positions.setdefault(token, []).append(position)
        if position > MAX_POSITION:
            break
    return " ".join(
        f"'{token}':{','.join(map(str, spots[:256]))}" for token, spots in positions.items()
    )


def search_query(q: str) -> str | None:
    """The tsquery literal for what a person typed, or None when it holds no searchable term."""
    parts = []
    for kind, run in list(_runs(q))[:MAX_TERMS]:
        run = run[:MAX_TERM_CHARS]
        if kind == "word" or len(run) == 1:
            parts.append(f"'{run}':*")
        else:
            bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
            parts.append("(" + " <-> ".join(f"'{b}'" for b in bigrams) + ")")
    return " & ".join(parts) or None


def search_q(field: str, q: str, *, indexed: bool = True) -> Q:
    """`field @@ search_query(q)` as a condition; nothing searchable in `q` matches no row.

    `indexed=False` writes it so that the GIN index cannot serve it: for a scope of a few
    thousand rows, testing each of them is cheaper than the index's posting list of a common
    word over the whole table (145,000 entries for refund at 1M inquiries: 65 ms), which the
    planner's estimate of GIN scans does not see. It is the operator's own function,
    ts_match_vq, which no index serves and which the planner guesses matches a third of the
    rows: so a page walks its sort index and stops at the LIMIT (결제가 in an account of 1,000
    inquiries: 1.3 ms). Written `(vector || '') @@ query`, it was guessed to match one row,
    and the planner joined the page's other tables by nested loops over every row (17 ms)."""
    literal = search_query(q)
    if literal is None:
        return Q(pk__in=[])
    query = Cast(Value(literal), SearchQueryField())
    if not indexed:
        return Q(_MatchesUnindexed(F(field), query))
    return Q(_Matches(F(field), query))


class _MatchesUnindexed(Func):
    function = "ts_match_vq"
    output_field = BooleanField()


class _Matches(Func):
    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()
