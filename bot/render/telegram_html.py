"""Telegram's HTML parse mode, as its server reads it (after tdlib's `parse_html`).

Used by the fake Bot API to refuse what Telegram refuses ("can't parse entities"), and by the
bot to cut a long HTML text without breaking a tag or an entity.
"""

from __future__ import annotations

import html
import re

ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPECIAL = re.compile(r"[&<]")
_ENTITY = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_ATTRIBUTE = re.compile(r"""\s*([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")


class HtmlParseError(ValueError):
    """What Telegram answers as "Bad Request: can't parse entities: …"."""


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _entity(text: str, i: int) -> tuple[str, int] | None:
    match = _ENTITY.match(text, i)
    if match is None:
        return None
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        char = _NAMED.get(name)
        return (char, match.end()) if char else None
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def _start_tag(text: str, begin: int) -> tuple[str, int]:
    """The tag opened at `begin` (a "<") and the index after its ">"."""
    j = begin + 1
    while j < len(text) and not text[j].isspace() and text[j] != ">":
        j += 1
    if j >= len(text):
        raise HtmlParseError(f"Unclosed start tag at byte offset {_offset(text, begin)}")
    name = text[begin + 1 : j].lower()
    if name not in ALLOWED_TAGS:
        raise HtmlParseError(
            f'Unsupported start tag "{name}" at byte offset {_offset(text, begin)}'
        )
    attributes: dict[str, str] = {}
    while True:
        while j < len(text) and text[j].isspace():
            j += 1
        if j >= len(text):
            raise HtmlParseError(f"Unclosed start tag at byte offset {_offset(text, begin)}")
        if text[j] == ">":
            break
        match = _ATTRIBUTE.match(text, j)
        if match is None:
            raise HtmlParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                f"at byte offset {_offset(text, begin)}"
            )
        value = next(v for v in match.groups()[1:] if v is not None)
        attributes[match.group(1).lower()] = value
        j = match.end()
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise HtmlParseError('Tag "span" must have class "tg-spoiler"')
    if name == "tg-emoji" and "emoji-id" not in attributes:
        raise HtmlParseError('Tag "tg-emoji" must have attribute "emoji-id"')
    return name, j + 1


def parse(text: str) -> str:
    """The text Telegram shows for `text` in HTML parse mode; HtmlParseError where it refuses."""
    shown: list[str] = []
    open_tags: list[str] = []
    i = 0
    while i < len(text):
        # Plain text up to the next tag or entity in one slice: a character at a time cost
        # 60 µs a screen, more than the bot spent on some of the updates it answered.
        special = _SPECIAL.search(text, i)
        if special is None:
            shown.append(text[i:])
            break
        if special.start() > i:
            shown.append(text[i : special.start()])
            i = special.start()
        if text[i] == "&":
            decoded = _entity(text, i)
            shown.append(decoded[0] if decoded is not None else "&")
            i = decoded[1] if decoded is not None else i + 1
            continue
        if text.startswith("</", i):
            end = text.find(">", i)
            if end < 0:
                raise HtmlParseError(f"Unclosed end tag at byte offset {_offset(text, i)}")
            name = text[i + 2 : end].strip().lower()
            if not open_tags or open_tags[-1] != name:
                expected = f'expected "</{open_tags[-1]}>", ' if open_tags else ""
                raise HtmlParseError(
                    f"Unmatched end tag at byte offset {_offset(text, i)}, "
                    f'{expected}found "</{name}>"'
                )
            open_tags.pop()
            i = end + 1
            continue
        name, i = _start_tag(text, i)
        open_tags.append(name)
    if open_tags:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{open_tags[-1]}"')
    return "".join(shown)


def cut(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` (valid HTML) cut to at most `limit` shown characters, tags closed, entities whole."""
    if len(parse(text)) <= limit:
        return text
    budget = limit - len(ellipsis)
    kept: list[str] = []
    open_tags: list[str] = []
    i = 0
    while i < len(text) and budget > 0:
        if text[i] == "<":
            end = text.index(">", i) + 1
            tag = text[i:end]
            if tag.startswith("</"):
                open_tags.pop()
            else:
                open_tags.append(_start_tag(text, i)[0])
            kept.append(tag)
            i = end
            continue
        decoded = _entity(text, i) if text[i] == "&" else None
        end = decoded[1] if decoded else i + 1
        kept.append(text[i:end])
        budget -= 1
        i = end
    closing = "".join(f"</{name}>" for name in reversed(open_tags))
    return "".join(kept) + html.escape(ellipsis) + closing
