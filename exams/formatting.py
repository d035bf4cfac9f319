"""Vietnamese number formatting: a dot groups thousands, a comma marks decimals.

3214 → "3.214"; 99.1234 → "99,12"; the percentage sign follows without a space ("99,12%").
"""

from decimal import ROUND_HALF_UP, Decimal


def vn_number(value):
    """An integer with dots between thousands: 3214 → "3.214"."""
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


def percentage(part, whole):
    """part/whole as a percentage rounded half-up to two decimals, or None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def vn_decimal(value, places=2):
    """A decimal with a comma: Decimal("99.12") → "99,12"; thousands grouped with dots."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    value = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{value:.{places}f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = vn_number(abs(int(whole)))
    return f"{sign}{whole},{fraction}" if places else f"{sign}{whole}"


def vn_percent(part, whole):
    """"99,12%" (or "—" when nothing was expected)."""
    value = percentage(part, whole)
    return "—" if value is None else f"{vn_decimal(value)}%"
