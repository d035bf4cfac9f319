"""Who does what with units and their preparation reports (merged by ``manage.py setup_roles``).

Unit staff (Cán bộ đơn vị) send and update their own unit's report and raise its difficulties;
which unit is theirs comes from their ``UnitMembership``, never from the request. Editors and
the testing office read the province's picture, answer the difficulties and export; editors
also draft the "Công tác chuẩn bị" article and set the year's deadline. Administrators keep the
units and their staff accounts.
"""

from examportal.roles import ADMINISTRATORS, EDITORS, TESTING_OFFICE, UNIT_STAFF

DEPARTMENT = ["units.view_reports", "units.answer_difficulty"]
DEADLINES = ["units.view_reportinground", "units.add_reportinground",
             "units.change_reportinground"]

PERMISSIONS = {
    UNIT_STAFF: ["units.submit_report"],
    EDITORS: [*DEPARTMENT, "units.create_preparation_article", *DEADLINES],
    TESTING_OFFICE: [*DEPARTMENT],
    ADMINISTRATORS: [
        "units.view_unit", "units.add_unit", "units.change_unit",
        "units.view_unitmembership", "units.add_unitmembership", "units.change_unitmembership",
        "units.delete_unitmembership",
        *DEADLINES, "units.view_preparationreport", "units.view_difficulty",
    ],
}
