"""Contracts views, one module per kind; routes attach to contracts.bp."""
from io import BytesIO

from flask import abort, send_file

from contracts.documents import DOCX_MIMETYPE
from contracts.models.document import GeneratedDocument
from contracts.services import storage
from extensions import db


def send_document(document: GeneratedDocument):
    """Send a stored generated document as a Word download."""
    return send_file(BytesIO(storage.read_document(document)), as_attachment=True,
                     download_name=document.file_name, mimetype=DOCX_MIMETYPE)


def owned_document_or_404(document_id: int, owner_type: str, owner_id: int) -> GeneratedDocument:
    """A generated document of this plan or contract; 404 for one that belongs elsewhere."""
    document = db.session.get(GeneratedDocument, document_id)
    if document is None or (document.owner_type, document.owner_id) != (owner_type, owner_id):
        abort(404)
    return document
