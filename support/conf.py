"""Support settings: ``settings.SUPPORT_<NAME>``, else the environment variable of that name,
else the default below (``examportal.conf.AppSettings``)."""

from examportal.conf import AppSettings

DEFAULTS = {
    # The good-deeds form: a form sent faster than this after it was shown is refused (bots),
    # one shown longer ago than this asks to be sent again.
    "MIN_FILL_SECONDS": 4,
    "MAX_FILL_SECONDS": 12 * 3600,
    # Stories per client address and window; above the site-wide level the form asks for a proof
    # of work (static/js/proof-of-work.js) and a story sent without one is refused.
    "STORY_LIMIT_PER_IP": 5,
    "STORY_LIMIT_GLOBAL": 100,
    "STORY_WINDOW_SECONDS": 3600,
    "PROOF_BITS": 17,
    # Photos with a story: how many, and the largest one (a larger file never reaches the disk).
    "MAX_PHOTOS": 5,
    "MAX_PHOTO_MB": 8,
    # Text limits of a story.
    "MAX_STORY_CHARS": 8000,
    "MIN_STORY_CHARS": 80,
}

get = AppSettings("SUPPORT", DEFAULTS).get


def max_photo_bytes():
    return int(get("MAX_PHOTO_MB")) * 1024 * 1024


def max_request_bytes():
    """The largest body the good-deeds form accepts: every photo at its limit, plus the text."""
    return int(get("MAX_PHOTOS")) * max_photo_bytes() + 2 * 1024 * 1024
