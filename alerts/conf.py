"""Alert settings: ``settings.ALERTS_<NAME>``, else the environment variable
of that name, else the default below (``examportal.conf.AppSettings``)."""

from examportal.conf import AppSettings

DEFAULTS = {
    # The subscribe form: minimum and maximum time between showing and sending it.
    "MIN_FILL_SECONDS": 3,
    "MAX_FILL_SECONDS": 12 * 3600,
    # Subscriptions per client IP and for the whole site, per window.
    "SUBSCRIBE_LIMIT_PER_IP": 10,
    "SUBSCRIBE_LIMIT_GLOBAL": 500,
    "SUBSCRIBE_WINDOW_SECONDS": 3600,
    # At most one confirmation mail per address in this many seconds (no mail-bombing).
    "CONFIRM_RESEND_SECONDS": 600,
    # A confirmation link works this long.
    "CONFIRM_MAX_AGE_SECONDS": 7 * 24 * 3600,
    # Mails sent per batch, and batches per run of send_alerts.
    "BATCH_SIZE": 100,
    "MAX_BATCHES": 50,
    # A failed mail is retried after 5, 10, 20… minutes (at most 6 hours), this many times.
    "MAX_ATTEMPTS": 6,
    "RETRY_BASE_SECONDS": 300,
    "RETRY_MAX_SECONDS": 6 * 3600,
    # A mail claimed by a sender that died is released after this long.
    "CLAIM_TIMEOUT_SECONDS": 15 * 60,
    # Content that became public longer ago than this is not mailed (a timer that stopped for a
    # week must not flood inboxes with old news when it starts again).
    "MAX_AGE_HOURS": 72,
}


get = AppSettings("ALERTS", DEFAULTS).get
