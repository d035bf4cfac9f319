from django import template

from ..formatting import vn_decimal, vn_number, vn_percent

register = template.Library()


@register.filter
def so(value):
    """3214 → "3.214" (Vietnamese thousands separator)."""
    return vn_number(value)


@register.filter
def thap_phan(value):
    """Decimal("99.12") → "99,12"; None → "—"."""
    return "—" if value is None else vn_decimal(value)


@register.simple_tag
def ty_le(part, whole):
    """"99,12%" or "—" when nothing was expected."""
    return vn_percent(part, whole)
