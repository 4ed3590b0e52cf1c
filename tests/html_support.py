"""Reading rendered pages as a screen reader would meet them: elements by id or
attribute, their attributes and their text, with the standard library's parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parts: list[str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """The text inside the element, whitespace collapsed as a browser does."""
        return " ".join("".join(self.parts).split())

    def inside(self, other: Element) -> bool:
        node = self.parent
        while node is not None and node is not other:
            node = node.parent
        return node is other

    def described_by(self, page: Page) -> list[Element]:
        return [page.by_id(name) for name in self.attrs["aria-describedby"].split()]


class Page(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(
            tag,
            {name: value or "" for name, value in attrs},
            parent=self._open[-1] if self._open else None,
        )
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                break

    def handle_data(self, data):
        for element in self._open:
            element.parts.append(data)

    def by_id(self, name: str) -> Element:
        found = [e for e in self.elements if e.attrs.get("id") == name]
        assert len(found) == 1, f"{len(found)} elements with id {name!r}"
        return found[0]

    def all(
        self, tag: str, within: Element | None = None, **attrs: str
    ) -> list[Element]:
        """Elements of the tag whose attributes hold these values (`_` for `-`),
        inside `within` if given."""
        wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
        return [
            e
            for e in self.elements
            if e.tag == tag
            and (within is None or e.inside(within))
            and all(e.attrs.get(name) == value for name, value in wanted.items())
        ]
