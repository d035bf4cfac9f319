"""Who manages the document registry.

The testing office (Phòng Khảo thí và QLCLGD) prepares the documents and publishes them with the
political-ideology office (Kế hoạch, III.1.b); both work in the editors' group. Editors add,
correct and publish documents and manage their files and the list of issuers; they do not
delete a document (an official record is unpublished instead). Administrators may also delete.
Contributors, hotline operators and inspectors only read the public registry.
"""

from examportal.roles import ADMINISTRATORS, EDITORS

MANAGE_DOCUMENTS = [
    "documents.view_document", "documents.add_document", "documents.change_document",
    "documents.publish_document",
    "documents.view_documentfile", "documents.add_documentfile", "documents.change_documentfile",
    "documents.delete_documentfile",
    "documents.view_issuer", "documents.add_issuer", "documents.change_issuer",
]

PERMISSIONS = {
    EDITORS: MANAGE_DOCUMENTS,
    ADMINISTRATORS: [*MANAGE_DOCUMENTS, "documents.delete_document", "documents.delete_issuer"],
}

# The testing office's capability without the editors' news rights: granted to a staff account
# directly (``grant_testing_office``), e.g. the office's own account.
TESTING_OFFICE = MANAGE_DOCUMENTS


def grant_testing_office(user):
    from django.contrib.auth.models import Permission

    wanted = []
    for perm in TESTING_OFFICE:
        app_label, codename = perm.split(".", 1)
        wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*wanted)
    return user
