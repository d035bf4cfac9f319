"""Who does what with exam results (merged by ``manage.py setup_roles``).

The testing office (Phòng Khảo thí) imports, confirms, corrects and restores results, enters the
national figures and the school names, sets the release time and previews the pages before it.
Editors preview too (to prepare the results article) and draft that article. Administrators
manage accounts, not results: like everyone listed, they may read the versions and the audit
trail, nothing more.
"""

from examportal.roles import ADMINISTRATORS, EDITORS, TESTING_OFFICE

VIEW = ["results.view_resultset", "results.view_resultversion", "results.view_auditentry"]
REFERENCE = [f"results.{action}_{model}" for model in ("schoolname", "nationalfigure")
             for action in ("view", "add", "change", "delete")]

PERMISSIONS = {
    TESTING_OFFICE: [*VIEW, *REFERENCE, "results.import_results", "results.release_results",
                     "results.preview_results"],
    EDITORS: [*VIEW, "results.preview_results", "results.create_results_article"],
    ADMINISTRATORS: VIEW,
}
