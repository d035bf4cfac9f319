"""Who sees what of the alert lists (merged by ``manage.py setup_roles``).

Editors see how many people receive each list (counts, never addresses) and the send queue.
Administrators also see addresses and erase one on request. Nobody else gets anything.
"""

from examportal.roles import ADMINISTRATORS, EDITORS

PERMISSIONS = {
    EDITORS: ["alerts.view_subscription", "alerts.view_item"],
    ADMINISTRATORS: [
        "alerts.view_subscription", "alerts.view_item",
        "alerts.view_subscriber_address", "alerts.erase_subscriber",
    ],
}
