"""JSON written in pieces, with arrays that are streamed instead of held.

`json_pieces(obj)` gives the bytes of `json.dumps(obj, indent=2, ensure_ascii=False,
default=str) + "\\n"` a piece at a time. An object in `obj` that subclasses `JsonArray` is
written as a JSON array, one batch of its items at a time: a first release's diff.json lists
the key of every row (millions of rows at 100,000 documents), which are made from Arrow only
while they are written. A `JsonArray` is deliberately *not* a list: `json.dumps` refuses it
(TypeError) rather than writing it as something else, so every writer has to stream it here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from json.encoder import INFINITY
from json.encoder import encode_basestring as _encode_str  # json.dumps' with ensure_ascii=False

# Pieces of about this many characters: diff.json of a first release is 40 MB at 10,000
# documents, which json.dumps would first build as one string.
JSON_PIECE_CHARS = 1 << 20
INDENT = "  "


class JsonArray:
    """An iterable that `json_pieces` writes as a JSON array. Subclasses give `batches()`,
    lists of JSON-ready items; iterating yields the items one by one."""

    def batches(self) -> Iterator[list]:
        raise NotImplementedError

    def __iter__(self) -> Iterator:
        for batch in self.batches():
            yield from batch


def json_pieces(obj, piece_chars: int = JSON_PIECE_CHARS) -> Iterator[bytes]:
    """The bytes of `json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\\n"`, in
    pieces of about `piece_chars` characters, with every `JsonArray` streamed."""
    encoder = json.JSONEncoder(indent=2, ensure_ascii=False, default=_default)
    buffer, size = [], 0
    for chunk in _chunks(encoder, obj, 0):
        buffer.append(chunk)
        size += len(chunk)
        if size >= piece_chars:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    buffer.append("\n")
    yield "".join(buffer).encode("utf-8")


def _default(value) -> str:
    if isinstance(value, JsonArray):  # reached only if _chunks missed it: never write a repr
        raise TypeError(f"{type(value).__name__} must be streamed by json_pieces")
    return str(value)


def _chunks(encoder: json.JSONEncoder, obj, level: int) -> Iterator[str]:
    # One walk: every container is written here, item by item, so a JsonArray anywhere inside is
    # met where it stands, with no look through the value for one first
    if isinstance(obj, JsonArray):
        yield from _streamed_array(encoder, obj, level)
    elif isinstance(obj, dict):
        yield from _object(encoder, obj, level)
    elif isinstance(obj, list | tuple):
        yield from _array(encoder, obj, level)
    else:
        yield _leaf(encoder, obj)


def _is_container(value) -> bool:
    return isinstance(value, JsonArray | dict | list | tuple)


def _leaf(encoder: json.JSONEncoder, value) -> str:
    """A value that is no container, as json.dumps writes it. A JSON string escapes newlines,
    so a leaf needs no indentation. The common kinds directly: `encoder.encode` with an indent
    builds its whole pure-Python encoder for every call."""
    if isinstance(value, str):
        return _encode_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (INFINITY, -INFINITY):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    return encoder.encode(value)  # `default` for anything else


def _indented(chunks, level: int) -> Iterator[str]:
    if not level:
        yield from chunks
        return
    pad = "\n" + INDENT * level
    for chunk in chunks:
        yield chunk.replace("\n", pad)


def _object(encoder: json.JSONEncoder, obj: dict, level: int) -> Iterator[str]:
    if not obj:
        yield "{}"
        return
    inner = "\n" + INDENT * (level + 1)
    for i, (key, value) in enumerate(obj.items()):
        head = ("{" if i == 0 else ",") + inner + _encode_str(_key_text(key)) + ": "
        if _is_container(value):
            yield head
            yield from _chunks(encoder, value, level + 1)
        else:
            yield head + _leaf(encoder, value)
    yield "\n" + INDENT * level + "}"


def _key_text(key) -> str:
    """A dict key as json.dumps writes it (str as is; None, bools and numbers as JSON)."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool | int | float):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _array(encoder: json.JSONEncoder, items, level: int) -> Iterator[str]:
    if not items:
        yield "[]"
        return
    inner = "\n" + INDENT * (level + 1)
    for i, item in enumerate(items):
        head = ("[" if i == 0 else ",") + inner
        if _is_container(item):
            yield head
            yield from _chunks(encoder, item, level + 1)
        else:
            yield head + _leaf(encoder, item)
    yield "\n" + INDENT * level + "]"


def _streamed_array(encoder: json.JSONEncoder, array: JsonArray, level: int) -> Iterator[str]:
    started = False
    for batch in array.batches():
        if not batch:
            continue
        # the batch as json.dumps writes a list, without its brackets: "\n  item,\n  item"
        text = encoder.encode(batch)[1:-2]
        yield from _indented([("," if started else "[") + text], level)
        started = True
    yield "\n" + INDENT * level + "]" if started else "[]"
