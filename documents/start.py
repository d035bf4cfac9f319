"""The document registry on the start page (examportal.staffstart)."""

from examportal.staffstart import StartSection, admin_link


def section(user):
    links = [link for link in (
        admin_link(user, "Thêm văn bản", "admin:documents_document_add", "documents.add_document"),
        admin_link(user, "Văn bản chỉ đạo, hướng dẫn", "admin:documents_document_changelist",
                   "documents.view_document"),
        admin_link(user, "Cơ quan ban hành", "admin:documents_issuer_changelist",
                   "documents.view_issuer"),
    ) if link]
    return StartSection("Văn bản", links, priority=60) if links else None
