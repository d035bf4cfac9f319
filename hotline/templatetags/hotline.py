from django import template

register = template.Library()


@register.filter
def staff_name(user):
    """A staff member's name in Vietnamese order (family name first), or the username."""
    if not user:
        return ""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()
