"""Scripts and styles are sent without their comments and indentation, every line where it
was, and nothing else touched: not strings, template literals or regular expressions that
look like comments, nor the blanks inside a template literal. A file the scanner cannot
follow is sent as it is."""

from pathlib import Path

import pytest

from player.lean_code import without_comments

STATIC = Path(__file__).resolve().parent.parent / "static"


def js(text: str) -> str:
    return without_comments(text, ".js")


def test_a_comment_line_is_left_empty_so_line_numbers_hold():
    assert js("// why\n// more\nrun();\n") == "\n\nrun();\n"


def test_a_comment_after_code_goes_with_the_blanks_before_it():
    assert js("const a = 1; // one\n") == "const a = 1;\n"


def test_a_block_comment_keeps_its_newlines_and_keeps_tokens_apart():
    assert (
        js("/**\n * Doc.\n */\nexport const a = b/* x */+c;\n") == "\n\n\nexport const a = b +c;\n"
    )


@pytest.mark.parametrize(
    "code",
    [
        'const url = "http://example.org/a"; ',
        "const s = '/* not a comment */';",
        "const t = `line one\n// a line of the text, not a comment\n${a /* inside */ ? `x` : `y`}`;",
        "const r = /\\/\\/ not a comment/g;",
        "const r = /[/*]+/.test(s);",
        "if (ok) return /^\\/\\//.test(path);",
        "const half = total / 2 / 3;",
    ],
)
def test_what_only_looks_like_a_comment_is_kept(code):
    assert js(code + "\n").replace("/* inside */", "") == (code + "\n").replace("/* inside */", "")
    assert "not a comment" not in code or "not a comment" in js(code)


def test_division_then_a_comment():
    assert js("const x = a / b; // half\n") == "const x = a / b;\n"


def test_a_file_the_scanner_cannot_follow_is_sent_as_it_is():
    broken = "const s = `never closed\n// stays\n"
    assert js(broken) == broken
    assert without_comments("a { b: c } /* never closed", ".css") == "a { b: c } /* never closed"


def test_indentation_goes_but_not_inside_a_template_literal():
    code = "function f() {\n  if (a) {\n\tb();\n  }\n  return `x\n    y ${\n    z}`;\n}\n"
    assert js(code) == "function f() {\nif (a) {\nb();\n}\nreturn `x\n    y ${\nz}`;\n}\n"


def test_css_indentation_goes():
    assert without_comments(".a {\n  color: red;\n}\n", ".css") == ".a {\ncolor: red;\n}\n"


def test_css_comments_go_but_strings_stay():
    css = '/* The look. */\n.a::before { content: "/* kept */"; } /* gone */\n'
    assert without_comments(css, ".css") == '\n.a::before { content: "/* kept */"; }\n'


def test_other_files_are_untouched():
    assert without_comments("<!-- x --> // y", ".svg") == "<!-- x --> // y"


@pytest.mark.parametrize("path", sorted(STATIC.rglob("*.js")) + sorted(STATIC.rglob("*.css")))
def test_every_shipped_file_loses_comments_but_no_line(path):
    text = path.read_text()
    lean = without_comments(text, path.suffix)
    assert lean != text, "the scanner lost its way (or the file has no comment)"
    assert lean.count("\n") == text.count("\n")
    assert len(lean) < len(text)
