"""Editors open exam years and switch the current one (the ten-minute task of each spring);
administrators may too. Everyone on staff may look."""

from examportal.roles import ADMINISTRATORS, EDITORS

MANAGE_YEARS = [
    "examyears.view_examyear", "examyears.change_examyear", "examyears.open_exam_year",
    "examyears.view_keydate", "examyears.add_keydate", "examyears.change_keydate",
    "examyears.delete_keydate",
]

PERMISSIONS = {
    EDITORS: MANAGE_YEARS,
    ADMINISTRATORS: MANAGE_YEARS,
}
