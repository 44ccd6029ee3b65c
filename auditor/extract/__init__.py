"""HTML -> facts: pure functions over one parsed document (lxml), no I/O.

doc = parse_document(body, url, header_encoding)
links = extract_links(doc)          # every link, absolute and canonical, with row dates
facts = extract_facts(doc)          # PageFacts (docs/architecture.md), .to_dict() for JSON
"""

from auditor.extract.dates import find_date, url_date
from auditor.extract.document import Document, parse_document
from auditor.extract.encoding import decode_html
from auditor.extract.facts import Attachment, PageFacts, extract_facts
from auditor.extract.links import Link, extract_links

__all__ = [
    "Attachment",
    "Document",
    "Link",
    "PageFacts",
    "decode_html",
    "extract_facts",
    "extract_links",
    "find_date",
    "parse_document",
    "url_date",
]
