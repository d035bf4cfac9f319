from django import template

from examportal import staffstart

register = template.Library()


@register.simple_tag(takes_context=True)
def start_sections(context):
    """``{% start_sections as sections %}``: what the request's user may do (staffstart)."""
    request = context.get("request")
    return staffstart.sections(request.user) if request is not None else []
