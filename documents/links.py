"""The article page's related documents, as a part of news.links's single statement
(``article_links`` in DocumentsConfig.contributes)."""

from .models import Document, public_document_sql


def related_documents_sql():
    document = Document._meta.db_table
    relation = Document.related_articles.field
    through = relation.remote_field.through._meta.db_table
    return (
        f"SELECT 'document', d.id, d.document_type, d.excerpt, d.number, d.published_at "
        f"FROM {document} d JOIN {through} r ON r.{relation.m2m_column_name()} = d.id "
        f"WHERE r.{relation.m2m_reverse_name()} = %(article)s AND {public_document_sql('d')} "
        f"ORDER BY d.issue_date DESC, d.id DESC"
    )


def build_related_document(pk, document_type, excerpt, number, published_at):
    """Enough of a document for a link to it: its URL, number, type and excerpt."""
    return Document(pk=pk, document_type=document_type, excerpt=excerpt, number=number,
                    published_at=published_at)


class RelatedDocuments:
    """The "document" part: ``ArticleLinks.extra["document"]``."""

    sql = staticmethod(related_documents_sql)
    build = staticmethod(build_related_document)
