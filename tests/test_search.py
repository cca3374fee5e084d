"""Search across every lesson (player/search/, player/search_pages.py): what is found, in
what order, where each moment links, and how the index follows the lessons' files."""

from __future__ import annotations

import html
import re
import shutil

import pytest
from search_support import write_lesson

FILLER = ["We talk about many things here.", "Ask your care team any question."]
GLOSSARY = """
[[term]]
term = "Metastasize"
forms = ["metastasize", "metastatic"]
definition = "To spread to another part of the body."
"""


@pytest.fixture
def folders(tmp_path):
    captions, media = tmp_path / "captions", tmp_path / "media"
    captions.mkdir()
    media.mkdir()
    return captions, media


@pytest.fixture
def app(folders, tmp_path, monkeypatch):
    """An app on `folders` whose index lives in tmp_path and is checked on every search."""
    from player import create_app
    from player.search import search_index

    monkeypatch.setattr("player.search.indexer.RECHECK_SECONDS", 0)
    captions, media = folders
    config = {"TESTING": True, "SEARCH_INDEX": str(tmp_path / "index" / "search.sqlite")}
    app = create_app(captions, media, test_config=config)
    yield app
    if "search" in app.extensions:
        search_index(app).store.close()


@pytest.fixture
def lesson(folders):
    return lambda slug, lines, **options: write_lesson(*folders, slug, lines, **options)


def search(app, query: str) -> dict:
    answer = app.test_client().get("/api/search", query_string={"q": query})
    assert answer.status_code == 200, answer.data[:500]
    return answer.get_json()


def slugs(found: dict) -> list[str]:
    return [lesson["slug"] for lesson in found["results"]]


# -- ranking and matching ------------------------------------------------------------


def test_the_lesson_that_says_the_phrase_most_ranks_first(app, lesson):
    lesson("once", [*FILLER, "Spinal cord compression is rare.", *FILLER])
    lesson("often", [
        "Spinal cord compression needs care.", FILLER[0],
        "Signs of spinal cord compression.", FILLER[1],
        "Spinal cord compression is treated fast.",
    ])  # fmt: skip
    lesson("never", FILLER)
    found = search(app, '"spinal cord compression"')
    assert slugs(found) == ["often", "once"]
    assert [r["moment_count"] for r in found["results"]] == [3, 1]


def test_a_quoted_phrase_matches_only_its_words_in_order(app, lesson):
    lesson("in-order", ["The cord compression was found."])
    lesson("apart", ["Compression of the cord was found."])
    assert slugs(search(app, '"cord compression"')) == ["in-order"]
    assert sorted(slugs(search(app, "cord compression"))) == ["apart", "in-order"]


def test_words_match_their_english_forms(app, lesson):
    lesson("walking", ["Patients walked slowly after surgery."])
    found = search(app, "walking")
    assert slugs(found) == ["walking"]
    (moment,) = found["results"][0]["moments"]
    assert [moment["text"][a:b] for a, b in moment["marks"]] == ["walked"]


def test_a_glossary_form_finds_the_other_forms_of_its_term(app, lesson):
    lesson("spread", ["A metastatic tumour grows elsewhere."], glossary=GLOSSARY)
    (moment,) = search(app, "metastasize")["results"][0]["moments"]
    assert [moment["text"][a:b] for a, b in moment["marks"]] == ["metastatic"]


def test_without_a_glossary_metastasize_does_not_find_metastatic(app, lesson):
    lesson("spread", ["A metastatic tumour grows elsewhere."])
    assert search(app, "metastasize")["results"] == []


def test_every_word_must_be_in_a_line_when_some_line_has_them_all(app, lesson):
    lesson("both", ["Back pain at night."])
    lesson("one", ["Back exercises help."])
    found = search(app, "back night")
    assert (slugs(found), found["match"]) == (["both"], "all")


def test_lines_with_some_of_the_words_are_found_when_none_has_them_all(app, lesson):
    lesson("pain", ["Sciatica pain runs down the leg."])
    found = search(app, "what does sciatica feel like")
    assert (slugs(found), found["match"]) == (["pain"], "any")


# -- the moments -----------------------------------------------------------------------


def test_without_every_word_a_line_the_lines_with_the_rarest_words_are_the_moments(app, lesson):
    lines = ["Pain again.", "Pain here.", "Pain there.", "Pain now.", "Sciatica pain.", "Pain."]
    lesson("pain", lines)
    (result,) = search(app, "sciatica pain elbow")["results"]
    assert [m["start"] for m in result["moments"]] == [0.0, 2.0, 8.0]  # in time order
    assert "Sciatica pain." in [m["text"] for m in result["moments"]]
    assert result["moment_count"] == 6


def test_a_moment_links_to_the_lesson_at_its_time_asking_to_light_the_hit(app, lesson):
    lesson("legs", [FILLER[0], FILLER[1], "Pain may spread to the legs."])
    (moment,) = search(app, "legs")["results"][0]["moments"]
    assert moment["start"] == 4.0
    assert moment["url"] == "/lessons/legs#t=4.0&hit=legs"
    assert moment["text"] == "Pain may spread to the legs."
    assert moment["marks"] == [[23, 27]]


def test_a_moment_names_its_chapter(app, lesson):
    lines = [FILLER[0], "Pain in the legs.", FILLER[1], "Legs feel weak."]
    lesson("legs", lines, chapters=[(0, "Where it hurts"), (4, "What it feels like")])
    moments = search(app, "legs")["results"][0]["moments"]
    assert [(m["start"], m["chapter"]) for m in moments] == [
        (2.0, "Where it hurts"),
        (6.0, "What it feels like"),
    ]


def test_a_lesson_result_carries_its_title_page_and_language(app, lesson):
    lesson("legs", ["Legs."], title="Your legs")
    (result,) = search(app, "legs")["results"]
    assert (result["title"], result["url"], result["language"]) == (
        "Your legs",
        "/lessons/legs",
        "en",
    )


def test_cue_text_is_data_in_the_json(app, lesson):
    lesson("markup", ["Pain &lt;b&gt;spreads&lt;/b&gt; to the legs."])
    (moment,) = search(app, "spreads")["results"][0]["moments"]
    assert moment["text"] == "Pain <b>spreads</b> to the legs."
    assert [moment["text"][a:b] for a, b in moment["marks"]] == ["spreads"]


# -- following the files -----------------------------------------------------------------


def test_a_changed_lesson_is_indexed_again(app, lesson):
    lesson("diet", ["Eat apples every day."])
    assert slugs(search(app, "apples")) == ["diet"]
    lesson("diet", ["Eat bananas every day, and more."])
    assert slugs(search(app, "bananas")) == ["diet"]
    assert search(app, "apples")["results"] == []


def test_only_the_changed_lesson_is_indexed_again(app, lesson):
    from player.search import search_index

    lesson("diet", ["Eat apples every day."])
    lesson("sleep", ["Sleep eight hours."])
    search(app, "apples")
    store = search_index(app).store
    indexed = []
    put = store.put
    store.put = lambda slug, *rest: (indexed.append(slug), put(slug, *rest))
    lesson("diet", ["Eat bananas every day, and more."])
    search(app, "bananas")
    assert indexed == ["diet"]


def test_a_removed_lesson_leaves_the_results(app, lesson, folders):
    lesson("gone", ["Apples are good."])
    lesson("kept", ["Apples are red."])
    assert sorted(slugs(search(app, "apples"))) == ["gone", "kept"]
    for path in folders[0].glob("gone.*"):
        path.unlink()
    assert slugs(search(app, "apples")) == ["kept"]


def test_a_broken_lesson_is_left_out_and_reported(app, lesson, folders):
    lesson("good", ["Apples are good."])
    (folders[0] / "bad.vtt").write_text("not a caption file\n\nApples.\n")
    (folders[1] / "bad.mp4").write_bytes(b"")
    found = search(app, "apples")
    assert slugs(found) == ["good"]
    (skipped,) = found["skipped"]
    assert skipped["slug"] == "bad" and "bad.vtt" in skipped["reason"]


def test_a_lesson_that_fails_to_index_is_reported_and_search_goes_on(app, lesson, monkeypatch):
    lesson("good", ["Apples are good."])
    lesson("odd", ["Apples are odd."])

    def fail_on_odd(lesson):
        if lesson.slug == "odd":
            raise RuntimeError("boom")
        return original(lesson)

    from player.search import indexer

    original = indexer.cue_rows
    monkeypatch.setattr(indexer, "cue_rows", fail_on_odd)
    found = search(app, "apples")
    assert slugs(found) == ["good"]
    assert found["skipped"] == [
        {
            "slug": "odd",
            "reason": "could not be indexed (RuntimeError); the server log has the details",
        }
    ]


def test_the_index_is_kept_between_runs(app, lesson, folders, tmp_path):
    from player import create_app
    from player.search import search_index

    lesson("diet", ["Eat apples every day."])
    search(app, "apples")
    config = {"TESTING": True, "SEARCH_INDEX": app.config["SEARCH_INDEX"]}
    again = create_app(*folders, test_config=config)
    index = search_index(again)
    indexed = []
    index.store.put = lambda slug, *rest: indexed.append(slug)
    try:
        assert slugs(search(again, "apples")) == ["diet"]
        assert indexed == []  # unchanged since the first app indexed it
    finally:
        index.store.close()


def test_an_unreadable_index_file_is_built_again(app, lesson):
    from pathlib import Path

    path = Path(app.config["SEARCH_INDEX"])
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not an SQLite database, not at all" * 100)
    lesson("diet", ["Eat apples every day."])
    assert slugs(search(app, "apples")) == ["diet"]


def test_the_default_index_is_in_the_user_cache_folder(tmp_path, monkeypatch):
    from player.search.place import index_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = index_path("", tmp_path / "captions")
    assert path.parent == tmp_path / "cache" / "lesson-player"
    assert re.fullmatch(r"search-[0-9a-f]{12}\.sqlite", path.name)


# -- what anyone may type ----------------------------------------------------------------

HOSTILE = [
    "",
    "   ",
    '"',
    '"unbalanced quote',
    'one "two',
    '""',
    "NEAR(apples pears)",
    "apples NEAR pears",
    "NEAR/2",
    "apples*",
    "*",
    "text:apples",
    "chapter:apples",
    "{text chapter}: apples",
    "apples AND OR NOT",
    "( apples",
    "apples )",
    "-apples",
    "^apples",
    "+apples",
    "apples' OR 1=1 --",
    "x" * 10_000,
    "apples " * 3_000,
    "pommes à l'œuf, 日本語, عربى, 🙂🍎",
    "\x00apples\x01\x02\x03",
    "%00",
    "\u202eapples",
]


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:30]))
def test_any_query_is_answered_without_error(app, lesson, query):
    lesson("fruit", ["Apples and pears, an apple a day."])
    found = search(app, query)
    assert isinstance(found["results"], list)
    assert len(found["query"]) <= 200
    page = app.test_client().get("/search", query_string={"q": query})
    assert page.status_code == 200


def test_search_syntax_typed_is_searched_as_words(app, lesson):
    lesson("fruit", ["Apples near pears."])
    assert slugs(search(app, "apples NEAR pears*")) == ["fruit"]


def test_an_empty_query_finds_nothing_and_says_what_to_do(app, lesson):
    lesson("fruit", ["Apples."])
    found = search(app, "")
    assert (found["results"], found["match"], found["counts"]["lessons"]) == ([], None, 0)
    page = app.test_client().get("/search").get_data(as_text=True)
    assert "Type a word" in page and 'href="/lessons"' in page


# -- the page --------------------------------------------------------------------------


def test_the_results_page_is_a_list_of_links_with_a_heading_per_lesson(app, lesson):
    lesson("legs", ["Pain in the legs.", "Legs feel weak."], title="Your legs")
    page = app.test_client().get("/search?q=legs").get_data(as_text=True)
    assert re.search(r'<h2 lang="en"><a href="/lessons/legs">Your legs</a></h2>', page)
    links = re.findall(r'<a href="(/lessons/legs#[^"]+)">', page)
    assert [html.unescape(link) for link in links] == [
        "/lessons/legs#t=0.0&hit=legs",
        "/lessons/legs#t=2.0&hit=Legs",
    ]
    assert "<mark>legs</mark>" in page and "<mark>Legs</mark>" in page


def test_the_results_page_announces_the_count_politely(app, lesson):
    lesson("legs", ["Pain in the legs.", "Legs feel weak."])
    page = app.test_client().get("/search?q=legs").get_data(as_text=True)
    status = re.search(
        r'<p class="search-summary" role="status" aria-live="polite">(.*?)</p>', page
    )
    assert status.group(1) == "1 lesson, 2 moments for “legs”."


def test_no_hit_says_so_and_offers_the_catalogue(app, lesson):
    lesson("legs", ["Pain in the legs."])
    page = app.test_client().get("/search?q=elbow").get_data(as_text=True)
    assert "Nothing found for “elbow”" in page
    assert "No lesson says that" in page and 'href="/lessons"' in page


def test_cue_text_is_escaped_on_the_results_page(app, lesson):
    lesson("markup", ["&lt;script&gt;alert(1)&lt;/script&gt; legs"])
    page = app.test_client().get("/search?q=legs").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


def test_the_catalogue_and_every_lesson_page_have_a_search_form(app, lesson):
    lesson("legs", ["Pain in the legs."])
    lesson("arms", ["Pain in the arms."])
    client = app.test_client()
    form = re.compile(
        r'<form class="site-search" role="search" aria-label="All lessons" action="/search" method="get">'
    )
    for path in ("/lessons", "/lessons/legs", "/lessons/arms"):
        assert form.search(client.get(path).get_data(as_text=True)), path


def test_search_urls_follow_the_path_prefix(folders, lesson, tmp_path, monkeypatch):
    from player import create_app
    from player.search import search_index

    monkeypatch.setattr("player.search.indexer.RECHECK_SECONDS", 0)
    lesson("legs", ["Pain in the legs."])
    config = {
        "TESTING": True,
        "PATH_PREFIX": "/education",
        "SEARCH_INDEX": str(tmp_path / "i.sqlite"),
    }
    app = create_app(*folders, test_config=config)
    try:
        found = app.test_client().get("/education/api/search?q=legs").get_json()
        assert found["results"][0]["moments"][0]["url"].startswith("/education/lessons/legs#t=0.0")
    finally:
        search_index(app).store.close()


def test_the_server_start_builds_the_index_in_the_background(app, lesson):
    from player.search import search_index
    from player.warmup import warm_up

    lesson("legs", ["Pain in the legs."])
    warm_up(app).join(30)
    index = search_index(app)
    index.thread.join(30)
    assert index.store.counts() == (1, 1)


def test_two_captions_folders_never_share_an_index_file(folders, tmp_path, monkeypatch):
    from player.search.place import index_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    other = tmp_path / "other"
    shutil.copytree(folders[0], other)
    assert index_path("", folders[0]) != index_path("", other)
