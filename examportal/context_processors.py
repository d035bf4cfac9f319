from django.conf import settings


def portal(request):
    """The agency's facts for the header and footer; nothing per user, so pages stay cacheable."""
    return {"portal": settings.PORTAL, "site_url": settings.SITE_URL}
