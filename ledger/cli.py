"""The `fundledger` command: parse arguments, call one service, print.

Each command opens the database, calls one function of the ledger and prints the result, as
a table for people or as JSON (`--format json`) for machines. A ``LedgerError`` becomes one
line on stderr and its exit code (1 for a refusal or a finding, 2 for an unusable file or a
usage error); nothing here decides anything about money.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import os
import sys
from pathlib import Path

import click
from sqlalchemy.exc import DBAPIError, OperationalError

from ledger import __version__
from ledger.core.codes import FundSource
from ledger.core.errors import LedgerError, UsageError
from ledger.core.notices import as_json as notice_json
from ledger.core.notices import code_of
from ledger.i18n import (
    LANGUAGES,
    N_,
    NP_,
    _,
    amounts_in_reader_convention,
    chosen_language,
    count_text,
    current_language,
    date_text,
    language_from_environment,
    money_text,
    ngettext,
    percent_text,
    set_language,
    speaking,
)
from ledger.journal.chart import SPENDING_ROLES
from ledger.rules.profiles import HOLDER_CANDIDATE, HOLDER_PARTY, HOLDER_WORDS
from ledger.rules.wording import in_words

FORMATS = click.Choice(["text", "json"])

# click's own words (usage, help headings, its parsing errors) are put into words with our
# catalogue too; these marks put the ones a user meets into it.
CLICK_WORDS = (N_("Usage:"), N_("Options"), N_("Commands"), N_("Show the version and exit."),
               N_("Missing option"), N_("Missing argument"), N_("Missing parameter"),
               N_("No such command {name!r}."), N_("No such option {name!r}."),
               N_("Invalid value for {param_hint}: {message}"), N_("Missing command."),
               N_("{value!r} is not a valid {number_type}."), N_("{value} is not in the range {range}."),
               N_("default: {default}"), N_("required"), N_("env var: {var}"), N_("integer"),
               N_("Option {name!r} does not take a value."), N_("Aborted!"),
               NP_("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
               NP_("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
               NP_("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
               NP_("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"))


def _click_speaks_our_language() -> None:
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = _
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


_click_speaks_our_language()


class _help_texts_translated:
    """While help is written, the help texts (English, as written in this file) are shown
    through the catalogue: those of the command, its options and its subcommands."""

    def __init__(self, command: click.Command, ctx: click.Context):
        items = [command, *command.get_params(ctx)]
        if isinstance(command, click.Group):
            items += command.commands.values()
        self.items = [item for item in items if item.help]

    def __enter__(self):
        self.kept = [item.help for item in self.items]
        for item in self.items:
            item.help = _(item.help)

    def __exit__(self, *exc):
        for item, text in zip(self.items, self.kept):
            item.help = text
        return False


def _global_option(ctx, param, value):
    """--db, --book or --lang given after the command name: the same as before it. Given both
    before and after, the two must agree; after the command it overrides the environment."""
    if value is None or ctx.get_parameter_source(param.name) is not click.core.ParameterSource.COMMANDLINE:
        return value
    name = param.opts[0]
    if ctx.parent is None:           # before the command: main() keeps it
        if name == "--lang":
            set_language(value)
        return value
    chosen = ctx.find_root().obj
    if name in chosen["given"] and chosen["given"][name] != value:
        raise UsageError(_("{option} {before} before the command and {option} {after} after it disagree: "
                           "give one").format(option=name, before=chosen["given"][name], after=value))
    chosen["given"][name] = value
    chosen[name.lstrip("-")] = value
    if name == "--lang":
        set_language(value)
    return value


# Eager, so that --help after it is already in that language.
_LANG = {"type": click.Choice(LANGUAGES), "default": None, "is_eager": True, "callback": _global_option,
         "help": "Language of what is printed and written: ru, kk or en (default: FUNDLEDGER_LANG, else the "
                 "locale, else en; workbooks: ru)."}


HELP_OPTION = N_("Show this message and exit.")


class _HelpInLanguage:
    """Help in the reader's language. click makes the --help option once and keeps it, with
    its text in the language of that moment: it is given the current language each time."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _(HELP_OPTION)
        return option

    def format_help(self, ctx, formatter):
        with _help_texts_translated(self, ctx):
            super().format_help(ctx, formatter)


class LedgerCommand(_HelpInLanguage, click.Command):
    """A command that takes the global options after its name too and shows its help in the
    reader's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taken = {opt for param in self.params for opt in param.opts}
        extra = {"--db": click.Option(["--db"], default=None, metavar="URL", expose_value=False,
                                      callback=_global_option, help="Database URL (as before the command)."),
                 "--book": click.Option(["--book"], default=None, metavar="CODE", expose_value=False,
                                        callback=_global_option, help="The book (as before the command)."),
                 "--lang": click.Option(["--lang"], expose_value=False, **_LANG)}
        self.params += [option for name, option in extra.items() if name not in taken]

    def parse_args(self, ctx, args):
        ctx.meta[_JSON_ASKED] = any("--format" in p.opts for p in self.params) and _asks_for_json(args)
        with _refusal_as_json(ctx):
            return super().parse_args(ctx, args)

    def invoke(self, ctx):
        with _refusal_as_json(ctx):
            return super().invoke(ctx)


_JSON_ASKED = "fundledger.json"


def _asks_for_json(args: list[str]) -> bool:
    return "--format=json" in args or any(a == "--format" and b == "json" for a, b in itertools.pairwise(args))


@contextlib.contextmanager
def _refusal_as_json(ctx):
    """Asked for JSON, a script gets a refusal as JSON too, with its code (on stdout); the one
    line for a person still goes to stderr (``LedgerGroup``). A bad option value is refused while
    the arguments are read, before the command knows its own options, hence the arguments' look."""
    try:
        yield
    except LedgerError as exc:
        if ctx.meta.get(_JSON_ASKED):
            _emit_json({"error": exc.as_json()})
        raise


class LedgerSubGroup(_HelpInLanguage, click.Group):
    """A group of commands below ``fundledger`` (db, lists, export)."""

    command_class = LedgerCommand


class LedgerGroup(LedgerSubGroup):
    """Turns expected errors into one clear line and an exit code; never a traceback."""

    group_class = LedgerSubGroup

    def main(self, *args, **kwargs):
        # The environment's language holds until --lang says otherwise, and only for this run.
        try:
            language = language_from_environment()
        except LedgerError as exc:
            click.echo(error_line(f"FUNDLEDGER_LANG: {exc}", exc.code), err=True)
            sys.exit(exc.exit_code)
        with speaking(language):
            return super().main(*args, **kwargs)

    def parse_args(self, ctx, args):
        # An option before the command that is no option of ours: the same one line.
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            _usage_error(ctx, exc)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except LedgerError as exc:
            click.echo(error_line(amounts_in_reader_convention(str(exc)), exc.code), err=True)
            ctx.exit(exc.exit_code)
        except click.UsageError as exc:
            _usage_error(ctx, exc)
        except (OperationalError, DBAPIError) as exc:
            reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            click.echo(error_line(_("database {database}: {reason}").format(database=_db_label(ctx), reason=reason),
                                  DATABASE_ERROR), err=True)
            ctx.exit(1)


# The code of a database's own refusal (read-only, unreachable, locked): it has no LedgerError.
DATABASE_ERROR = "DATABASE_ERROR"


def error_line(message: str, code: str) -> str:
    """The one line a refused command prints: the sentence for a person, then its code in
    brackets at the end, where a reader who does not need it reads past it and a script, a test
    or a helpdesk finds it (``--format json`` gives the same code as ``error.code``)."""
    return _("error: {message}").format(message=message) + f" [{code}]"


def _usage_error(ctx, exc: click.UsageError) -> None:
    """One line, like every other error, not click's usage block: what was wrong, and the help
    of the command it was wrong for (``fundledger lists import --help``; ``fundledger --help``
    before any command)."""
    where = exc.ctx if exc.ctx is not None else ctx
    command = " ".join(where.command_path.split(" ")[1:]) if where.parent is not None else ""
    click.echo(_("error: {message} (see `{help}`)").format(
        message=exc.format_message(), help=f"fundledger {command} --help" if command else "fundledger --help"), err=True)
    ctx.exit(2)


def _cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters; a text cut short ends in an ellipsis, so a
    reader knows there is more (``--format json`` has it whole)."""
    return text if len(text) <= width else text[:width - 1] + "…"


def _db_label(ctx) -> str:
    from ledger.db.engine import database_url

    root = ctx.find_root()
    url = database_url((root.obj or {}).get("db"))
    return url.split("@")[-1] if "@" in url else url


@click.group(cls=LedgerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="FUNDLEDGER_DB", default=None, metavar="URL",
              help="Database URL (default sqlite:///fundledger.db; PostgreSQL: postgresql+psycopg://...).")
@click.option("--book", "book_global", envvar="FUNDLEDGER_BOOK", default=None, metavar="CODE",
              help="The book to work on when the database holds several.")
@click.option("--lang", **_LANG)
@click.version_option(__version__, prog_name="fundledger")
@click.pass_context
def main(ctx, db, book_global, lang):
    """fundledger: the election fund's books, its caps and banned sources, and audit workbooks."""
    source = click.core.ParameterSource.COMMANDLINE
    given = {option: value for option, name, value in (("--db", "db", db), ("--book", "book_global", book_global),
                                                       ("--lang", "lang", lang))
             if ctx.get_parameter_source(name) is source}
    ctx.obj = {"db": db, "book": book_global, "given": given}


# --- plumbing ---------------------------------------------------------------------------

def book_option(f):
    return click.option("--book", default=None, metavar="CODE", callback=_global_option,
                        help="The book (party and election) to use; defaults to the only one.")(f)


def format_option(f):
    return click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
                        help="Output for people (text) or machines (json).")(f)


def _engine(ctx, migrate: bool = False):
    from ledger.db.engine import ensure_current, make_engine, upgrade

    engine = make_engine(ctx.find_root().obj["db"])
    if migrate:
        upgrade(engine)
    else:
        ensure_current(engine)
    return engine


def _book_code(ctx, book):
    return book or ctx.find_root().obj.get("book")


def _open(ctx, book):
    """Engine and the chosen book."""
    from ledger.books import load_book

    engine = _engine(ctx)
    with engine.connect() as conn:
        info = load_book(conn, _book_code(ctx, book))
    return engine, info


class _atomic_output:
    """Write to a temporary file beside ``path`` and move it into place only when complete,
    so a failure never leaves half a workbook under the name the user asked for."""

    def __init__(self, path: Path):
        self.path = path
        self.tmp = path.with_name(f".{path.stem}.partial{path.suffix}")

    def __enter__(self) -> Path:
        if self.path.parent and not self.path.parent.exists():
            raise UsageError(_("{path}: the folder {folder} does not exist").format(
                path=self.path, folder=self.path.parent), code="OUTPUT_FOLDER_MISSING")
        if self.path.is_dir():
            raise UsageError(_("{path} is a folder; -o names the file to write").format(path=self.path),
                             code="OUTPUT_IS_A_FOLDER")
        # Try the place first: a workbook found unwritable only when it is saved leaves
        # openpyxl's half-written sheets to fail noisily at exit.
        try:
            self.tmp.touch()
        except OSError as failed:
            raise _unwritable(self.path, failed) from failed
        return self.tmp

    def __exit__(self, exc_type, exc, _tb):
        try:
            if exc_type is None:
                os.replace(self.tmp, self.path)
            else:
                self.tmp.unlink(missing_ok=True)
        except OSError as failed:
            raise _unwritable(self.path, failed) from failed
        if isinstance(exc, OSError):
            raise _unwritable(self.path, exc) from exc
        return False


def _unwritable(path: Path, failed: OSError) -> UsageError:
    return UsageError(_("{path}: cannot write there ({reason}); choose another -o").format(
        path=path, reason=failed.strerror), code="OUTPUT_UNWRITABLE")


def _reading(ctx, book, fetch):
    """What ``fetch(conn, book_info)`` reads from the book."""
    engine, info = _open(ctx, book)
    with engine.connect() as conn:
        return fetch(conn, info)


def _at_desk(engine, info, action, dry_run: bool = False):
    from ledger.fund import at_desk

    return at_desk(engine, info, action, dry_run=dry_run)


def _emit_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _table(headers: list[str], rows: list[list], right: set[int] = frozenset()) -> str:
    headers = [_(h) for h in headers]
    cells = [[str(c) if c is not None else "" for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def fmt(row):
        return "  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                         for i, c in enumerate(row)).rstrip()

    return "\n".join([fmt(headers), fmt(["-" * w for w in widths])] + [fmt(r) for r in cells])


def _day(value: str | None, what: str = "--date") -> dt.date:
    if not value:
        return dt.date.today()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise UsageError(_("{option} {value!r} is not a date: write it as dd.mm.yyyy or yyyy-mm-dd").format(
        option=what, value=value), code="OPTION_DATE_INVALID")


def _booking_day(value: str | None, dry_run: bool) -> dt.date:
    """The day of money booked by hand: a fund's money has a date, so booking without one is
    refused (it was booked as of today, even in a 2007 book). A question asked first with
    --dry-run is judged as of today when no date is given."""
    if value is None and not dry_run:
        raise UsageError(_("--date is needed: the day the money moved, as dd.mm.yyyy (a fund's money has a "
                           "date; ask first with --dry-run to judge it as of today)"), code="DATE_NEEDED")
    return _day(value)


def _amount(value: str):
    from ledger.core.errors import AmountError
    from ledger.core.money import Money

    try:
        amount = Money.parse(value)
    except AmountError as exc:
        raise UsageError(f"--amount {in_words(str(exc))}", code=exc.code) from exc
    if not amount.is_positive:
        raise UsageError(_("--amount {value!r} must be more than zero").format(value=value),
                         code="AMOUNT_NOT_POSITIVE")
    return amount


# --- books and the database --------------------------------------------------------------

def _bank_account(text: str) -> str:
    from ledger.importers.statement import account_number

    iik = account_number(text)
    if iik is None or len(text.replace(" ", "")) != len(iik):
        raise UsageError(_("--account {text!r} is no Kazakh account number: write the ИИК, KZ and 18 letters or "
                           "digits, e.g. KZ12601A871234567890").format(text=text), code="ACCOUNT_NUMBER_INVALID")
    return iik


def _with_account(book, conn, iik: str | None):
    from ledger.db.statements import set_bank_account

    if iik:
        set_bank_account(conn, book.id, iik)
    return book


@main.command()
@click.option("--party", required=True, help="The party whose fund this is.")
@click.option("--election", required=True, help="The election, e.g. 'Mazhilis 2007'.")
@click.option("--profile", default="kz-2007", show_default=True,
              help="Rule profile: a code that `fundledger profiles` lists, or a .toml file.")
@click.option("--code", default=None, help="Short code for the book (default: from party and election).")
@click.option("--window-start", default=None, help="First day money may arrive (account opened).")
@click.option("--window-end", default=None, help="Last day of the fund (election day).")
@click.option("--account", default=None, metavar="IIK",
              help="The fund's special bank account (KZ...); default: the first statement's.")
@click.option("--election-date", default=None, help="Election day (dd.mm.yyyy): the final report is counted from it.")
@click.option("--self-nominated", is_flag=True,
              help="A candidate nominated by nobody: the fund has no nominating association's funds.")
@click.option("--association", "association_name", default=None, metavar="NAME",
              help="A candidate's fund: the public association that nominated the candidate.")
@click.option("--association-bin", default=None, metavar="BIN",
              help="The nominating association's BIN: its transfers on a bank statement are its funds, and its "
                   "funds from any other payer are flagged.")
@click.pass_context
def init(ctx, party, election, profile, code, window_start, window_end, account, self_nominated, election_date,
         association_name, association_bin):
    """Create a book: one party's (or candidate's) election fund for one election, with its chart of accounts."""
    from ledger.books import (
        create_book,
        nominating_association,
        set_association,
        set_dates,
    )
    from ledger.db.engine import run_write
    from ledger.rules.profiles import load_profile

    rules = load_profile(profile)
    if self_nominated:
        if not rules.has_source(FundSource.ASSOCIATION_FUNDS.value):
            raise UsageError(_("--self-nominated: profile {profile} has no nominating association's funds to leave "
                               "out (it is for {election})").format(profile=rules.code, election=rules.election))
        rules = rules.without_source(FundSource.ASSOCIATION_FUNDS.value)
    if window_start or window_end:
        rules = rules.with_window(_day(window_start, "--window-start") if window_start else None,
                                  _day(window_end, "--window-end") if window_end else None)
    iik = _bank_account(account) if account is not None else None
    association = (nominating_association(rules, association_name, association_bin)
                   if association_name is not None or association_bin is not None else None)
    engine = _engine(ctx, migrate=True)
    election_day = _day(election_date, "--election-date") if election_date else None

    def create(conn):
        made = _with_account(create_book(conn, party, election, rules, code), conn, iik)
        if election_day:
            set_dates(conn, made, election_day, None)
        if association:
            set_association(conn, made, association)
        return made

    book = run_write(engine, create)
    click.echo(_("created book {code}: {party}, {election}; profile {profile} ({status})").format(
        code=book.code, party=party, election=election, profile=rules.code, status=_(rules.status)))
    for line in _caveat_lines(rules):
        click.echo(line)
    if rules.source_codes == ("own_funds", "voluntary"):
        click.echo(_("caps: own funds {own}, voluntary {voluntary}, whole fund {total}").format(
            own=money_text(rules.own_cap), voluntary=money_text(rules.voluntary_cap), total=money_text(rules.total_cap)))
    else:
        click.echo(_("caps: {caps}, whole fund {total}").format(total=money_text(rules.total_cap), caps=", ".join(
            f"{_(s.name)} {money_text(rules.cap_of(s))}" for s in rules.sources)))
    if iik:
        click.echo(_("bank account: {iik}").format(iik=iik))
    if association:
        click.echo(association_line(association))
    if rules.window_start or rules.window_end:
        click.echo(_("window: {window}").format(window=" - ".join(
            date_text(day) if day else _("open") for day in (rules.window_start, rules.window_end))))
    else:
        click.echo(_("window: not set (receipts and spending are not checked against the fund's dates; "
                     "set it with --window-start and --window-end)"))


@main.group()
def db():
    """The database schema (Alembic migrations)."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@click.pass_context
def db_upgrade(ctx, revision):
    """Create or upgrade the schema."""
    from ledger.db.engine import current_revision, make_engine, upgrade

    engine = make_engine(ctx.find_root().obj["db"])
    upgrade(engine, revision)
    click.echo(_("schema at revision {revision}").format(revision=current_revision(engine)))


@db.command("downgrade")
@click.argument("revision")
@click.pass_context
def db_downgrade(ctx, revision):
    """Take the schema back to REVISION ('base' removes everything)."""
    from ledger.db.engine import current_revision, downgrade, make_engine

    engine = make_engine(ctx.find_root().obj["db"])
    downgrade(engine, revision)
    click.echo(_("schema at revision {revision}").format(revision=current_revision(engine) or "base"))


@db.command("current")
@click.pass_context
def db_current(ctx):
    """Show the schema revision of the database and of this program."""
    from ledger.db.engine import current_revision, head_revision, make_engine

    engine = make_engine(ctx.find_root().obj["db"])
    click.echo(_("database: {revision}; this fundledger: {head}").format(
        revision=current_revision(engine) or _("empty"), head=head_revision()))


@main.command()
@format_option
@click.pass_context
def books(ctx, fmt):
    """List the books in the database."""
    from ledger.books import list_books

    engine = _engine(ctx)
    with engine.connect() as conn:
        found = list_books(conn)
    if fmt == "json":
        return _emit_json([{"code": b.code, "party": b.party, "election": b.election,
                            "profile": b.profile.code} for b in found])
    click.echo(_table([N_("code"), N_("party"), N_("election"), N_("profile")],
                      [[b.code, b.party, b.election, b.profile.code] for b in found]))


@main.command()
@format_option
def profiles(fmt):
    """The built-in rule profiles: election, status, sources and caps, base and where it was published."""
    from ledger.rules.profiles import BUILT_IN, DEFAULT_PROFILE

    if fmt == "json":
        return _emit_json({"default": DEFAULT_PROFILE, "profiles": [p.described() for p in BUILT_IN.values()]})
    click.echo("\n\n".join(render_profile(p, p.code == DEFAULT_PROFILE) for p in BUILT_IN.values()))


def render_profile(p, default: bool = False) -> str:
    """A rule profile in the reader's language: its texts are the law files', which the catalogue
    holds (``extract_law``), so they are put into words with ``_`` like any message."""
    from ledger.rules.profiles import ELECTION_WORDS

    def law(text: str) -> str:
        return _(text) if text else text     # gettext's empty message id is the catalogue's header

    caps = [[_(s.name), count_text(s.multiple), money_text(p.cap_of(s), False), law(p.article(s.cap_rule))]
            for s in p.sources]
    caps.append([_("whole fund"), count_text(p.total_multiple), money_text(p.total_cap, False), law(p.article("CAP_TOTAL"))])
    election = ELECTION_WORDS.get(p.election)
    base = _("base: {name} {amount}").format(name=law(p.base_name), amount=money_text(p.base_amount))
    if p.provenance.base_published:
        base += _("; published: {where}").format(where=law(p.provenance.base_published))
    lines = [(_("{code} (default): {title}") if default else _("{code}: {title}")).format(code=p.code, title=law(p.title)),
             _("election: {election}; status: {status}").format(election=_(election) if election else p.election,
                                                                 status=law(p.status)),
             base,
             _table([N_("source"), N_("multiple"), N_("cap, tenge"), N_("legal reference")], caps, right={1, 2})]
    figure_sources = p.provenance.figure_sources(law)
    if figure_sources:
        lines.append(_("multiples from: {sources}").format(sources="; ".join(figure_sources)))
    return "\n".join(lines + ([_("note: {caveat}").format(caveat=law(p.note))] if p.note else []))


@main.command()
@book_option
@format_option
@click.pass_context
def accounts(ctx, book, fmt):
    """The chart of accounts with balances and ceilings."""
    from sqlalchemy import select

    from ledger.core.money import Money
    from ledger.db.models import Account
    from ledger.journal.chart import BY_ROLE
    from ledger.reports.status import balances_by_role

    engine, info = _open(ctx, book)
    with engine.connect() as conn:
        rows = conn.execute(select(Account.__table__).where(Account.book_id == info.id)
                            .order_by(Account.code)).all()
        rolled = balances_by_role(conn, info.id)
    data = [{"code": r.code, "role": r.role, "name": r.name_en, "type": r.type,
             "balance": Money(rolled[r.role]).machine(),
             "ceiling": Money(r.ceiling_tiyn).machine() if r.ceiling_tiyn is not None else None}
            for r in rows]
    if fmt == "json":
        return _emit_json(data)
    click.echo(_table([N_("code"), N_("account"), N_("type"), N_("balance (debit +)"), N_("ceiling")],
                      [[d["code"], _account_name(BY_ROLE[d["role"]]), _word("type", d["type"]),
                        money_text(Money(rolled[d["role"]]), False),
                        money_text(Money.parse(d["ceiling"]), False) if d["ceiling"] else ""] for d in data],
                      right={3, 4}))


@main.command()
@book_option
@format_option
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Only the last N entries.")
@click.pass_context
def journal(ctx, book, fmt, limit):
    """Every entry with its postings, in ledger order."""
    from ledger.reports.i18n import account_words, memo_words
    from ledger.reports.journal import journal_lines

    entries = _reading(ctx, book, lambda conn, info: journal_lines(conn, info, limit))
    if fmt == "json":
        return _emit_json([e.as_json() for e in entries])
    lang = current_language()
    rows = []
    for e in entries:
        for i, p in enumerate(e.postings):
            rows.append([e.seq if i == 0 else "", date_text(e.entry_date) if i == 0 else "",
                         _word("kind", e.kind) if i == 0 else "", p.account_code,
                         account_words(p.account_code, p.account_name, lang),
                         money_text(p.amount, False), _cut(memo_words(e.memo, lang) if i == 0 else "", 60)])
    click.echo(_table([N_("seq"), N_("date"), N_("kind"), N_("acct"), N_("account"), N_("amount"), N_("memo")], rows,
                      right={5}))


@main.command()
@book_option
@format_option
@click.option("--digest", default=None, help="A tip digest kept earlier: check the chain still extends it.")
@click.pass_context
def verify(ctx, book, fmt, digest):
    """Recompute the hash chain, every entry's balance and every ceiling. Exit 1 on any mismatch."""
    from ledger.db.engine import snapshot
    from ledger.journal.verify import verify_book
    from ledger.reports.i18n import problem_words

    engine, info = _open(ctx, book)
    with snapshot(engine) as conn:   # one moment of the book, even while someone writes
        report = verify_book(conn, info, digest)
    if fmt == "json":
        _emit_json(report.as_json())
    else:
        if report.ok:
            click.echo(_("ok: {entries} entries, {postings} postings; chain, balances, ceilings and findings "
                         "verify").format(entries=report.entries, postings=report.postings))
            if digest:
                click.echo(_("the chain still extends digest {digest}").format(digest=digest))
        else:
            shown = [problem_words(p, current_language()) for p in report.problems]
            click.echo(_("FAILED: {problem}").format(problem=shown[0]))
            for problem in shown[1:]:
                click.echo(_("  also: {problem}").format(problem=problem))
        click.echo(_("tip: entry {seq} digest {digest}").format(seq=report.tip_seq, digest=report.tip_hash))
    ctx.exit(0 if report.ok else 1)


# --- money in and out ---------------------------------------------------------------------

def _print_result(result, fmt, what: str, dry_run: bool = False, into: str | None = None,
                  duplicate_hint: str = "", holder: str = HOLDER_PARTY) -> None:
    """``into``: the fund-source account that took the accepted part, when there is one."""
    from ledger.importers.service import OUTCOME_WORDS
    from ledger.rules.receipts import Outcome

    if result.outcome is Outcome.REJECTED:
        # Nothing was booked: an error for the shell, with the reason.
        if fmt == "json":
            _emit_json({"dry_run": dry_run, "outcome": "rejected", "reason": result.reason,
                        "reason_code": code_of(result.reason)})
        else:
            click.echo(_("rejected: {reason}").format(reason=in_words(result.reason)))
        click.get_current_context().exit(1)
    if fmt == "json":
        return _emit_json({
            "dry_run": dry_run, "outcome": result.outcome.value, "entry": result.seq, "amount": result.amount.machine(),
            "accepted": result.accepted.machine(), "refund_due": result.refund_due.machine(),
            "budget_due": result.budget_due.machine(), "due_to_party": result.due_to_party.machine(),
            "findings": [f.as_json() for f in result.findings],
            "warnings": list(result.warnings), "reason": result.reason, "reason_code": code_of(result.reason),
            "notices": [notice_json(w) for w in result.warnings],
            **({"into": into} if into else {})})
    if result.outcome is Outcome.DUPLICATE:
        click.echo(_("duplicate: {reason}; nothing booked").format(reason=in_words(result.reason))
                   + (_(duplicate_hint) if duplicate_hint else ""))
        return
    words = {"what": _(what), "seq": result.seq, "amount": money_text(result.amount),
             "outcome": _(OUTCOME_WORDS[result.outcome.value])}
    if dry_run:
        click.echo(_("dry run, nothing booked: as entry {seq} it would be {what} {amount} -> {outcome}").format(
            **words))
    else:
        click.echo(_("entry {seq}: {what} {amount} -> {outcome}").format(**words))
    parts = [(_("into the fund ({account})").format(account=into) if into else _("into the fund"), result.accepted),
             (_("refund due to the donor"), result.refund_due),
             (_("due to the republican budget"), result.budget_due),
             (_(DUE_BACK[holder]), result.due_to_party)]
    for label, amount in parts:
        if amount.is_positive:
            click.echo(f"  {money_text(amount):>22}  {label}")
    for f in result.findings:
        click.echo(_("  finding {rule}: {amount} - {evidence}").format(rule=f.rule, amount=money_text(f.amount),
                                                                        evidence=in_words(f.evidence)))
    for w in result.warnings:
        click.echo(_("  warning: {warning}").format(warning=in_words(w)))


def _word(group: str, value: str | None) -> str:
    """A word of the book (an outcome, a status, a kind of entry) in the reader's language, from
    the workbook's labels; in English it is the value itself, as scripts have always read it
    (nothing for no value: a finding with no donor names none)."""
    from ledger.reports.i18n import Labels

    language = current_language()
    return (value or "") if language == "en" else Labels(language).word(group, value)


@main.command()
@book_option
@click.option("--own-funds", "own_funds", is_flag=True, help="A transfer of the party's (or the candidate's) own funds.")
@click.option("--association-funds", "association_funds", is_flag=True,
              help="A transfer from the public association that nominated the candidate (a presidential fund).")
@click.option("--contribution", is_flag=True, help="A voluntary contribution (the default).")
@click.option("--amount", required=True, help="Amount in tenge, e.g. '1 250 000,00'.")
@click.option("--date", "date_", default=None, help="Date received (dd.mm.yyyy); needed unless --dry-run.")
@click.option("--name", default="", help="Donor's name (empty for an anonymous gift).")
@click.option("--id", "id_number", default=None, help="Donor's IIN/BIN.")
@click.option("--type", "donor_type", default=None, help="Donor type: физ. лицо, юр. лицо, ИП, ГУ, foreign...")
@click.option("--citizenship", default=None, help="Citizenship or residency.")
@click.option("--document", default=None, help="Payment document number.")
@click.option("--purpose", default=None)
@click.option("--dry-run", is_flag=True, help="Say what would happen (caps, bans, findings); book nothing.")
@format_option
@click.pass_context
def receive(ctx, book, own_funds, association_funds, contribution, amount, date_, name, id_number, donor_type, citizenship,
            document, purpose, dry_run, fmt):
    """Book one contribution or own-funds transfer and say what happened to the money.

    Use --dry-run first to learn, before the money is booked, whether it would cross a cap
    or comes from a banned source."""
    from ledger.fund import ReceiptInput
    from ledger.journal.chart import BY_ROLE
    from ledger.rules.donors import DonorFacts
    from ledger.rules.receipts import FundSource, source_account_role

    if own_funds + association_funds + contribution > 1:
        raise UsageError(_("--own-funds, --association-funds and --contribution contradict each other: give one"),
                         code="OPTIONS_CONTRADICT")
    engine, info = _open(ctx, book)
    source = (FundSource.OWN_FUNDS if own_funds else FundSource.ASSOCIATION_FUNDS if association_funds
              else FundSource.VOLUNTARY)
    receipt = ReceiptInput(source, _amount(amount),
                           _booking_day(date_, dry_run),
                           DonorFacts(name, id_number, donor_type, citizenship), document, purpose)

    result = _at_desk(engine, info, lambda desk: desk.receive(receipt), dry_run)
    into = None
    if result.donor is not None and result.accepted.is_positive:
        account = BY_ROLE[source_account_role(receipt.source, result.donor)]
        into = f"{account.code} {_account_name(account, info.profile)}"
    _print_result(result, fmt, N_("received"), dry_run, into,
                  "" if document
                  else N_(" (a second gift of the same amount on the same day? give each its --document)"),
                  holder=info.profile.holder)


def _account_name(account, profile=None) -> str:
    from ledger.reports.i18n import Labels

    return Labels(current_language()).account_named(account, profile)


@main.command()
@book_option
@click.option("--amount", required=True)
@click.option("--date", "date_", default=None)
@click.option("--category", required=True, help="Spending account: " + ", ".join(SPENDING_ROLES))
@click.option("--payee", default=None)
@click.option("--payee-id", default=None, help="Payee's BIN/IIN.")
@click.option("--candidate", default=None, help="The candidate this spending was for.")
@click.option("--document", default=None)
@click.option("--purpose", default=None)
@click.option("--record-overspend", is_flag=True,
              help="Book it even if it overspends (it happened): records an OVERSPEND finding.")
@click.option("--dry-run", is_flag=True, help="Say what would happen; book nothing.")
@format_option
@click.pass_context
def spend(ctx, book, amount, date_, category, payee, payee_id, candidate, document, purpose, record_overspend,
          dry_run, fmt):
    """Book spending from the fund; refused when it would spend money owed back."""
    from ledger.fund import SpendingInput

    if category not in SPENDING_ROLES:
        raise UsageError(_("--category {category!r} is not a spending account; use one of {roles}").format(
            category=category, roles=", ".join(SPENDING_ROLES)), code="SPENDING_CATEGORY_UNKNOWN")
    engine, info = _open(ctx, book)
    item = SpendingInput(_amount(amount), _booking_day(date_, dry_run), category, payee, payee_id, candidate,
                         document, purpose)

    _print_result(_at_desk(engine, info, lambda desk: desk.spend(item, refuse_overspend=not record_overspend),
                           dry_run), fmt, N_("spent"), dry_run)


@main.command()
@book_option
@click.argument("entry", type=int)
@click.option("--amount", default=None, help="Part of what is owed (default: all of it).")
@click.option("--date", "date_", default=None)
@format_option
@click.pass_context
def refund(ctx, book, entry, amount, date_, fmt):
    """Pay back what a receipt (ENTRY) owes: to the donor, the budget or the party."""
    engine, info = _open(ctx, book)

    result = _at_desk(engine, info, lambda desk: desk.refund(entry, _day(date_), _amount(amount) if amount else None))
    _print_payment(result, fmt, N_("entry {seq}: paid back {amount} for entry {entry}; {reason}"), entry=entry)


def _print_payment(result, fmt, said: str, **values) -> None:
    """What a payment of money owed said: JSON, or ``said`` (a catalogue message) in words."""
    if fmt == "json":
        return _emit_json({"entry": result.seq, "amount": result.amount.machine(), "note": result.reason})
    click.echo(_(said).format(seq=result.seq, amount=money_text(result.amount), reason=in_words(result.reason), **values))


# What close and pay-out call the one who gets the third of the balance back (``RuleProfile.holder``).
CLOSED_AND_DIVIDED = {
    HOLDER_PARTY: N_("closed on {day}: balance {balance} divided, {budget} to the republican budget and {share} to the "
                     "party"),
    HOLDER_CANDIDATE: N_("closed on {day}: balance {balance} divided, {budget} to the republican budget and {share} to "
                         "the candidate")}
PAY_THEM = {
    HOLDER_PARTY: N_("entry {seq}; pay them with `fundledger pay-out --to budget` and `--to party`"),
    HOLDER_CANDIDATE: N_("entry {seq}; pay them with `fundledger pay-out --to budget` and `--to candidate`")}


@main.command()
@book_option
@click.option("--date", "date_", required=True, help="The day the fund is closed (dd.mm.yyyy).")
@click.option("--dry-run", is_flag=True, help="Say how the balance would be divided; write nothing.")
@format_option
@click.pass_context
def close(ctx, book, date_, dry_run, fmt):
    """Close the fund (art. 34(9)): divide what is left after everything owed back, 2/3 owed to
    the republican budget and 1/3 to the party, or to the candidate in a candidate's fund (the
    budget gets the odd tiyn). Pays nothing: `fundledger pay-out` pays the two shares. A closed
    fund books no more receipts or spending."""
    engine, info = _open(ctx, book)
    done = _at_desk(engine, info, lambda desk: desk.close_out(_day(date_)), dry_run)
    if fmt == "json":
        return _emit_json({"dry_run": dry_run, "closed_on": done.day.isoformat(), "entry": done.seq,
                           "balance": done.balance.machine(), "budget_due": done.budget.machine(),
                           "party_due": done.party.machine()})
    holder = info.profile.holder
    click.echo((_("(dry run: nothing was written) ") if dry_run else "")
               + _(CLOSED_AND_DIVIDED[holder]).format(day=date_text(done.day), balance=money_text(done.balance),
                                                      budget=money_text(done.budget), share=money_text(done.party)))
    if done.seq is not None:
        click.echo(_(PAY_THEM[holder]).format(seq=done.seq))


@main.command("pay-out")
@book_option
@click.option("--to", "to", type=click.Choice(["budget", HOLDER_PARTY, HOLDER_CANDIDATE]), required=True,
              help="Whose share of the close-out: the republican budget's, or the party's (in a candidate's fund "
                   "the candidate's).")
@click.option("--amount", default=None, help="Part of the share (default: all that is left of it).")
@click.option("--date", "date_", required=True)
@format_option
@click.pass_context
def pay_out(ctx, book, to, amount, date_, fmt):
    """Pay the budget's or the party's (a candidate's fund: the candidate's) share of a closed
    fund's balance out of its account."""
    engine, info = _open(ctx, book)
    holder = info.profile.holder
    if to not in ("budget", holder):
        raise UsageError(_("--to {given}: the third of this fund's balance goes to {whom}; give --to {holder}").format(
            given=to, whom=_(HOLDER_WORDS[holder]), holder=holder), code="NOT_THE_HOLDER")
    role = "budget_due" if to == "budget" else "party_due"
    result = _at_desk(engine, info, lambda desk: desk.pay_out(role, _day(date_), _amount(amount) if amount else None))
    _print_payment(result, fmt, N_("entry {seq}: paid out {amount}; {reason}"))


@main.command("set-election-date")
@book_option
@click.argument("day")
@click.option("--results", default=None, help="The day the results were published (the report is due 5 days after).")
@click.pass_context
def set_election_date(ctx, book, day, results):
    """Record the election's day (DAY) and, once published, the results' day, in the book."""
    from ledger.books import set_dates
    from ledger.db.engine import run_write

    engine, info = _open(ctx, book)
    election = _day(day, "DAY")
    published = _day(results, "--results") if results else None
    run_write(engine, lambda conn: set_dates(conn, info, election, published))
    click.echo(_("book {code}: election day {day}").format(code=info.code, day=date_text(election))
               + (_("; results published {day}").format(day=date_text(published)) if published else ""))


@main.command("set-association")
@book_option
@click.argument("name")
@click.option("--bin", "bin_text", default=None, metavar="BIN", help="The association's BIN.")
@click.pass_context
def set_association_(ctx, book, name, bin_text):
    """Record the public association (NAME) that nominated the candidate of a candidate's fund, and
    its BIN, in a book made without them (as init --association and --association-bin do)."""
    from ledger.books import nominating_association, set_association
    from ledger.db.engine import run_write

    engine, info = _open(ctx, book)
    association = nominating_association(info.profile, name, bin_text)
    run_write(engine, lambda conn: set_association(conn, info, association))
    click.echo(_("book {code}: {association}").format(code=info.code, association=association_line(association)))


@main.command("supplier-refund")
@book_option
@click.argument("entry", type=int)
@click.option("--amount", default=None, help="Part of what was spent (default: all of it).")
@click.option("--date", "date_", default=None)
@click.option("--memo", default="", help="What came back, e.g. 'unused advance'.")
@click.option("--dry-run", is_flag=True, help="Say what would happen; write nothing.")
@format_option
@click.pass_context
def supplier_refund(ctx, book, entry, amount, date_, memo, dry_run, fmt):
    """Money a supplier paid back for spending ENTRY: the bank holds it again, that spending is less."""
    engine, info = _open(ctx, book)

    result = _at_desk(engine, info, lambda desk: desk.supplier_refund(
        entry, _day(date_), _amount(amount) if amount else None, memo), dry_run)
    if fmt == "json":
        return _emit_json({"entry": result.seq, "amount": result.amount.machine(), "note": result.reason,
                           "dry_run": dry_run})
    click.echo((_("(dry run: nothing was written) ") if dry_run else "")
               + _("entry {seq}: {amount} paid back for entry {entry}; {reason}").format(
                   seq=result.seq, amount=money_text(result.amount), entry=entry, reason=in_words(result.reason)))


@main.command()
@book_option
@click.argument("entry", type=int)
@click.option("--date", "date_", default=None)
@click.option("--memo", default="")
@click.pass_context
def reverse(ctx, book, entry, date_, memo):
    """Correct a mistake: write the mirror entry of ENTRY (nothing is ever edited or deleted)."""
    engine, info = _open(ctx, book)

    result = _at_desk(engine, info, lambda desk: desk.reverse(entry, _day(date_), memo))
    click.echo(_("entry {seq}: {reason}").format(seq=result.seq, reason=in_words(result.reason)))


@main.command()
@book_option
@click.argument("entry", type=int)
@click.option("--id", "id_number", required=True, help="The donor's correct IIN/BIN.")
@click.option("--name", default=None)
@click.option("--date", "date_", default=None)
@format_option
@click.pass_context
def identify(ctx, book, entry, id_number, name, date_, fmt):
    """A receipt held for an invalid IIN/BIN, now identified: move it into the fund."""
    engine, info = _open(ctx, book)

    _print_result(_at_desk(engine, info, lambda desk: desk.identify(entry, id_number, _day(date_), name)), fmt,
                  N_("identified"))


# --- where the fund stands ----------------------------------------------------------------

@main.command()
@book_option
@format_option
@click.pass_context
def status(ctx, book, fmt):
    """Caps, money received, owed back, spent and available."""
    from ledger.reports.status import fund_status

    engine, info = _open(ctx, book)
    with engine.connect() as conn:
        s = fund_status(conn, info)
    if fmt == "json":
        return _emit_json(s.as_json())
    click.echo(render_status(s))


def _closed_and_report_lines(s) -> list[str]:
    """Whether the fund is closed, and when the final report is due (5 days after the results)."""
    lines = []
    if s.closed:
        lines.append(_("CLOSED on {day}: only what the fund owes is paid (`fundledger pay-out`, `fundledger refund`)").format(
            day=date_text(s.dates.closed_on)))
    report = s.report
    if report is not None:   # the book records its election day
        when = (_("{days} days left").format(days=report.days_left) if report.days_left >= 0
                else _("overdue by {days} days").format(days=-report.days_left))
        counted = (_("5 days after the results of {day}").format(day=date_text(s.dates.results_date))
                   if report.from_results else
                   _("counted from election day {day} until the results' day is recorded (--results)").format(
                       day=date_text(s.dates.election_date)))
        lines.append(_("final report due {due} ({counted}): {when}").format(
            due=date_text(report.due), counted=counted, when=when))
    return lines


# What status calls the one who gets own funds over the cap and the third of the balance back
# (``RuleProfile.holder``: a party's fund or a candidate's).
DUE_BACK = {HOLDER_PARTY: N_("due back to the party"), HOLDER_CANDIDATE: N_("due back to the candidate")}
CLOSE_OUT_DIVIDED = {
    HOLDER_PARTY: N_("the close-out divided: {budget} to the budget, {party} to the party (counted in what is due above)"),
    HOLDER_CANDIDATE: N_("the close-out divided: {budget} to the budget, {party} to the candidate (counted in what is "
                         "due above)")}


def association_line(association) -> str:
    """The nominating association as init and status name it: its name and BIN, either may be missing."""
    return _("nominating association: {name}, BIN {bin}").format(
        name=association.name or _("not named"), bin=association.bin or _("not given"))


def render_status(s) -> str:
    p = s.book.profile
    lines = [_("{party} - {election}  [book {code}, profile {profile}: {status}]").format(
        party=s.book.party, election=s.book.election, code=s.book.code, profile=p.code, status=_(p.status)),
        *_caveat_lines(p), *_closed_and_report_lines(s),
        *([association_line(s.association)] if s.association else []), ""]
    caps = [[_(p.source(code).name), cap] for code, cap in s.source_caps] + [[_("whole fund"), s.total]]
    lines.append(_table([N_("cap"), N_("limit"), N_("accepted"), N_("headroom"), N_("used")],
                        [[n, money_text(c.limit, False), money_text(c.accepted, False), money_text(c.headroom, False),
                          percent_text(c.percent)] for n, c in caps], right={1, 2, 3, 4}))
    lines.append("")
    figures = [(_(label), amount) for label, amount in (
        (N_("received"), s.received), (N_("refunds due to donors"), s.refunds_due),
        (N_("due to the republican budget"), s.budget_due), (DUE_BACK[p.holder], s.party_due),
        (N_("already paid back"), s.refunded), (N_("spent"), s.spent), (N_("bank balance"), s.bank_balance),
        (N_("available to spend"), s.available))]
    width = max(len(label) for label, _amount in figures)
    lines += [f"{label:<{width}}  {money_text(amount):>24}" for label, amount in figures]
    if s.closed:
        lines.append(_(CLOSE_OUT_DIVIDED[p.holder]).format(budget=money_text(s.close_out_budget),
                                                           party=money_text(s.close_out_party)))
    lines.append("")
    lines.append(_("open findings: {count}").format(count=s.open_findings)
                 + (_("  (see `fundledger check`)") if s.open_findings else ""))
    return "\n".join(lines)


@main.command()
@book_option
@format_option
@click.option("--all", "show_all", is_flag=True, help="Also list resolved findings.")
@click.pass_context
def check(ctx, book, fmt, show_all):
    """Every finding with its source row. Exit 1 when any is open, 0 when none."""
    from ledger.reports.findings import findings

    engine, info = _open(ctx, book)
    with engine.connect() as conn:
        found = findings(conn, info)
    open_count = sum(1 for f in found if f.status == "open")
    caveat = info.profile.caveat()
    if fmt == "json":
        noted = {"note": caveat} if caveat else {}
        _emit_json({"findings": [{**f.as_json(), **noted} for f in found], "open": open_count, "caveat": caveat})
    else:
        for line in _caveat_lines(info.profile):
            click.echo(line)
        shown = found if (show_all or fmt == "json") else [f for f in found if f.status == "open"]
        if shown:
            click.echo(render_findings(shown))
        click.echo(ngettext("{open} open finding(s), {resolved} resolved",
                            "{open} open finding(s), {resolved} resolved", open_count).format(
            open=open_count, resolved=len(found) - open_count))
    ctx.exit(1 if open_count else 0)


@main.command()
@book_option
@format_option
@click.pass_context
def reconcile(ctx, book, fmt):
    """The donors' register against the bank's statements: register rows the bank never
    received (NOT_IN_BANK), bank credits no register row documents (UNDOCUMENTED), and pairs
    whose amounts or dates differ. Exit 1 while any is open, 0 when all agree, 2 when the book
    has no bank statement."""
    from ledger.core.codes import Reconciliation
    from ledger.core.errors import NoStatements
    from ledger.reports.registers import reconciliation, statements_imported

    engine, info = _open(ctx, book)
    with engine.connect() as conn:
        if not statements_imported(conn, info):
            raise NoStatements(_("book {book} has no bank statement to reconcile with; import one with `fundledger "
                                 "import statement FILE`").format(book=info.code))
        lines = reconciliation(conn, info)
    open_count = sum(1 for line in lines if line.open)
    counts = {str(code): sum(1 for line in lines if line.status == code) for code in Reconciliation}
    if fmt == "json":
        _emit_json({"lines": [line.as_json() for line in lines], "counts": counts, "open": open_count})
    else:
        shown = [line for line in lines if line.open]
        if shown:
            click.echo(_table([N_("status"), N_("donor"), N_("register"), N_("register amount"), N_("entry"),
                               N_("bank date"), N_("bank amount"), N_("why")],
                              [[line.status, (line.name or line.id_number or "")[:40], _register_where(line),
                                money_text(line.register_amount, False) if line.register_amount is not None else "",
                                line.bank_entry, date_text(line.bank_date) if line.bank_date else "",
                                money_text(line.bank_amount, False) if line.bank_amount is not None else "",
                                in_words(line.reason)]
                               for line in shown], right={3, 6}))
        click.echo(", ".join(f"{code} {n}" for code, n in counts.items()))
        click.echo(ngettext("{open} open", "{open} open", open_count).format(open=open_count))
    ctx.exit(1 if open_count else 0)


def _register_where(line) -> str:
    if line.register_date is None:
        return ""
    where = date_text(line.register_date) + " " + (line.register_file or _("typed in"))
    return where + (f" [{line.register_sheet}]" if line.register_sheet else "") + (
        _(" row {row}").format(row=line.register_row) if line.register_row else "")


def _caveat_lines(profile) -> list[str]:
    """The profile's caveat as a line above a report, or nothing when its rules are in force."""
    caveat = profile.caveat(_)
    return [_("note: {caveat}").format(caveat=caveat)] if caveat else []


def render_findings(found) -> str:
    rows = []
    for f in found:
        where = (f.file or _("typed in")) + (f" [{f.sheet}]" if f.sheet else "") + (
            _(" row {row}").format(row=f.row) if f.row else "")
        rows.append([f.rule, money_text(f.amount, False), _word("status", f.status), f.entry_seq, where,
                     _cut(_word("donor", f.donor), 40), f.evidence_in_words()])
    return _table([N_("rule"), N_("amount"), N_("status"), N_("entry"), N_("source"), N_("donor"), N_("evidence")],
                  rows, right={1})


# --- spreadsheets in ------------------------------------------------------------------------

@main.command("import")
@book_option
@click.argument("kind", type=click.Choice(["contributions", "own-funds", "association-funds", "spending", "statement"]))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--sheet", default=None, help="Read only this sheet (default: the first).")
@click.option("--all-sheets", is_flag=True, help="Read every sheet.")
@click.option("--map", "mappings", multiple=True, metavar="FIELD=HEADER",
              help="Say which column holds a field when its header is not recognised.")
@click.option("--layout", default=None, metavar="NAME",
              help="Read every file by this layout (see `fundledger layouts`); default: the one that recognises it.")
@click.option("--dry-run", is_flag=True, help="Show the whole outcome, write nothing.")
@format_option
@click.pass_context
def import_(ctx, book, kind, files, sheet, all_sheets, mappings, layout, dry_run, fmt):
    """Import spreadsheets (xlsx, xlsm, xls, ods, csv) or the bank's statement (its 1C exchange
    file: money in as receipts, money out as spending): every row ends with one outcome.
    association-funds: a register of the nominating association's transfers (a presidential
    candidate's fund); a statement's credit whose purpose names the nominating association's
    funds is booked as them."""
    from ledger.importers.layouts import named
    from ledger.importers.service import import_books

    if layout is not None:
        named(layout)   # an unknown name is refused before the book is opened
    if sheet and all_sheets:
        raise UsageError(_("give --sheet NAME or --all-sheets, not both"), code="OPTIONS_CONTRADICT")
    mapping = {}
    for item in mappings:
        field, sep, header = item.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise UsageError(_("--map {item!r}: write it as FIELD=HEADER, e.g. --map amount='Сумма, тг'").format(
                item=item), code="MAP_INVALID")
        mapping[field.strip()] = header.strip()
    engine, info = _open(ctx, book)
    with _progress(fmt) as progress:
        report = import_books(engine, book=info.code, kind=kind, paths=list(files), sheet=sheet,
                              all_sheets=all_sheets, mapping=mapping or None, dry_run=dry_run,
                              progress=progress, layout=layout)
    if fmt == "json":
        return _emit_json(report.as_json())
    click.echo(report.as_text())


@main.command("layouts")
@format_option
def layouts_(fmt):
    """The known layouts of files (banks' statements, the 1C exchange file): what each
    recognises a file by, and its sample; a file no layout recognises is read as a register."""
    from ledger.importers.layouts import KIND_WORDS, load

    found = load()
    if fmt == "json":
        return _emit_json([layout.as_json() for layout in found])
    click.echo(_table([N_("layout"), N_("kind"), N_("recognises"), N_("sample")],
                      [[lay.name, _(KIND_WORDS[lay.kind]), lay.recognises(_), lay.sample] for lay in found]))


class _progress:
    """A progress bar on a terminal for long imports; silent otherwise."""

    def __init__(self, fmt):
        self.enabled = fmt == "text" and sys.stderr.isatty()
        self.bar = None

    def __enter__(self):
        return self.update if self.enabled else None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=_("importing"), file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


_LIST_KIND = click.argument("kind", type=click.Choice(["candidates", "state", "foreign-participation",
                                                       "foreign-grantees"]))


@main.group()
def lists():
    """Reference lists: candidates, state organisations, foreign participation, foreign grantees."""


@lists.command("import")
@book_option
@_LIST_KIND
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_context
def lists_import(ctx, book, kind, file):
    """Load a reference list from FILE (xlsx/csv); its IIN/BIN column is found by its header."""
    from ledger.db.engine import run_write
    from ledger.importers.lists import read_reference_list, store_reference_list

    engine, info = _open(ctx, book)
    rows = read_reference_list(file, kind)
    added = run_write(engine, lambda conn: store_reference_list(conn, info, kind, rows, file.name))
    click.echo(_("{kind}: {rows} rows read from {file}, {added} new").format(
        kind=kind, rows=len(rows), file=file.name, added=added))


@lists.command("show")
@book_option
@_LIST_KIND
@format_option
@click.pass_context
def lists_show(ctx, book, kind, fmt):
    """What a reference list holds, and the file each line came from."""
    from ledger.importers.lists import list_entries

    entries = _reading(ctx, book, lambda conn, info: list_entries(conn, info, kind))
    if fmt == "json":
        return _emit_json([{"id_number": e.id_number, "name": e.name, "source": e.source,
                            "list_position": e.list_position} for e in entries])
    click.echo(_("{kind}: {count} on the list").format(kind=kind, count=len(entries)))
    if entries:
        click.echo(_table([N_("IIN/BIN"), N_("name"), N_("from")] + ([N_("position")] if kind == "candidates" else []),
                          [[e.id_number or "", e.name, e.source] + ([e.list_position] if kind == "candidates" else [])
                           for e in entries]))


@lists.command("remove")
@book_option
@_LIST_KIND
@click.argument("keys", nargs=-1)
@click.option("--file", "source_file", default=None, help="Take back everything this file (its name) brought.")
@click.pass_context
def lists_remove(ctx, book, kind, keys, source_file):
    """Take IIN/BINs (candidates: or names) off a list, or all a mistaken file brought."""
    from ledger.db.engine import run_write
    from ledger.importers.lists import remove_from_list

    if not keys and not source_file:
        raise UsageError(_("name the IIN/BINs to take off the list, or --file FILE for all that a file brought"),
                         code="NOTHING_TO_REMOVE")
    engine, info = _open(ctx, book)
    removed = run_write(engine, lambda conn: remove_from_list(conn, info, kind, list(keys), source_file))
    click.echo(_("{kind}: {removed} taken off the list; receipts booked before keep their findings "
                 "(reverse one and book it again to judge it against the list as it is now)").format(
        kind=kind, removed=removed))


@main.command()
@click.argument("kind", type=click.Choice(["contributions", "own-funds", "association-funds", "spending"]))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path))
def template(kind, output):
    """Write a blank import book with the canonical headers, dropdowns and formats."""
    from ledger.importers.templates import write_template

    _require_xlsx(output, N_("an import template"))
    with _atomic_output(output) as tmp:
        write_template(kind, tmp)
    click.echo(_("wrote {path}").format(path=output))


def _workbook_language() -> str:
    """The commission reads Russian: a workbook is Russian unless someone chose a language."""
    return chosen_language() or "ru"


def _require_xlsx(output: Path, what: str) -> None:
    if output.suffix.lower() != ".xlsx":
        raise UsageError(_("-o {path}: {what} is an Excel workbook; name it FILE.xlsx").format(
            path=output, what=_(what)), code="OUTPUT_NOT_XLSX")


# --- what goes out --------------------------------------------------------------------------

@main.command()
@book_option
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path))
@click.pass_context
def audit(ctx, book, output):
    """Write the Excel audit workbook (in the language chosen with --lang; Russian when none is)."""
    from ledger.reports.audit import write_audit_workbook

    _write_workbook(ctx, book, output, N_("the audit workbook"), write_audit_workbook)
    click.echo(_("wrote the audit workbook {path}").format(path=output))


def _write_workbook(ctx, book, output: Path, what: str, write):
    """``write(engine, book, path, lang=...)`` the chosen book's workbook to ``output``, whole or not at all."""
    _require_xlsx(output, what)
    engine, info = _open(ctx, book)
    with _atomic_output(output) as tmp:
        return write(engine, info, tmp, lang=_workbook_language())


@main.command()
@book_option
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path))
@click.pass_context
def report(ctx, book, output):
    """Write the party's report on the fund's use for the commission, to print and sign (language as for audit)."""
    from ledger.reports.final_report import write_final_report

    made = _write_workbook(ctx, book, output, N_("the report on the fund's use"), write_final_report)
    click.echo(_("wrote the report on the fund's use {path}").format(path=output))
    due = made.status.report
    if due is not None and due.days_left >= 0:
        click.echo(_("it is due by {day}: {days} days left").format(day=date_text(due.due), days=due.days_left))


@main.command("commission-report")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path))
@click.option("--election", default=None, help="The election whose books to show (its name as the books give it).")
@click.option("--compare", "published", default=None, type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="A published table of totals (CSV or xlsx: a column of row numbers, a column per party) to "
                   "hold against the books; exit 1 when any figure differs.")
@format_option
@click.pass_context
def commission_report(ctx, output, election, published, fmt):
    """The commission's view: every book of one election, a column per party, with totals."""
    from ledger.reports.commission_view import (
        commission_view,
        compare_published,
        write_commission_report,
    )

    _require_xlsx(output, N_("the commission's report"))
    view = commission_view(_engine(ctx), election)
    with _atomic_output(output) as tmp:
        write_commission_report(view, tmp, lang=_workbook_language())
    differences = compare_published(view, published) if published else []
    if fmt == "json":
        _emit_json({**view.as_json(), "differences": [d.as_json() for d in differences]})
    else:
        click.echo(ngettext("wrote the commission's report {path}: {count} book of {election}",
                            "wrote the commission's report {path}: {count} books of {election}", len(view.books)).format(
            path=output, count=len(view.books), election=view.election))
        for d in differences:
            click.echo(_("row {row}, {party}: published {published}, the books {books}").format(
                row=d.row, party=d.party, published=money_text(d.published),
                books=money_text(d.books) if d.books is not None else _("have no such party")))
        if published:
            click.echo(_("differences from {file}: {count}").format(count=len(differences), file=published.name))
    if differences:
        ctx.exit(1)


@main.command()
@book_option
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="FILE.xlsx or FILE.csv")
@click.pass_context
def disclosure(ctx, book, output):
    """Write the public disclosure file: accepted gifts, IINs masked (language as for audit)."""
    from ledger.reports.disclosure import write_disclosure

    if output.suffix.lower() not in (".xlsx", ".csv"):
        raise UsageError(_("-o {path}: the disclosure file is .xlsx or .csv").format(path=output),
                         code="OUTPUT_TYPE_UNSUPPORTED")
    engine, info = _open(ctx, book)
    with _atomic_output(output) as tmp:
        write_disclosure(engine, info, tmp, lang=_workbook_language())
    click.echo(_("wrote the disclosure file {path}").format(path=output))


@main.command()
@book_option
@click.option("--across-books", is_flag=True, help="Donors who gave to more than one book.")
@format_option
@click.pass_context
def donors(ctx, book, across_books, fmt):
    """Donors of a book, or donors seen in several books of the database."""
    from ledger.reports import donors as donor_reports

    engine = _engine(ctx)
    with engine.connect() as conn:
        if across_books:
            rows = donor_reports.donors_across_books(conn)
        else:
            from ledger.books import load_book

            rows = donor_reports.book_donors(conn, load_book(conn, _book_code(ctx, book)))
    if fmt == "json":
        return _emit_json([r.as_json() for r in rows])
    click.echo(donor_reports.render(rows))


@main.group()
def export():
    """Export a book to another format."""


@export.command("beancount")
@book_option
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path))
@click.pass_context
def export_beancount_cmd(ctx, book, output):
    """Write the book as a Beancount ledger that bean-check accepts."""
    from ledger.reports.beancount import export_beancount

    engine, info = _open(ctx, book)
    with _atomic_output(output) as tmp, engine.connect() as conn, open(tmp, "w", encoding="utf-8") as out:
        export_beancount(conn, info, out)
    click.echo(_("wrote {path}").format(path=output))



# --- the web desk and its users ---------------------------------------------------------------

@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--https", "behind_https", is_flag=True,
              help="Served to browsers over https (a reverse proxy): session cookies become Secure.")
@click.option("--upload-limit", type=click.IntRange(min=1), default=50, show_default=True, metavar="MB",
              help="Largest upload accepted, in megabytes.")
@click.pass_context
def serve(ctx, host, port, behind_https, upload_limit):
    """Serve the web desk and the JSON API (waitress): treasurers, auditors and the public."""
    import waitress

    from ledger.web import create_app

    _engine(ctx)   # refuse a missing or newer schema here, in one line, before listening
    app = create_app(ctx.find_root().obj["db"], {"SESSION_COOKIE_SECURE": behind_https,
                                                 "MAX_CONTENT_LENGTH": upload_limit * 1024 * 1024})
    click.echo(f"serving fundledger on http://{host}:{port}/ (Ctrl+C stops)")
    waitress.serve(app, host=host, port=port, ident="fundledger")


@main.group()
def users():
    """Who may use the web desk and the API: admins, treasurers and auditors."""


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(["admin", "treasurer", "auditor"]))
@click.option("--book", "books", multiple=True, metavar="CODE",
              help="A book given to the user (repeat for several); an auditor given none reads all.")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from stdin.")
@click.pass_context
def users_add(ctx, name, role, books, password_stdin):
    """Add a user; the password is read from stdin, never from the command line."""
    from ledger.db.engine import run_write
    from ledger.users import add_user

    password = sys.stdin.readline().rstrip("\r\n")
    user = run_write(_engine(ctx), lambda conn: add_user(conn, name, role, password, list(books)))
    click.echo(f"added {user.role} {user.name}" + (f": books {', '.join(user.books)}" if user.books else ""))


@users.command("list")
@format_option
@click.pass_context
def users_list(ctx, fmt):
    """The users, their roles and books."""
    from ledger.users import list_users

    with _engine(ctx).connect() as conn:
        found = list_users(conn)
    if fmt == "json":
        return _emit_json([{"name": u.name, "role": u.role, "books": list(u.books), "disabled": u.disabled}
                           for u in found])
    click.echo(_table(["name", "role", "books", "state"],
                      [[u.name, u.role, ", ".join(u.books) or ("all" if u.role != "treasurer" else ""),
                        "disabled" if u.disabled else "active"] for u in found]))


@users.command("disable")
@click.argument("name")
@click.pass_context
def users_disable(ctx, name):
    """Disable a user: no sign-in, no API token. The entries they booked keep their name."""
    from ledger.db.engine import run_write
    from ledger.users import disable_user

    run_write(_engine(ctx), lambda conn: disable_user(conn, name))
    click.echo(f"disabled {name}")


@users.command("token")
@click.argument("name")
@click.pass_context
def users_token(ctx, name):
    """Make a new API token for a user and print it once (only its digest is kept)."""
    from ledger.db.engine import run_write
    from ledger.users import new_token

    click.echo(run_write(_engine(ctx), lambda conn: new_token(conn, name)))

@main.command()
@click.option("-o", "--output", "out_dir", default="out", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the database and workbooks.")
@click.option("--books", "books_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="Folder of sample books with a demo.toml (default: the project's sample_books/).")
def demo(out_dir, books_dir):
    """The main job on the sample books: import, flag, write the audit workbook and disclosure."""
    from ledger import paths
    from ledger.books import load_book
    from ledger.db.engine import make_engine
    from ledger.demo import run_demo
    from ledger.reports.findings import findings
    from ledger.reports.status import fund_status

    result = run_demo(books_dir or paths.SAMPLE_BOOKS, out_dir, log=click.echo)
    engine = make_engine(f"sqlite:///{result.database}")
    with engine.connect() as conn:
        info = load_book(conn, result.book_code)
        click.echo("")
        click.echo("$ fundledger status")
        click.echo(render_status(fund_status(conn, info)))
        click.echo("")
        click.echo("$ fundledger check")
        found = [f for f in findings(conn, info) if f.status == "open"]
        if found:
            click.echo(render_findings(found))
        click.echo(ngettext("{open} open finding(s)", "{open} open finding(s)", len(found)).format(open=len(found)))
    engine.dispose()
    click.echo("")
    click.echo(_("database:        {path}  (fundledger --db sqlite:///{path} status)").format(path=result.database))
    click.echo(_("audit workbook:  {path}").format(path=result.audit))
    click.echo(_("disclosure file: {path}").format(path=result.disclosure))
