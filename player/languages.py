"""Names of caption languages, as their speakers write them, for the language menu."""

from __future__ import annotations

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
