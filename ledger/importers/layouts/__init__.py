"""Layouts: the known kinds of file, as data, each read the way its producer writes it.

A bank exports its statement in one shape, always the same: its words above the table, a
header with the same texts, the same way of saying which way the money went, the same
turnovers and balances under it. Guessing such a file's columns from their words (the generic
register reader, ``headers.find_header``) is for the books treasurers type; a file whose
layout is known is read by the layout, exactly. Each layout is one TOML file in this folder:

``name``, ``kind`` ("spreadsheet", or "exchange" for the 1C exchange file) and ``title``;

``[recognise]``: ``first_line`` (an exchange file's first line, ``1CClientBankExchange``), or,
for a spreadsheet, ``header`` (texts that must all stand in one row, with every header the
layout reads: that row is the header) and ``above`` (words that must stand above it: the bank's
name in its account block);

``[columns]``: field = the header's text, for the fields of ``headers.FIELD_NAMES`` (an
exchange file's ``[keys]`` name its keys instead, read by ``importers/onec.py``);

``[direction]``: ``way`` = "columns" (``in`` and ``out``: the credit and the debit column's
header), "words" or "mark" (``column``: the header of the column that says it, ``in`` and
``out``: the words or marks it says it with) or "sign" (one sum, money out negative);

``[skip]``: ``starting`` = the first words of rows that are no payment (turnovers, balances,
totals); a balance row under a statement's table still gives the statement its closing balance.

Texts are compared normalised (``headers.normalise_header``: case, ё, punctuation and "№"
do not matter). A file is read by the first layout that recognises it (in the order of
``LAYOUTS``, by name), else by the generic reader; ``fundledger import --layout NAME`` forces
one and ``fundledger layouts`` lists them.

**Adding a bank** is one layout file here, one sample and one golden file: add the sample's
rows to ``tests/layouts/make_samples.py`` and run it (it writes ``tests/layouts/NAME/sample.*``),
then run ``FUNDLEDGER_REGENERATE_GOLDEN=1 pytest tests/test_layouts.py`` once to write
``tests/layouts/NAME/NAME.golden.json``, read it row by row (every row's outcome, amount,
date, payer, IIN/BIN and way must be what the statement says), and commit the three files.
"""
from __future__ import annotations

import functools
import pathlib
import tomllib
from dataclasses import dataclass, field

from ledger.core.errors import InputFileError, UnknownLayout
from ledger.i18n import N_, _
from ledger.importers import cells, direction, headers
from ledger.importers.readers import Row

HERE = pathlib.Path(__file__).resolve().parent
WAYS = ("columns", "words", "mark", "sign")
KINDS = ("spreadsheet", "exchange")
KIND_WORDS = {"spreadsheet": N_("spreadsheet"), "exchange": N_("1C exchange file")}
_FIRST_LINE = N_("first line {line}")
_HEADER = N_("a header with {headers}")
_HEADER_UNDER = N_("a header with {headers} under {above}")
SAMPLES = "tests/layouts"   # each layout's sample and golden file, in the source tree


@dataclass(frozen=True)
class Layout:
    """One layout file, read: how to recognise the file and where each field is."""

    name: str
    kind: str
    title: str
    file: str
    first_line: str | None = None
    header: tuple[str, ...] = ()
    above: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    way: str = "columns"
    way_column: str | None = None
    way_in: tuple[str, ...] = ()
    way_out: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()

    def recognises(self, words=str) -> str:
        """What it recognises a file by, in words: ``words`` (``ledger.i18n._``) puts them into the
        reader's language, English as written by default (``--format json``)."""
        if self.first_line:
            return words(_FIRST_LINE).format(line=repr(self.first_line))
        headers = ", ".join(repr(h) for h in self.header)
        if not self.above:
            return words(_HEADER).format(headers=headers)
        return words(_HEADER_UNDER).format(headers=headers, above=", ".join(repr(a) for a in self.above))

    @property
    def sample(self) -> str:
        """Where its sample file is, in the source tree (its golden file is beside it)."""
        return f"{SAMPLES}/{self.name}/sample.{'txt' if self.kind == 'exchange' else 'xlsx'}"

    def as_json(self) -> dict:
        return {"name": self.name, "kind": self.kind, "title": self.title, "recognises": self.recognises(),
                "direction": self.way, "file": self.file, "sample": self.sample}

    # --- a spreadsheet ---

    @property
    def needed(self) -> tuple[str, ...]:
        """Every header text the layout reads: a row that lacks one is not its header (a
        register that happens to share a bank's words is left to the generic reader)."""
        ways = (self.way_in[:1] + self.way_out[:1]) if self.way == "columns" else (self.way_column,) if self.way_column else ()
        return tuple(dict.fromkeys((*self.header, *self.columns.values(), *ways)))

    def header_row(self, rows: list[Row], forced: bool = False) -> Row | None:
        """The header among a sheet's first rows, when this layout's words are where it puts them
        (a forced layout needs only its header: a statement may have lost its block above)."""
        wanted = [headers.normalise_header(h) for h in self.needed]
        above = [] if forced else [headers.normalise_header(a) for a in self.above]
        seen = ""
        for row in rows[:headers.HEADER_SEARCH_ROWS]:
            texts = {headers.normalise_header(c) for c in row.cells if isinstance(c, str)}
            if wanted and all(w in texts for w in wanted):
                return row if all(f" {a} " in f" {seen} " for a in above) else None
            seen += " " + " ".join(t for t in (headers.normalise_header(c) for c in row.cells) if t)
        return None

    def header_map(self, rows: list[Row], kind: str, where: str, forced: bool = False) -> headers.HeaderMap:
        """The sheet's header as this layout places it; ``InputFileError`` when the sheet is
        not of this layout (a forced ``--layout`` on another bank's file)."""
        row = self.header_row(rows, forced)
        if row is None:
            raise self.does_not_fit(where, _("no row in the first {count} has its headers {headers}").format(
                count=headers.HEADER_SEARCH_ROWS, headers=", ".join(repr(h) for h in self.needed)))
        texts = [cells.text(c) or "" for c in row.cells]
        normalised = [headers.normalise_header(t) for t in texts]

        def column(text: str) -> int:
            wanted = headers.normalise_header(text)
            if wanted not in normalised:
                raise InputFileError(_(
                    "{where}, row {row}: no column {header!r}, which the layout {layout!r} reads; the headers are "
                    "{headers}").format(where=where, row=row.number, header=text, layout=self.name,
                                         headers=", ".join(repr(t) for t in texts if t)),
                    code="LAYOUT_DOES_NOT_FIT", layout=self.name)
            return normalised.index(wanted)

        fields = headers.KIND_FIELDS[kind]
        columns = {f: column(text) for f, text in self.columns.items() if f in fields}
        spending = kind == "spending"
        header = headers.HeaderMap(row.number, row.number + 1, columns, texts,
                                   {f: f"{texts[c]!r} (layout {self.name})" for f, c in columns.items()})
        header.money_in, header.other_way_advice = not spending, direction.other_way_advice(kind)
        header.skip = self.skips if self.skip else None
        if self.way == "columns":
            ours, theirs = (self.way_out, self.way_in) if spending else (self.way_in, self.way_out)
            header.columns["amount"], header.other_way = column(ours[0]), column(theirs[0])
            header.found_by["amount"] = f"{ours[0]!r} (layout {self.name})"
        elif self.way in ("words", "mark"):
            header.columns["direction"] = column(self.way_column)
            header.marks = (frozenset(headers.normalise_header(w) for w in self.way_in),
                            frozenset(headers.normalise_header(w) for w in self.way_out))
        else:
            header.sign = -1 if spending else 1
        return header

    def does_not_fit(self, where: str, why: str) -> InputFileError:
        """The error of a file forced to this layout that is none of its kind."""
        return InputFileError(_("{where}: not a file of the layout {layout!r}: {why}; import it without --layout, "
                                "or choose another from `fundledger layouts`").format(
            where=where, layout=self.name, why=why), code="LAYOUT_DOES_NOT_FIT", layout=self.name)

    @functools.cached_property
    def _skip_phrases(self) -> tuple[str, ...]:
        return tuple(headers.normalise_header(s) for s in self.skip)

    def skips(self, row: Row) -> bool:
        """Whether a row is one this layout says is no payment: its first words are a skip's."""
        first = next((c for c in row.cells if not cells.is_empty(c)), None)
        if not isinstance(first, str):
            return False
        text = headers.normalise_header(first)
        return any(text == s or text.startswith(s + " ") for s in self._skip_phrases)


def _layout(path: pathlib.Path) -> Layout:
    data = tomllib.loads(path.read_text("utf-8"))
    recognise, direction = data.get("recognise", {}), data.get("direction", {})
    way = direction.get("way", "columns")
    as_tuple = (lambda v: tuple(v) if isinstance(v, list) else (v,) if v else ())
    layout = Layout(
        name=data["name"], kind=data["kind"], title=data["title"], file=path.name,
        first_line=recognise.get("first_line"), header=tuple(recognise.get("header", ())),
        above=tuple(recognise.get("above", ())), columns=dict(data.get("columns", {})),
        keys={k: tuple(v) for k, v in data.get("keys", {}).items()}, way=way, way_column=direction.get("column"),
        way_in=as_tuple(direction.get("in")), way_out=as_tuple(direction.get("out")),
        skip=tuple(data.get("skip", {}).get("starting", ())))
    _check(layout, path)
    return layout


def _check(layout: Layout, path: pathlib.Path) -> None:
    """A layout file that cannot work is the program's mistake: it fails loudly when loaded."""
    problems = []
    if layout.kind not in KINDS:
        problems.append(f"kind {layout.kind!r} is none of {KINDS}")
    if layout.way not in WAYS:
        problems.append(f"direction.way {layout.way!r} is none of {WAYS}")
    if layout.kind == "spreadsheet":
        if not layout.header:
            problems.append("a spreadsheet layout needs recognise.header")
        unknown = sorted(set(layout.columns) - set(headers.FIELD_NAMES))
        if unknown:
            problems.append(f"unknown fields {unknown}")
        if layout.way == "columns" and not (layout.way_in and layout.way_out):
            problems.append("direction.way 'columns' needs direction.in and direction.out")
        if layout.way in ("words", "mark") and not (layout.way_column and layout.way_in and layout.way_out):
            problems.append(f"direction.way {layout.way!r} needs direction.column, in and out")
        if layout.way != "columns" and "amount" not in layout.columns:
            problems.append("columns.amount is needed unless direction.way is 'columns'")
    elif not layout.first_line:
        problems.append("an exchange layout needs recognise.first_line")
    if problems:
        raise ValueError(f"layout {path}: " + "; ".join(problems))


@functools.cache
def load(folder: pathlib.Path = HERE) -> tuple[Layout, ...]:
    """Every layout in ``folder``, by name."""
    found = sorted((_layout(p) for p in folder.glob("*.toml")), key=lambda lay: lay.name)
    names = [lay.name for lay in found]
    if len(set(names)) != len(names):
        raise ValueError(f"layouts in {folder}: two share a name ({names})")
    return tuple(found)


def named(name: str) -> Layout:
    """The layout of that name; ``UnknownLayout`` listing the known ones otherwise."""
    for layout in load():
        if layout.name == name:
            return layout
    raise UnknownLayout(_("unknown layout {name!r}; the known layouts are {names}").format(
        name=name, names=", ".join(lay.name for lay in load())), name=name)


def exchange_layout(first_line: str) -> Layout | None:
    """The exchange layout whose first line a file begins with (in any letter case)."""
    line = first_line.strip().lstrip("\ufeff").lower()
    return next((lay for lay in load() if lay.first_line and line.startswith(lay.first_line.lower())), None)


def spreadsheet_layout(rows: list[Row]) -> Layout | None:
    """The first spreadsheet layout that recognises a sheet's first rows, or None."""
    return next((lay for lay in load() if lay.kind == "spreadsheet" and lay.header_row(rows) is not None), None)
