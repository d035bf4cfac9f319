"""Who answers questions (merged by ``manage.py setup_roles``).

The department office editors review the questions: answer (which publishes), merge a duplicate
into an existing answer, decline with a reason, pin (qa.answer_question). Administrators may
delete a question (e.g. abusive text). Nobody sees the asker's email address in the admin.
"""

from examportal.roles import ADMINISTRATORS, EDITORS

PERMISSIONS = {
    EDITORS: ["qa.view_question", "qa.change_question", "qa.answer_question"],
    ADMINISTRATORS: ["qa.view_question", "qa.delete_question"],
}
