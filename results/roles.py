"""Who does what with exam results (merged by ``manage.py setup_roles``).

The testing office (Phòng Khảo thí) imports, corrects and restores results. The portal has no
group of its own for it yet: its accounts are administrators here (``Quản trị``), who already keep
the exam schedule and sites. Editors set the release time, preview the pages before release and
draft the results article; everyone listed may read the versions and the audit trail.
"""

from examportal.roles import ADMINISTRATORS, EDITORS

VIEW = ["results.view_resultset", "results.view_resultversion", "results.view_auditentry"]

PERMISSIONS = {
    ADMINISTRATORS: [*VIEW, "results.import_results"],
    EDITORS: [*VIEW, "results.release_results", "results.create_results_article"],
}
