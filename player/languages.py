"""Names of caption languages, as their speakers write them, for the language menu."""

from __future__ import annotations

import re

# Endonyms of the languages patient materials are most often translated into. A tag not
# listed here is shown as written (`pt-BR`); its base language is tried first.
NAMES = {
    "ar": "العربية",
    "de": "Deutsch",
    "en": "English",
    "es": "Español",
    "fa": "فارسی",
    "fr": "Français",
    "hi": "हिन्दी",
    "it": "Italiano",
    "ja": "日本語",
    "ko": "한국어",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt": "Português",
    "ru": "Русский",
    "so": "Soomaali",
    "tl": "Tagalog",
    "tr": "Türkçe",
    "uk": "Українська",
    "ur": "اردو",
    "vi": "Tiếng Việt",
    "zh": "中文",
}


def language_name(tag: str) -> str:
    base = tag.split("-", 1)[0].lower()
    name = NAMES.get(base)
    if name is None:
        return tag
    return name if base == tag.lower() else f"{name} ({tag})"


RIGHT_TO_LEFT = {"ar", "fa", "he", "ps", "ur", "yi"}


def direction(tag: str) -> str:
    """The text direction of a language, for the `dir` attribute of its transcript."""
    return "rtl" if tag.split("-", 1)[0].lower() in RIGHT_TO_LEFT else "ltr"


# A well-formed BCP 47 language tag (RFC 5646 §2.1): language[-script][-region]*(-variant)
# *(-extension)[-privateuse], or a private-use tag alone; case does not matter. The language
# is 2-3 letters: the 4-8 letter forms are reserved and none is assigned, so "english" is a
# mistake to report, not a tag.
_ALNUM = "[A-Za-z0-9]"
_LANGTAG = re.compile(
    rf"""
    (?:
      [A-Za-z]{{2,3}}(?:-[A-Za-z]{{3}}){{0,3}}                      # language, extlang
      (?:-[A-Za-z]{{4}})?                                    # script
      (?:-(?:[A-Za-z]{{2}}|[0-9]{{3}}))?                       # region
      (?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*                 # variants
      (?:-[0-9A-WYZa-wyz](?:-{_ALNUM}{{2,8}})+)*                  # extensions
      (?:-[xX](?:-{_ALNUM}{{1,8}})+)?                            # private use
    |
      [xX](?:-{_ALNUM}{{1,8}})+
    )
    """,
    re.VERBOSE,
)


def is_language_tag(tag: str) -> bool:
    """Whether `tag` is a well-formed BCP 47 tag (`en`, `pt-BR`, `zh-Hant-TW`, `es-419`):
    what may go into a `lang` attribute, a file name and a CSS selector unescaped."""
    return len(tag) <= 64 and _LANGTAG.fullmatch(tag) is not None
