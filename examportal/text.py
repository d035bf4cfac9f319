"""Vietnamese text helpers: NFC storage, slugs that keep đ, and a diacritic-free search form."""

import re
import unicodedata

from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")


def normalize_text(value):
    """Return ``value`` in Unicode NFC, the form every stored text uses."""
    if value is None:
        return value
    return unicodedata.normalize("NFC", str(value))


def strip_diacritics(value):
    """Remove Vietnamese tone and vowel marks, đ/Đ included: "Đề thi" → "De thi"."""
    decomposed = unicodedata.normalize("NFKD", str(value).translate(_D_MAP))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify_vi(value, max_length=None):
    """A URL slug that transliterates đ before dropping marks: "Đề thi Đà Nẵng" → "de-thi-da-nang"."""
    slug = slugify(strip_diacritics(normalize_text(value)))
    if max_length:
        slug = slug[:max_length].rstrip("-")
    return slug


def search_text(value):
    """Lower-case, diacritic-free, single-spaced form of ``value`` for matching queries."""
    if not value:
        return ""
    return _SPACES.sub(" ", strip_diacritics(normalize_text(value)).lower()).strip()


def person_name(user, empty=""):
    """A staff member's name the Vietnamese way, family name first ("Lường Thị Hoa"), or the
    username when no name is set; ``empty`` for nobody. The one display-name function of the
    portal (Django's ``get_full_name`` puts the given name first)."""
    if user is None:
        return empty
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()
