"""The readable text of a fetched page: trafilatura for articles and shops, the posts of a messenger channel's
public web preview one by one, the bare text of the document when neither finds anything."""

from __future__ import annotations

import lxml.html
import trafilatura
from lxml.etree import ParserError

__all__ = ["ExtractedText", "MalformedPage", "extract_text"]

_CHANNEL_POST = "//div[contains(concat(' ', normalize-space(@class), ' '), ' tgme_widget_message_text ')]"


class MalformedPage(ValueError):
    """The document cannot be parsed into a tree at all."""


class ExtractedText:
    """The page's title, its text and, for a channel preview, each post's text."""

    __slots__ = ("posts", "text", "title")

    def __init__(self, title: str, text: str, posts: list[str]) -> None:
        self.title = title
        self.text = text
        self.posts = posts


def extract_text(html: str) -> ExtractedText:
    """Title, main text and channel posts of an HTML document; raises ``MalformedPage`` when it has no tree."""
    if not html.strip():
        raise MalformedPage("empty document")
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError) as exc:
        raise MalformedPage(str(exc) or "unparseable document") from exc
    title = " ".join((tree.findtext(".//title") or "").split())
    posts = [" ".join(node.text_content().split()) for node in tree.xpath(_CHANNEL_POST)]
    posts = [post for post in posts if post]
    text = trafilatura.extract(html, favor_recall=True, include_comments=False, include_tables=True) or ""
    if posts:
        text = "\n\n".join(posts)
    if not text.strip():
        body = tree.find("body")
        text = " ".join((body if body is not None else tree).text_content().split())
    return ExtractedText(title, text.strip(), posts)
