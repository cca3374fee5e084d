"""Glossary at scale (issue 13, item 4): reading a big glossary file and marking its terms in
a transcript, before (one regular expression of every form, as the player did until then,
rebuilt inline here) and after (player.glossary: forms looked up word by word).

    python bench/glossary_scale.py                    # 20,000 terms against 2,000 cues
    python bench/glossary_scale.py --terms 2000 --cues 200

Prints figures; never fails on one. The "before" marking takes a minute or two at the
default size: that is the figure.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from player.glossary import Glossary, Term, mark_terms, read_glossary  # noqa: E402


def generated_glossary(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """`count` distinct terms of one or two made-up words, each with a definition."""
    syllables = ["ver", "te", "bra", "lum", "bar", "os", "o", "my", "e", "lo", "ma", "sa", "cro"]
    words = ["".join(rng.choices(syllables, k=rng.randint(2, 3))) for _ in range(count)]
    names: dict[str, None] = {}
    while len(names) < count:
        names[" ".join(rng.choices(words, k=rng.randint(1, 2)))] = None
    return [(name, "A word") for name in names]


def generated_cues(count: int, entries, rng: random.Random) -> list[list[tuple[float, str]]]:
    """Cues of about twelve timed words, one in six of them a term."""
    plain = ["the", "a", "spine", "of", "in", "and", "pain", "is", "to", "back", "bone", "may"]
    cues = []
    for n in range(count):
        words = [
            rng.choice(entries)[0] if rng.random() < 1 / 6 else rng.choice(plain) for _ in range(12)
        ]
        cues.append([(n + i / 12, word + " ") for i, word in enumerate(words)])
    return cues


def glossary_toml(entries) -> str:
    """The file, written tightly: 20,000 terms fit in under a megabyte."""
    return "".join(f'[[term]]\nterm="{n}"\ndefinition="{d}"\n' for n, d in entries)


# -- before: the player's glossary code until issue 13, trimmed to what costs time ----------


def old_read(path: Path) -> tuple[list[Term], re.Pattern]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    terms: list[Term] = []
    for number, entry in enumerate(raw["term"], start=1):
        name = entry["term"]
        key = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or f"term-{number}"
        if key in {t.key for t in terms}:  # the set rebuilt for every term
            continue
        terms.append(Term(key, name, entry["definition"], (name,)))
    forms = sorted({f for t in terms for f in t.forms}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    return terms, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def old_mark(segments, terms, pattern) -> list[tuple]:
    text = "".join(segment for _, segment in segments)
    by_form = {form.casefold(): term for term in terms for form in term.forms}  # every line
    matches = []
    for match in pattern.finditer(text):
        term = by_form.get(" ".join(match.group().split()).casefold())
        if term:
            matches.append((match.start(), match.end(), term))
    cuts = sorted({0, len(text)} | {i for a, b, _ in matches for i in (a, b)})
    pieces, offset = [], 0
    for start, segment in segments:
        end = offset + len(segment)
        inner = [c for c in cuts if offset < c < end]
        for a, b in zip([offset, *inner], [*inner, end], strict=True):
            term = next(((ma, mb, t) for ma, mb, t in matches if ma <= a and b <= mb), None)
            pieces.append((text[a:b], start, term and term[2]))
        offset = end
    return pieces


def timed(work, runs: int = 1):
    """The median time of `runs` runs of `work`, and what it returned."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - began)
    return sorted(times)[len(times) // 2], result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=20_000)
    parser.add_argument("--cues", type=int, default=2_000)
    args = parser.parse_args(argv)
    rng = random.Random(13)
    entries = generated_glossary(args.terms, rng)
    cues = generated_cues(args.cues, entries, rng)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.glossary.toml"
        path.write_text(glossary_toml(entries), encoding="utf-8")
        size = path.stat().st_size
        old_read_s, (old_terms, pattern) = timed(lambda: old_read(path))
        new_read_s, read = timed(lambda: read_glossary(path), runs=3)

    print(f"Glossary of {len(entries):,} terms ({size / 1e6:.2f} MB) against {len(cues):,} cues")
    print(f"(words per cue: 12; {sum(len(c) for c in cues):,} words)\n")
    print("| step | before (one regex) | after (word lookups) |")
    print("|---|---:|---:|")
    print(
        f"| read the file | {old_read_s:.2f} s, {len(old_terms):,} terms | "
        f"{new_read_s:.3f} s, {len(read.terms):,} terms |"
    )
    for problem in read.problems[:3]:
        print(f"|  | | {problem} |")

    # Marking is measured with every term, past the reading limit, to show what it costs per
    # term: before, each term added to every line's cost; after, none does.
    terms = tuple(Term(f"t{i}", name, d, (name,)) for i, (name, d) in enumerate(entries))
    index_s, glossary = timed(lambda: Glossary(terms), runs=3)
    new_s, new_pieces = timed(lambda: [mark_terms(cue, glossary) for cue in cues], runs=5)
    first_s, _ = timed(lambda: old_mark(cues[0], old_terms, pattern))
    print(f"| index the forms | (regex compiled above) | {index_s:.3f} s |")
    print(f"| mark one cue | {first_s * 1000:.0f} ms | {new_s / len(cues) * 1000:.3f} ms |")
    sys.stdout.flush()
    old_s, old_pieces = timed(lambda: [old_mark(cue, old_terms, pattern) for cue in cues])
    print(f"| mark {len(cues):,} cues | {old_s:.1f} s | {new_s:.3f} s |")
    few = Glossary(terms[:20])
    few_s, _ = timed(lambda: [mark_terms(cue, few) for cue in cues], runs=5)
    print(f"| mark {len(cues):,} cues, 20 terms | | {few_s:.3f} s |")

    same = [[(p.text, p.start, p.term and p.term.term) for p in line] for line in new_pieces] == [
        [(text, start, term and term.term) for text, start, term in line] for line in old_pieces
    ]
    marked = sum(1 for line in new_pieces for p in line if p.opens)
    print(f"\nSame pieces before and after: {'yes' if same else 'NO'} ({marked:,} terms marked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
