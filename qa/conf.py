"""Q&A settings: ``settings.QA_<NAME>``, else the environment variable
of that name, else the default below (``examportal.conf.AppSettings``)."""

from examportal.conf import AppSettings

DEFAULTS = {
    # A form sent faster than this after it was shown is refused (bots fill forms instantly).
    "MIN_FILL_SECONDS": 4,
    # A form shown longer ago than this asks to be sent again.
    "MAX_FILL_SECONDS": 12 * 3600,
    # Questions accepted per client IP and for the whole site, per window.
    "ASK_LIMIT_PER_IP": 5,
    "ASK_LIMIT_GLOBAL": 200,
    "ASK_WINDOW_SECONDS": 3600,
    # Length limits of a question.
    "MAX_QUESTION_CHARS": 3000,
    "MIN_QUESTION_CHARS": 15,
    # An asker's address on a question still waiting after this many days is erased.
    "EMAIL_RETENTION_DAYS": 90,
    # Questions per page of the public list.
    "PAGE_SIZE": 20,
}


get = AppSettings("QA", DEFAULTS).get
