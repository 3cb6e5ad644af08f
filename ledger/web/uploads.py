"""Uploads kept on the server between the dry run and the confirmation.

A treasurer's confirmation must book exactly what the dry run showed, so the files are not
sent again: each upload goes into a folder with a generated name (the user's file name is
reduced to a plain base name inside it, so the import report and the source rows still say
``contributions.xlsx``, never a path anyone typed), with its sha256 noted. A pending import
records the book, the kind, the files and their hashes, who asked, and the book's chain tip as
the dry run found it; the confirmation re-hashes the files, and the import compares the tip
under the book's lock as it books, refusing when anything moved.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from ledger.core.errors import UsageError
from ledger.i18n import N_, _

PENDING = "pending.json"
CONFIRMED = "confirmed.json"
_GONE = N_("this upload was confirmed already or never made: start the import again")


def plain_name(name: str | None, index: int) -> str:
    """A base name safe to write: letters (any alphabet), digits, dot, dash, underscore."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = re.sub(r"[^\w.\-]+", "_", base).strip("._")[:120]
    return base or f"upload-{index + 1}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class PendingImport:
    id: str
    book: str
    kind: str
    user: str
    tip_at_dry_run: list           # [seq, digest] of the book's chain when the dry run took it
    files: list[dict]            # {"name": ..., "sha256": ...}
    dry_run: dict                # the dry run's report, as JSON
    all_sheets: bool = False

    def paths(self, root: Path) -> list[Path]:
        return [root / self.id / f["name"] for f in self.files]


class UploadStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def keep(self, uploads) -> tuple[str, list[Path]]:
        """Save ``uploads`` (objects with ``filename`` and ``save``) under a new generated folder."""
        upload_id = secrets.token_hex(16)
        folder = self.root / upload_id
        folder.mkdir()
        paths = []
        for i, upload in enumerate(uploads):
            name = plain_name(upload.filename, i)
            while (folder / name).exists():
                name = f"{i + 1}-{name}"
            path = folder / name
            upload.save(path)
            paths.append(path)
        return upload_id, paths

    def remember(self, pending: PendingImport) -> None:
        (self.root / pending.id / PENDING).write_text(json.dumps(asdict(pending), ensure_ascii=False))

    def pending(self, upload_id: str) -> PendingImport:
        if not re.fullmatch(r"[0-9a-f]{32}", upload_id or ""):
            raise UsageError(_("no such upload: start the import again"))
        record = self.root / upload_id / PENDING
        if not record.is_file():
            raise UsageError(_(_GONE))
        return PendingImport(**json.loads(record.read_text()))

    def unchanged(self, pending: PendingImport) -> list[Path]:
        paths = pending.paths(self.root)
        for path, f in zip(paths, pending.files):
            if not path.is_file() or sha256_of(path) != f["sha256"]:
                raise UsageError(_("{file}: the upload changed since its dry run; start the import again").format(file=f["name"]))
        return paths

    def claim(self, pending: PendingImport) -> None:
        """Take the pending import for its one confirmation: the record is renamed, which only
        one of two confirmations at the same moment can do; the files stay."""
        try:
            (self.root / pending.id / PENDING).rename(self.root / pending.id / CONFIRMED)
        except FileNotFoundError:
            raise UsageError(_(_GONE)) from None

