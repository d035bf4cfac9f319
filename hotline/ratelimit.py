"""The hotline's limits and proof of work, on the public-form guard (``examportal.formguard``).

What must hold (issue 14, item 4): no group of addresses can stop a person from filing a hotline
report or reading their own report. So:

* **Refusals are per address only.** Each client address (IPv6: its /64, which one subscriber
  holds) has its own fixed-window counters: hotline submissions (``SUBMIT_LIMIT_PER_IP`` an hour,
  a slot taken with ``formguard.take_slot(submit_limit(), ip)`` like every public form) and
  failed status look-ups (``LOOKUP_LIMIT_PER_IP`` in 15 minutes). Over its own limit an address
  gets 429, a ``Retry-After`` header and a message with the true wait: the minutes left in the
  counter's window (windows are aligned to the clock, so that is exact).
* **Site-wide pressure asks for more proof, it never refuses.** The site-wide counters
  (``SUBMIT_LIMIT_GLOBAL``, ``LOOKUP_LIMIT_GLOBAL``, kept under their old names) are a signal:
  above them the forms carry a proof-of-work challenge (``PROOF_BITS`` leading zero bits of
  SHA-256, a few seconds in a phone's browser, ``static/js/proof-of-work.js``). A report sent
  under pressure without a valid proof (no JavaScript, or not solved) is filed all the same and
  marked ``unverified`` for the inspectors ("gửi khi quá tải, chưa xác minh").
* **Per reference, proof instead of a lock.** Failed look-ups are also counted per reference
  (``LOOKUP_LIMIT_PER_REFERENCE``). Locking a reference would let anyone lock a victim's report,
  and its access key (140 random bits) cannot be guessed anyway; so a reference under attack, like
  site-wide pressure, only makes proof count: a wrong key sent without a valid proof counts
  ``LOOKUP_UNPROVEN_WEIGHT`` times against the sender's own address, with one it counts once.
  The right key is always accepted from an address within its limit.

The report form's challenge is its own form token (``formguard.GuardedForm``), whose nonce is
stored with the report; a look-up proof's challenge is a token of its own, whose nonce is claimed
once (``formguard.claim_nonce``). Counters, their database fallback while Redis is down, and the
proof arithmetic are the guard's.
"""

from examportal import formguard

from . import conf

# Scopes used by the views.
SUBMIT = "submit"
LOOKUP = "lookup"
LOOKUP_REFERENCE = "lookup-ref"

SUBMIT_REFUSED = ("Địa chỉ mạng của bạn đã gửi nhiều phản ánh: tối đa {limit} phản ánh trong "
                  "{duration} cho mỗi địa chỉ. Vui lòng thử lại sau {minutes} phút; việc khẩn cấp "
                  "xin gọi ngay đường dây nóng.")


def reference_subject(year, number):
    return formguard.subject("reference", f"{year}-{number}")


# --- Hotline submissions ------------------------------------------------------------------------

def submit_limit():
    """Reports per address and window; above the site-wide level nobody is refused (the slot
    says ``pressure``: proof is asked for)."""
    return formguard.Limit(SUBMIT, per_address=conf.get("SUBMIT_LIMIT_PER_IP"),
                           window=conf.get("SUBMIT_WINDOW_SECONDS"),
                           site=conf.get("SUBMIT_LIMIT_GLOBAL"), site_refuses=False,
                           address_message=SUBMIT_REFUSED)


def submit_pressure():
    """True while the site takes more reports than its usual level: forms ask for proof."""
    return formguard.site_pressure(submit_limit())


# --- Status look-ups --------------------------------------------------------------------------

def lookup_refusal(ip):
    """Seconds this address must wait before looking up again (0: it may go on)."""
    mine = formguard.peek(LOOKUP, conf.get("LOOKUP_WINDOW_SECONDS"), formguard.address_subject(ip))
    return mine.retry_after if mine.value >= conf.get("LOOKUP_LIMIT_PER_IP") else 0


def lookup_pressure(parsed_reference=None):
    """True when look-ups must bring proof: the site has many failed look-ups, or this
    reference has (it is under attack)."""
    window = conf.get("LOOKUP_WINDOW_SECONDS")
    if formguard.peek(LOOKUP, window).value >= conf.get("LOOKUP_LIMIT_GLOBAL"):
        return True
    if parsed_reference:
        subject = reference_subject(*parsed_reference)
        return (formguard.peek(LOOKUP_REFERENCE, window, subject).value
                >= conf.get("LOOKUP_LIMIT_PER_REFERENCE"))
    return False


def record_failed_lookup(ip, parsed_reference=None, weight=1):
    window = conf.get("LOOKUP_WINDOW_SECONDS")
    formguard.hit(LOOKUP, window, formguard.address_subject(ip), amount=weight)
    formguard.hit(LOOKUP, window)
    if parsed_reference:
        formguard.hit(LOOKUP_REFERENCE, window, reference_subject(*parsed_reference))
