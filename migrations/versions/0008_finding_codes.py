"""finding codes: a finding's evidence kept as its code and parameters beside the English

A finding's evidence was kept as the English sentence its rule wrote, so a Russian or Kazakh
reader got it back only where a pattern could read the sentence again. Findings now keep which
sentence it is (``evidence_code``) and what filled it (``evidence_params``, JSON with its keys in
order), and are put into words from those in the reader's language. The English text stays for
the readers that know only it.

Books written before gain the code and parameters where ``ledger.rules.wording`` reads their
English back word for word; the rest keep their text alone and are shown as before. Findings
are not in the hash chain (their status changes as money is paid back), and no entry is
touched, so every book's chain and tip digest stay as they were.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_BATCH = 1000


def upgrade() -> None:
    op.add_column("findings", sa.Column("evidence_code", sa.String(length=40), nullable=True))
    op.add_column("findings", sa.Column("evidence_params", sa.Text(), nullable=True))

    from ledger.rules.wording import derive, params_json

    findings = sa.table("findings", sa.column("id", sa.Integer), sa.column("rule", sa.String),
                        sa.column("evidence", sa.Text), sa.column("evidence_code", sa.String),
                        sa.column("evidence_params", sa.Text))
    conn = op.get_bind()
    update = findings.update().where(findings.c.id == sa.bindparam("finding_id")).values(
        evidence_code=sa.bindparam("code"), evidence_params=sa.bindparam("params"))
    # In pages by id: a large book has a finding on many of its receipts.
    last = 0
    while True:
        rows = conn.execute(sa.select(findings.c.id, findings.c.rule, findings.c.evidence)
                            .where(findings.c.id > last).order_by(findings.c.id).limit(_BATCH)).all()
        if not rows:
            break
        last = rows[-1].id
        derived = []
        for row in rows:
            known = derive(row.evidence, row.rule)
            if known is not None:
                derived.append({"finding_id": row.id, "code": known.code, "params": params_json(known)})
        if derived:
            conn.execute(update, derived)


def downgrade() -> None:
    op.drop_column("findings", "evidence_params")
    op.drop_column("findings", "evidence_code")
