"""Who does what with exam days (merged by ``manage.py setup_roles``).

Site staff (Cán bộ điểm thi) send and correct their own site's session reports and nothing else;
which site is theirs comes from their ``SiteMembership``, never from the request. Editors see
the province's totals, export them and turn them into a draft article, and fill in and confirm
the schedule of a year they open; inspectors see the totals and the incidents. Administrators
keep the schedule, the sites and the site accounts.
"""

from examportal.roles import ADMINISTRATORS, EDITORS, INSPECTORS, SITE_STAFF

MANAGE_SCHEDULE = [
    "exams.view_examsession", "exams.add_examsession", "exams.change_examsession",
    "exams.delete_examsession",
    "exams.view_examcomponent", "exams.add_examcomponent", "exams.change_examcomponent",
    "exams.delete_examcomponent",
]
MANAGE_SCHEDULE_AND_SITES = [
    *MANAGE_SCHEDULE,
    "exams.view_examsite", "exams.add_examsite", "exams.change_examsite",
    "exams.view_sitemembership", "exams.add_sitemembership", "exams.change_sitemembership",
    "exams.delete_sitemembership",
]

PERMISSIONS = {
    SITE_STAFF: ["exams.submit_report"],
    EDITORS: [
        "exams.view_dashboard", "exams.create_session_article",
        *MANAGE_SCHEDULE, "exams.view_examsite", "exams.change_examsite",
    ],
    INSPECTORS: ["exams.view_dashboard", "exams.view_incidents"],
    ADMINISTRATORS: [*MANAGE_SCHEDULE_AND_SITES, "exams.view_sessionreport"],
}
