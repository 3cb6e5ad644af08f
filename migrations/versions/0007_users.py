"""users: who may use the web desk and the API, and with which books

A treasurer writes only the books given to them, an auditor reads the books given (all of
them when none is given, as a commission does), an admin manages users. Passwords are kept
as argon2 hashes and API tokens as sha256 digests (a token is random and long, so its digest
can be looked up and still tells nothing), never in the clear. A user is disabled rather
than deleted: the journal names them in the memos of the entries they booked.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("users",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=80), nullable=False),
    sa.Column("role", sa.String(length=12), nullable=False),
    sa.Column("books", sa.JSON(), nullable=False),
    sa.Column("password_hash", sa.String(length=200), nullable=False),
    sa.Column("disabled", sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column("token_hash", sa.String(length=64), nullable=True),
    sa.Column("created_at", sa.String(length=32), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'treasurer', 'auditor')", name=op.f("ck_users_role")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    sa.UniqueConstraint("token_hash", name=op.f("uq_users_token_hash")),
    )


def downgrade() -> None:
    op.drop_table("users")
