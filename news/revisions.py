"""Comparing two revisions of an article, field by field, word by word."""

import difflib
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .services import REVISION_LABELS

_TOKENS = re.compile(r"\s+|[^\s]+")


def _as_text(name, value):
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if name == "section":
        from .models import Section

        section = Section.objects.filter(pk=value).select_related("column").first()
        return f"{section.title} ({section.column.year})" if section else ""
    if name == "body":
        # Compare what readers see; block ends become line breaks.
        value = re.sub(r"</(p|h[2-6]|li|tr|blockquote)>", "\n", value or "")
        return strip_tags(value)
    return "" if value is None else str(value)


def word_diff(old, new):
    """HTML with removed words in <del> and added words in <ins> (all text escaped)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 -- every piece is escaped above


def compare_revisions(older, newer):
    """Rows (label, changed, diff html) for every field either revision has."""
    rows = []
    for name in list(REVISION_LABELS) + [k for k in newer if k not in REVISION_LABELS]:
        if name not in older and name not in newer:
            continue
        if name == "related":
            continue
        old, new = _as_text(name, older.get(name)), _as_text(name, newer.get(name))
        rows.append({"label": REVISION_LABELS.get(name, name), "changed": old != new,
                     "diff": word_diff(old, new)})
    return rows
