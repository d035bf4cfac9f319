"""Hotline permissions per staff group (merged by ``manage.py setup_roles``).

Least privilege: operators only log reports; inspectors work the shared queue; seeing a
reporter's name, phone, email and IP is a separate permission that an administrator grants to
named inspectors (e.g. the chief inspector), not to a whole group. Administrators manage
accounts and may read the audit trail, not the reports. Editors and contributors get nothing.
"""

from examportal.roles import ADMINISTRATORS, INSPECTORS, OPERATORS

PERMISSIONS = {
    OPERATORS: ["hotline.log_report"],
    INSPECTORS: [
        "hotline.view_report",
        "hotline.handle_report",
        "hotline.export_report",
        "hotline.view_auditentry",
    ],
    ADMINISTRATORS: ["hotline.view_auditentry"],
}
