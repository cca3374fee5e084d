"""The glossary: reading `<slug>.glossary.toml`, and marking its terms in transcript lines."""

import os
import random
import re
import tempfile
import textwrap
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from player.glossary import (
    GLOSSARY_MAX_BYTES,
    MAX_FORM_WORDS,
    MAX_TERMS,
    Glossary,
    Piece,
    Term,
    glossary_problems,
    lesson_glossary,
    mark_terms,
    read_glossary,
)

REPO_GLOSSARY = "metastatic-spinal-cancer.glossary.toml"


def glossary_from(tmp_path, text: str) -> Glossary:
    path = tmp_path / "lesson.glossary.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return read_glossary(path)


@pytest.fixture
def spine(tmp_path) -> Glossary:
    return glossary_from(
        tmp_path,
        """
        [[term]]
        term = "Bone marrow"
        definition = "The soft tissue inside bones."

        [[term]]
        term = "Vertebra"
        forms = ["vertebra", "vertebrae"]
        definition = "One of the bones of the spine."

        [[term]]
        term = "Fracture"
        definition = "A break in a bone."

        [[term]]
        term = "Compression fracture"
        definition = "A vertebra squashed by a break."
        """,
    )


def test_terms_are_read_in_order_with_keys_forms_and_definitions(spine):
    assert [(t.key, t.term, t.forms) for t in spine.terms] == [
        ("bone-marrow", "Bone marrow", ("Bone marrow",)),
        ("vertebra", "Vertebra", ("vertebra", "vertebrae")),
        ("fracture", "Fracture", ("Fracture",)),
        ("compression-fracture", "Compression fracture", ("Compression fracture",)),
    ]
    assert spine.terms[0].definition == "The soft tissue inside bones."
    assert spine.problems == ()


def test_long_definitions_are_one_paragraph(tmp_path):
    glossary = glossary_from(
        tmp_path,
        '''
        [[term]]
        term = "Lumbar"
        definition = """To do with
            the lower back."""
        ''',
    )
    assert glossary.terms[0].definition == "To do with the lower back."


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('term = "A"', "term #1 (A) needs a 'definition'"),
        ('definition = "x"', "term #1 needs a 'term'"),
        (
            'term = "A"\ndefinition = "x"\nforms = "a"',
            "term #1 (A): 'forms' must be a list of words",
        ),
        (
            'term = "A"\ndefinition = "x"\nforms = []',
            "term #1 (A): 'forms' must be a list of words",
        ),
        ('term = " "\ndefinition = "x"', "term #1 needs a 'term'"),
    ],
)
def test_an_incomplete_term_is_a_problem_and_left_out(tmp_path, entry, problem):
    glossary = glossary_from(
        tmp_path, f'[[term]]\n{entry}\n\n[[term]]\nterm = "B"\ndefinition = "y"\n'
    )
    assert [t.term for t in glossary.terms] == ["B"]
    assert [p.message for p in glossary.problems] == [problem]
    assert glossary.problems[0].file == "lesson.glossary.toml"


def test_a_term_defined_twice_is_a_problem(tmp_path):
    glossary = glossary_from(
        tmp_path,
        '[[term]]\nterm = "Spine"\ndefinition = "a"\n[[term]]\nterm = "spine"\ndefinition = "b"\n',
    )
    assert [t.definition for t in glossary.terms] == ["a"]
    assert [p.message for p in glossary.problems] == ["term #2 (spine) is defined twice"]


def test_a_file_that_is_not_toml_gives_an_empty_glossary_and_says_why(tmp_path):
    glossary = glossary_from(tmp_path, "[[term]\nterm = 'x'\n")
    assert glossary.terms == ()
    assert "cannot read the glossary" in glossary.problems[0].message


def test_no_file_is_an_empty_glossary_without_problems(tmp_path):
    assert lesson_glossary(tmp_path / "nothing.glossary.toml") == Glossary()


def test_the_glossary_is_part_of_its_lesson_and_an_edit_reloads_it(viewer_app, lesson_dirs):
    """One lesson, one unit: its glossary is read with its tracks, and a change to the
    glossary's file is a change to the lesson (the page and the API show it at once)."""
    client = viewer_app.test_client()
    lesson = viewer_app.extensions["lessons"].get("sample")
    assert [t.key for t in lesson.glossary.terms] == ["neck", "tumour", "thoracic"]
    path = lesson_dirs[0] / "sample.glossary.toml"
    path.write_text('[[term]]\nterm = "Neck"\ndefinition = "Rewritten."\n')
    os.utime(path, ns=(0, 0))  # long settled: no waiting for a write still under way
    assert "Rewritten." in client.get("/lessons/sample").get_data(as_text=True)
    assert "Rewritten." in client.get("/api/lessons/sample").get_data(as_text=True)
    assert (
        viewer_app.extensions["lessons"].get("sample").glossary.terms[0].definition == "Rewritten."
    )


def test_matches_ignore_case_and_need_whole_words(spine):
    text = "Vertebrae, vertebral and VERTEBRA"
    assert [(text[a:b], t.key) for a, b, t in spine.matches(text)] == [
        ("Vertebrae", "vertebra"),
        ("VERTEBRA", "vertebra"),
    ]


def test_the_longest_term_wins_and_phrases_match_across_line_breaks(spine):
    text = "a compression fracture of the bone\nmarrow; a fracture"
    assert [(text[a:b], t.key) for a, b, t in spine.matches(text)] == [
        ("compression fracture", "compression-fracture"),
        ("bone\nmarrow", "bone-marrow"),
        ("fracture", "fracture"),
    ]


def test_an_untimed_line_is_split_around_its_terms(spine):
    pieces = mark_terms([(None, "Tumors in the vertebrae, often.")], spine)
    vertebra = spine.terms[1]
    assert pieces == [
        Piece("Tumors in the "),
        Piece("vertebrae", None, vertebra, opens=True, closes=True),
        Piece(", often."),
    ]


def test_a_term_inside_a_timed_word_keeps_the_words_start_on_every_piece(spine):
    pieces = mark_terms([(1.0, "the "), (1.5, "vertebrae, "), (2.0, "often.")], spine)
    assert [(p.text, p.start, p.term and p.term.key, p.opens, p.closes) for p in pieces] == [
        ("the ", 1.0, None, False, False),
        ("vertebrae", 1.5, "vertebra", True, True),
        (", ", 1.5, None, False, False),
        ("often.", 2.0, None, False, False),
    ]


def test_a_term_across_timed_words_opens_in_the_first_and_closes_in_the_last(spine):
    pieces = mark_terms([(3.0, "into the bone "), (3.4, "marrow\n"), (3.9, "of")], spine)
    assert [(p.text, p.start, p.term and p.term.key, p.opens, p.closes) for p in pieces] == [
        ("into the ", 3.0, None, False, False),
        ("bone ", 3.0, "bone-marrow", True, False),
        ("marrow", 3.4, "bone-marrow", False, True),
        ("\n", 3.4, None, False, False),
        ("of", 3.9, None, False, False),
    ]


def test_pieces_put_back_together_are_the_line(spine):
    segments = [(0.0, "A compression "), (0.5, "fracture in the bone marrow of a vertebra.")]
    pieces = mark_terms(segments, spine)
    assert "".join(p.text for p in pieces) == "".join(s for _, s in segments)


def test_the_built_in_lesson_defines_the_words_patients_ask_about():
    from player import REPO_ROOT

    glossary = read_glossary(REPO_ROOT / "captions" / REPO_GLOSSARY)
    assert glossary.problems == ()
    keys = {t.key for t in glossary.terms}
    for needed in [
        "metastatic", "vertebra", "bone-marrow", "lymphatic-system", "compression-fracture",
        "radiculopathy", "cervical", "thoracic", "lumbar", "neurological", "tumor", "paralysis",
    ]:  # fmt: skip
        assert needed in keys


# -- what marks a term (the rules the regular expression of forms used to follow) ------------


def glossary_of(*forms: str) -> Glossary:
    """One term per form, keyed by its place: term 0 has the first form."""
    return Glossary(tuple(Term(f"t{i}", form, "d", (form,)) for i, form in enumerate(forms)))


def marked(glossary: Glossary, text: str) -> list[str]:
    return [text[a:b] for a, b, _ in glossary.matches(text)]


@pytest.mark.parametrize(
    ("forms", "text", "expected"),
    [
        (["spine"], "SPINE, Spine and spine", ["SPINE", "Spine", "spine"]),
        (["spine"], "spines, backspine, spine_x, spine2", []),
        (
            ["bone marrow"],
            "bone  marrow, bone\tmarrow, bone\n marrow",
            ["bone  marrow", "bone\tmarrow", "bone\n marrow"],
        ),
        (["bone marrow"], "bone-marrow, bonemarrow", []),
        (["c-section"], "a C-section, a c - section", ["C-section"]),
        (["section"], "a C-section", ["section"]),  # punctuation ends a word
        (["Dr."], "Dr. Who, Dr.Who", ["Dr."]),
        ([".net"], "ASP.NET and .NET", [".NET"]),
        (["épine"], "ÉPINE", ["ÉPINE"]),
        (["fracture", "compression fracture"], "compression fracture", ["compression fracture"]),
        (["a b", "b c"], "a b c", ["a b"]),  # never overlapping: the earlier one wins
        (["a b c d", "a b"], "a b c e", ["a b"]),  # a longer form that stops short: the shorter one
        (["x"], "", []),
    ],
)
def test_what_marks_a_term(forms, text, expected):
    assert marked(glossary_of(*forms), text) == expected


def test_a_form_listed_by_two_terms_marks_the_later_one():
    glossary = glossary_of("spine", "Spine")
    assert [t.key for _, _, t in glossary.matches("the spine")] == ["t1"]


def reference_matches(glossary: Glossary, text: str) -> list[tuple[int, int, Term]]:
    """Marking as it was: one regular expression of every form, longest first."""
    by_form = {form.casefold(): term for term in glossary.terms for form in term.forms}
    forms = sorted({f for t in glossary.terms for f in t.forms}, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    found = []
    for match in pattern.finditer(text):
        term = by_form.get(" ".join(match.group().split()).casefold())
        if term:
            found.append((match.start(), match.end(), term))
    return found


def reference_pieces(segments, occurrences) -> list[tuple]:
    """Cut at every segment and occurrence boundary, plainly."""
    bounds, offset = [], 0
    for start, segment in segments:
        bounds.append((offset, offset + len(segment), start))
        offset += len(segment)
    text = "".join(s for _, s in segments)
    cuts = sorted(
        {a for a, b, _ in bounds}
        | {b for a, b, _ in bounds}
        | {i for a, b, _ in occurrences for i in (a, b)}
    )
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        start = next(s for sa, sb, s in bounds if sa <= a < sb)
        found = next(((ma, mb, t) for ma, mb, t in occurrences if ma <= a < mb), None)
        term = found[2] if found else None
        pieces.append(
            (text[a:b], start, term, bool(found) and found[0] == a, bool(found) and found[1] == b)
        )
    return pieces


# Letters in both cases, word characters that are not letters, punctuation and whitespace:
# enough to meet every rule above, and where case-insensitive means the same to `re`.
ALPHABET = "abAB_1é-.' \n\t"
forms_st = st.lists(
    st.text("abAB1é-.' ", min_size=1, max_size=6).map(lambda f: " ".join(f.split())).filter(bool),
    min_size=1,
    max_size=6,
)


@settings(max_examples=400, deadline=None, database=None)
@given(forms=forms_st, texts=st.lists(st.text(ALPHABET, max_size=30), min_size=1, max_size=4))
def test_marking_finds_what_the_regular_expression_of_forms_found(forms, texts):
    glossary = glossary_of(*forms)
    text = "".join(texts)
    assert glossary.matches(text) == reference_matches(glossary, text)
    segments = [(float(i), t) for i, t in enumerate(texts)]
    pieces = [(p.text, p.start, p.term, p.opens, p.closes) for p in mark_terms(segments, glossary)]
    assert pieces == reference_pieces(segments, glossary.matches(text))


def generated_terms(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    syllables = ["ver", "te", "bra", "lum", "bar", "os", "te", "o", "my", "e", "lo", "ma"]
    words = ["".join(rng.choices(syllables, k=rng.randint(1, 3))) for _ in range(count)]
    return list(
        dict.fromkeys(" ".join(rng.choices(words, k=rng.randint(1, 3))) for _ in range(count))
    )


def test_marking_is_linear_in_the_number_of_terms(monkeypatch):
    class CountedLookups(dict):
        count = 0

        def get(self, key, default=None):
            CountedLookups.count += 1
            return super().get(key, default)

    few, many = generated_terms(10, seed=1), generated_terms(5_000, seed=2)
    text = " ".join(generated_terms(400, seed=3))
    words = len(re.findall(r"\w+|[^\w\s]", text))
    longest_form = 3
    lookups = {}
    for name, forms in {"few": few, "many": many}.items():
        glossary = glossary_of(*forms)
        assert glossary.matches(text) == reference_matches(glossary, text)
        monkeypatch.setattr(glossary.index, "phrases", CountedLookups(glossary.index.phrases))
        CountedLookups.count = 0
        mark_terms([(None, text)], glossary)
        lookups[name] = CountedLookups.count
    # At each word, at most one lookup per word of the longest form, however many terms.
    assert lookups["few"] <= lookups["many"] <= words * longest_form < len(many)


# -- hostile glossary files: each costs the lesson its glossary, never the lesson ----------


def test_glossary_link_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "private.toml"
    outside.write_text('[[term]]\nterm = "Secret"\ndefinition = "From another folder."\n')
    captions = tmp_path / "captions"
    captions.mkdir()
    (captions / "lesson.glossary.toml").symlink_to(outside)
    glossary = lesson_glossary(captions / "lesson.glossary.toml")
    assert glossary.terms == ()
    (problem,) = glossary.problems
    assert str(problem).startswith("lesson.glossary.toml: cannot read the glossary: it links to")
    assert "outside its folder" in problem.message


def test_a_link_to_a_glossary_in_the_same_folder_is_read(tmp_path):
    (tmp_path / "shared.toml").write_text('[[term]]\nterm = "Spine"\ndefinition = "d"\n')
    (tmp_path / "lesson.glossary.toml").symlink_to("shared.toml")
    assert [t.term for t in lesson_glossary(tmp_path / "lesson.glossary.toml").terms] == ["Spine"]


def test_a_glossary_linked_out_of_the_folder_is_not_published(viewer_app, lesson_dirs, caplog):
    outside = lesson_dirs[0].parent / "elsewhere.toml"
    outside.write_text('[[term]]\nterm = "Neck"\ndefinition = "Words from elsewhere."\n')
    (lesson_dirs[0] / "sample.glossary.toml").unlink()
    (lesson_dirs[0] / "sample.glossary.toml").symlink_to(outside)
    client = viewer_app.test_client()
    page = client.get("/lessons/sample").get_data(as_text=True)
    assert "Words from elsewhere" not in page and 'class="term"' not in page
    assert "Words from elsewhere" not in client.get("/api/lessons/sample").get_data(as_text=True)
    assert (
        "sample.glossary.toml: cannot read the glossary: it links to a file outside" in caplog.text
    )


def test_a_symlink_loop_is_a_problem_not_a_missing_glossary(tmp_path):
    (tmp_path / "lesson.glossary.toml").symlink_to("loop.toml")
    (tmp_path / "loop.toml").symlink_to("lesson.glossary.toml")
    glossary = lesson_glossary(tmp_path / "lesson.glossary.toml")
    assert glossary.terms == ()
    assert [p.message for p in glossary.problems] == [
        "cannot read the glossary: it is a symbolic link that leads back to itself"
    ]


def test_a_link_to_a_missing_file_is_a_problem_not_a_missing_glossary(tmp_path):
    (tmp_path / "lesson.glossary.toml").symlink_to("gone.toml")
    assert [p.message for p in lesson_glossary(tmp_path / "lesson.glossary.toml").problems] == [
        "cannot read the glossary: cannot read the file: No such file or directory"
    ]


def in_a_thread(read, path, seconds: float = 10):
    """What `read(path)` returns, or the test fails (rather than hangs) after `seconds`."""
    result = []
    reader = threading.Thread(target=lambda: result.append(read(path)), daemon=True)
    reader.start()
    reader.join(seconds)
    assert not reader.is_alive(), f"{read.__name__} still waiting after {seconds} s"
    return result[0]


def test_glossary_fifo_is_refused_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "lesson.glossary.toml")  # nobody ever writes to it
    glossary = in_a_thread(lambda _: lesson_glossary(tmp_path / "lesson.glossary.toml"), None)
    problems = in_a_thread(glossary_problems, tmp_path / "lesson.glossary.toml")
    assert glossary.terms == ()
    assert glossary.problems == problems
    assert [p.message for p in problems] == [
        "cannot read the glossary: not a regular file (a FIFO, device or folder); "
        "lessons are read from plain files"
    ]


def test_oversized_glossary_is_refused_with_its_limit(tmp_path):
    definition = "x" * GLOSSARY_MAX_BYTES
    glossary = glossary_from(tmp_path, f'[[term]]\nterm = "Long"\ndefinition = "{definition}"\n')
    size = (tmp_path / "lesson.glossary.toml").stat().st_size
    assert glossary.terms == ()
    assert [p.message for p in glossary.problems] == [
        f"cannot read the glossary: file is {size} bytes; the limit is {GLOSSARY_MAX_BYTES}"
    ]


def test_terms_past_the_limit_are_left_out_and_the_limit_named(tmp_path):
    entries = "".join(f'[[term]]\nterm = "T{i}"\ndefinition = "d"\n' for i in range(MAX_TERMS + 5))
    path = tmp_path / "lesson.glossary.toml"
    path.write_text(entries)
    glossary = read_glossary(path)
    assert len(glossary.terms) == MAX_TERMS
    assert glossary.terms[-1].term == f"T{MAX_TERMS - 1}"
    message = f"{MAX_TERMS + 5} terms; the limit is {MAX_TERMS}, the rest are left out"
    assert [p.message for p in glossary.problems] == [message]
    assert glossary_problems(path)[0].line == 3 * MAX_TERMS + 1  # the first term left out


def test_a_form_longer_than_the_limit_is_a_problem_naming_it(tmp_path):
    longest = " ".join(["word"] * MAX_FORM_WORDS)
    too_long = "a-" * (MAX_FORM_WORDS // 2) + "z"  # punctuation marks count as words
    glossary = glossary_from(
        tmp_path,
        f"""
        [[term]]
        term = "Long"
        forms = ["{longest}"]
        definition = "d"

        [[term]]
        term = "Too long"
        forms = ["short", "{too_long}"]
        definition = "d"
        """,
    )
    assert [t.term for t in glossary.terms] == ["Long"]
    assert [p.message for p in glossary.problems] == [
        f"term #2 (Too long): the form '{too_long}' is {MAX_FORM_WORDS + 1} words long "
        f"(a punctuation mark counts as one); the limit is {MAX_FORM_WORDS}"
    ]


def test_deeply_nested_glossary_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "lesson.glossary.toml"
    path.write_text("a = " + "[" * 600 + "]" * 600 + "\n")
    for problems in (read_glossary(path).problems, glossary_problems(path)):
        assert [p.message for p in problems] == [
            "cannot read the glossary: arrays or tables nested 600 deep; the limit is 32"
        ]


HUGE = "x" * 200_000


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x00\xff\xfe binary", "cannot read the glossary: not UTF-8 text (invalid start byte)"),
        (b"term = 5", "use [[term]] tables"),
        (b'term = "spine"', "use [[term]] tables"),
        (b"term = [1]", "term #1 must be a [[term]] table"),
        (b"[[term]]\nterm = 5\ndefinition = 'd'", "term #1 needs a 'term'"),
        (b"[[term]]\nterm = 'A'\ndefinition = 5", "term #1 (A) needs a 'definition'"),
        (
            b"[[term]]\nterm = 'A'\ndefinition = 'd'\nforms = [1, 2]",
            "term #1 (A): 'forms' must be a list of words",
        ),
        (
            b"[[term]]\nterm = 'A'\ndefinition = 'd'\nforms = ['a', ' ']",
            "term #1 (A): 'forms' must be a list of words",
        ),
        (
            b"[[term]]\nterm = 'A'\ndefinition = 'd'\nforms = {a = 1}",
            "term #1 (A): 'forms' must be a list of words",
        ),
        (f"[[term]]\nterm = '{HUGE}'".encode(), f"term #1 ({'x' * 59}…) needs a 'definition'"),
    ],
)
def test_any_content_gives_a_glossary_with_problems_never_an_exception(tmp_path, content, problem):
    path = tmp_path / "lesson.glossary.toml"
    path.write_bytes(content)
    assert [p.message for p in read_glossary(path).problems] == [problem]
    assert [p.message for p in glossary_problems(path)] == [problem]


def test_a_number_past_pythons_digit_limit_is_a_problem(tmp_path):
    path = tmp_path / "lesson.glossary.toml"
    path.write_text("a = 1" + "0" * 5_000)
    (problem,) = read_glossary(path).problems
    assert problem.message.startswith("cannot read the glossary: not valid TOML: Exceeds the limit")


TOML_BITS = [
    "[[term]]\n",
    "[term]\n",
    "term = ",
    "forms = ",
    "definition = ",
    "'a'",
    '"b c"',
    "[",
    "]",
    "{",
    "}",
    ",",
    "1",
    "\n",
    "x = ",
    "\\",
    '"""',
    "#",
]


@settings(max_examples=300, deadline=None, database=None)
@given(
    content=st.one_of(
        st.binary(max_size=200),
        st.lists(st.sampled_from(TOML_BITS), max_size=40).map(lambda bits: "".join(bits).encode()),
    )
)
def test_reading_never_raises_whatever_the_file_holds(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lesson.glossary.toml"
        path.write_bytes(content)
        assert isinstance(read_glossary(path), Glossary)
        assert isinstance(glossary_problems(path), tuple)
        assert isinstance(lesson_glossary(Path(folder) / "lesson.glossary.toml"), Glossary)


# -- on the lesson page ------------------------------------------------------------------


def test_terms_in_the_transcript_are_links_to_their_definition_described_by_it(viewer_app):
    """A link reads inline, as part of its sentence, and works without JavaScript."""
    page = viewer_app.test_client().get("/lessons/sample").get_data(as_text=True)
    assert (
        '<a class="term" href="#gloss-neck" data-term="neck" '
        'aria-describedby="gloss-neck-def" tabindex="-1">neck</a>'
    ) in page
    assert re.search(r'data-term="tumour"[^>]*>tumours</a>', page)
    assert (
        '<dd id="gloss-neck-def">The top part of the spine, between the head and the shoulders.</dd>'
        in page
    )


def test_the_glossary_list_has_every_term_in_file_order(viewer_app):
    page = viewer_app.test_client().get("/lessons/sample").get_data(as_text=True)
    assert re.findall(r'<dt id="gloss-([a-z-]+)">', page) == ["neck", "tumour", "thoracic"]
    assert '<h2 id="glossary-heading">Glossary</h2>' in page


def test_a_broken_glossary_costs_only_the_glossary(viewer_app, lesson_dirs, caplog):
    (lesson_dirs[0] / "sample.glossary.toml").write_text("not = [toml\n")
    response = viewer_app.test_client().get("/lessons/sample")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="term"' not in page and "glossary-heading" not in page
    assert page.count('id="en-cue-') == 4
    assert "sample.glossary.toml:1: cannot read the glossary" in caplog.text  # with its line


def test_a_lesson_without_a_glossary_has_no_terms_or_list(client):
    page = client.get("/lessons/sample").get_data(as_text=True)
    assert 'class="term"' not in page and 'id="term-card"' not in page
