"""Hotline permissions per staff group (merged by ``manage.py setup_roles``).

Least privilege: operators only log reports; inspectors work the shared queue; seeing a
reporter's name, phone, email and IP is a separate permission given to named inspectors, never
to a whole group: by a superuser, or by an inspector holding "grant identity access" on the
workspace's own screen (``hotline.identity_access``), each grant audited and mailed.
Administrators manage accounts and may read the audit trail, not the reports. Editors and
contributors get nothing.
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

# Only a superuser grants these through the accounts admin (examportal.accounts); the first is
# also granted on the inspectors' own screen by holders of the second.
RESERVED = ["hotline.view_reporter_identity", "hotline.grant_identity_access"]
