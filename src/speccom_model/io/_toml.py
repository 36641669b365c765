r"""
Compact TOML that a person can edit: the layout is ours, every value is tomli-w's.

tomli-w (1.2) writes every array one item per line and has no option to do
otherwise (its options are ``multiline_strings`` and ``indent``), so a plan of
a few thousand records ran to some ten thousand lines. This module decides only
where lines break; each key and each scalar is written by ``tomli_w.dumps``
itself, so quoting and escaping (quotes, backslashes, control characters,
keys that need quotes) are the library's.

The layout, in order of the rules applied:

1. A scalar is one line: ``key = value``.
2. A list of scalars (or of short lists) is one line, ``services = ["1", "2A"]``,
   when that line fits in :data:`WIDTH` characters; otherwise its items fill
   lines of at most :data:`WIDTH`, indented four spaces, each line ending with a
   comma, and ``]`` closes it on a line of its own.
3. A list of tables that is a collection of the document (at the top level,
   or in a top-level table such as ``catalogue.services``) is one inline table
   a line (``    { code = "1", name = "..." },``), a row per record, when
   every record fits in :data:`WIDTH`; otherwise an array of tables, one
   ``[[arrangements]]`` section per record.
4. Inside a record, a list of tables is inline, ``memberships = [{ ... }]``,
   when that fits on the line; else one inline table a line when every one
   fits; else an array of tables, ``[[arrangements.approvals]]``.
5. A table is inline, ``period = { start = "2024-04-01" }``, when its line fits
   and it is not a top-level table holding a collection (as ``catalogue``
   holds ``services``); otherwise it is a section, ``[catalogue]``. An empty
   table is ``{}``.
6. In a table, key/value lines come first and sections after (TOML needs
   that); otherwise keys keep the order they are given in.
7. Within an inline table or an array that cannot be sections (a list mixing
   tables with other values), everything is written inline on one line.

>>> print(dumps({"name": "x", "period": {"start": "2024-04-01"}, "codes": ["1", "2A"]}))
name = "x"
period = { start = "2024-04-01" }
codes = ["1", "2A"]
<BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["INDENT", "WIDTH", "dumps"]

#: The longest line the layout makes (tomli-w's own limit for an inline table);
#: a single value longer than this (a long string) still stays on its line.
WIDTH: Final = 100
#: The indent of the items of an array broken over lines.
INDENT: Final = "    "


def dumps(document: Mapping[str, Any]) -> str:
    """
    The TOML text of ``document``, laid out by the rules of this module.

    Raises:
        TypeError: for a key that is not text or a value TOML cannot hold.
        ValueError: for a value tomli-w refuses (such as a time with an offset).
    """
    writer = _Writer()
    lines: list[str] = []
    writer.table(lines, document, (), collection=True)
    return "".join(f"{line}\n" for line in lines)


class _Writer:
    """One dump: tomli-w's renderings of keys and strings, remembered."""

    def __init__(self) -> None:
        import tomli_w  # noqa: PLC0415 - only writing TOML needs it

        self._dumps: Callable[..., str] = tomli_w.dumps
        self._keys: dict[str, str] = {}
        self._strings: dict[str, str] = {}

    def key(self, key: object) -> str:
        """A key as tomli-w writes it: bare when it can be, else quoted."""
        if not isinstance(key, str):
            message = f"a key must be text, not {type(key).__name__}"
            raise TypeError(message)
        found = self._keys.get(key)
        if found is None:
            found = self._dumps({key: 0}).removesuffix(" = 0\n")
            self._keys[key] = found
        return found

    def scalar(self, value: object) -> str:
        """One value that is neither a table nor a list, as tomli-w writes it."""
        if type(value) is str:
            found = self._strings.get(value)
            if found is None:
                found = self._dumps({"v": value}).removeprefix("v = ")[:-1]
                self._strings[value] = found
            return found
        return self._dumps({"v": value}).removeprefix("v = ")[:-1]

    def inline(self, value: object) -> str:
        """Any value on one line: tables ``{ k = v }``, lists ``[a, b]``."""
        if isinstance(value, Mapping):
            if not value:
                return "{}"
            pairs = ", ".join(
                f"{self.key(k)} = {self.inline(v)}" for k, v in value.items()
            )
            return f"{{ {pairs} }}"
        if isinstance(value, list | tuple):
            return "[" + ", ".join(self.inline(item) for item in value) + "]"
        return self.scalar(value)

    def table(
        self,
        lines: list[str],
        table: Mapping[str, Any],
        path: tuple[str, ...],
        *,
        collection: bool,
        header: str | None = None,
    ) -> None:
        """
        Write ``table``'s key/value lines after ``header``, then its sections.

        ``collection`` says whether a list of tables in it is a collection of
        the document (rule 3) rather than part of a record (rule 4).
        """
        body: list[str] = []
        sections: list[tuple[str, Any, bool]] = []  # (key, value, array of tables)
        for key, value in table.items():
            name = self.key(key)
            array = self._entry(body, name, value, collection=collection)
            if array is not None:
                sections.append((name, value, array))
        # Each [[x]] header makes a record: never left out. A [x] header is,
        # when x holds only sections: [x.y] makes x.
        if header is not None and (header.startswith("[[") or body or not sections):
            if lines:
                lines.append("")
            lines.append(header)
        lines.extend(body)
        for name, value, array in sections:
            inner = (*path, name)
            dotted = ".".join(inner)
            if array:
                for record in value:
                    self.table(
                        lines, record, inner, collection=False, header=f"[[{dotted}]]"
                    )
            else:
                # A table of the document (such as [catalogue]) holds collections.
                self.table(
                    lines, value, inner, collection=not path, header=f"[{dotted}]"
                )

    def _entry(
        self, body: list[str], name: str, value: object, *, collection: bool
    ) -> bool | None:
        """
        Write one key's line(s) into ``body``; or say it is a section instead.

        Returns:
            ``None`` if written; ``True`` for an array of tables, ``False``
            for a table, to write as sections after the key/value lines.
        """
        if isinstance(value, Mapping):
            line = f"{name} = {self.inline(value)}"
            holds_collection = collection and any(map(_is_tables, value.values()))
            if len(line) > WIDTH or holds_collection:
                return False
            body.append(line)
        elif _is_tables(value):
            assert isinstance(value, list | tuple)  # _is_tables says so
            if not self._tables_inline(body, name, value, one_line=not collection):
                return True
        elif isinstance(value, list | tuple):
            self._array(body, name, value)
        else:
            body.append(f"{name} = {self.scalar(value)}")
        return None

    def _tables_inline(
        self,
        body: list[str],
        name: str,
        tables: list[Any] | tuple[Any, ...],
        *,
        one_line: bool,
    ) -> bool:
        """Rules 3 and 4: write a list of tables inline if it fits; say if it did."""
        items = [self.inline(t) for t in tables]
        line = f"{name} = [{', '.join(items)}]"
        if one_line and len(line) <= WIDTH:
            body.append(line)
            return True
        if all(len(INDENT) + len(item) + 1 <= WIDTH for item in items):
            body.append(f"{name} = [")
            body.extend(f"{INDENT}{item}," for item in items)
            body.append("]")
            return True
        return False

    def _array(
        self, body: list[str], name: str, values: list[Any] | tuple[Any, ...]
    ) -> None:
        """Rule 2: one line if it fits, else items filling lines of WIDTH."""
        items = [self.inline(v) for v in values]
        line = f"{name} = [{', '.join(items)}]"
        if len(line) <= WIDTH:
            body.append(line)
            return
        body.append(f"{name} = [")
        current = ""
        for item in items:
            if current and len(current) + 1 + len(item) + 1 > WIDTH:
                body.append(current)
                current = ""
            current = f"{current} {item}," if current else f"{INDENT}{item},"
        body.append(current)
        body.append("]")


def _is_tables(value: object) -> bool:
    """A non-empty list whose every item is a table: it can be an array of tables."""
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(item, Mapping) for item in value)
    )
