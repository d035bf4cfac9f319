"""Where each staff member starts: every app says what a user may do there (``staff_start``).

An app declares ``"staff_start": ["app.start.section"]`` in its ``contributes``; each is
``f(user) -> StartSection | None`` (None when the user has nothing to do in that app). The
start page lists the sections the user gets and nothing else; after signing in, a user lands
on the ``landing`` URL of their most pressing section (lowest ``priority``), or on the start
page when none has one.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StartLink:
    label: str
    url: str
    description: str = ""
    # A count shown beside the link (e.g. reports waiting), None when it has none.
    count: int | None = None


@dataclass(frozen=True)
class StartSection:
    title: str
    links: list[StartLink] = field(default_factory=list)
    # Where this role's first task is (e.g. the review queue); None to land on the start page.
    landing: str | None = None
    priority: int = 100
