"""Who does what with support offers (merged by ``manage.py setup_roles``).

Unit staff (Cán bộ đơn vị) enter and withdraw their own unit's offers and send them for review;
which unit is theirs comes from their ``UnitMembership``, never from the request. Editors
review, publish, return and withdraw every offer, and read the good-deeds stories' senders.
"""

from examportal.roles import ADMINISTRATORS, EDITORS, UNIT_STAFF

PERMISSIONS = {
    UNIT_STAFF: ["support.enter_offer"],
    EDITORS: ["support.review_offer", "support.view_supportoffer", "support.view_offerevent",
              "support.view_gooddeedstory", "support.view_gooddeedphoto"],
    ADMINISTRATORS: ["support.view_supportoffer", "support.view_offerevent"],
}
