"""The glossary: reading `<slug>.glossary.toml`, and marking its terms in transcript lines."""

import re
import textwrap

import pytest

from player.glossary import Glossary, Piece, load_glossary, mark_terms, read_glossary

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
    assert load_glossary(tmp_path, "nothing") == Glossary()


def test_an_edited_file_is_read_again(tmp_path):
    path = tmp_path / "lesson.glossary.toml"
    path.write_text('[[term]]\nterm = "A"\ndefinition = "first"\n')
    assert load_glossary(tmp_path, "lesson").terms[0].definition == "first"
    path.write_text('[[term]]\nterm = "A"\ndefinition = "second, longer"\n')
    assert load_glossary(tmp_path, "lesson").terms[0].definition == "second, longer"


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


# -- on the lesson page ------------------------------------------------------------------


def test_terms_in_the_transcript_are_buttons_described_by_their_definition(viewer_app):
    page = viewer_app.test_client().get("/lessons/sample").get_data(as_text=True)
    assert (
        '<button type="button" class="term" data-term="neck" aria-expanded="false" '
        'aria-controls="term-card" aria-describedby="gloss-neck-def" tabindex="-1">neck</button>'
    ) in page
    assert re.search(r'data-term="tumour"[^>]*>tumours</button>', page)
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
    assert "sample.glossary.toml: cannot read the glossary" in caplog.text


def test_a_lesson_without_a_glossary_has_no_terms_or_list(client):
    page = client.get("/lessons/sample").get_data(as_text=True)
    assert 'class="term"' not in page and 'id="term-card"' not in page
