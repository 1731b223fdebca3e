"""The operational store on PostgreSQL (``PWS_OPS_URL=postgresql://user@host/db``), for several app hosts.

Same tables and rules as the SQLite store (``etl.ops.schema``). Each thread keeps one autocommit connection
and runs explicit transactions (READ COMMITTED): a step locks the object's state row ``FOR UPDATE``; two
first steps on one object race on the insert (``ON CONFLICT DO NOTHING``) and the loser reads again
(``etl.ops.store.OpsStore.act``). Migrations run under ``pg_advisory_xact_lock`` so hosts starting together
apply each one once.
"""

from __future__ import annotations

import os
import re
import threading

from etl.messages import msg
from etl.ops.store import Backend, OpsError

MIGRATION_LOCK = 731_200_012   # pg_advisory_xact_lock key of the schema migrations (any fixed number)
STEP_SQL = """
INSERT INTO lifecycle_step (kind, obj_id, dibuat, kode_kab, status, catatan, pengguna, waktu, klb)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)
"""


def is_url(value: str | None) -> bool:
    return bool(value) and value.split(":", 1)[0] in ("postgresql", "postgres")


class PostgresBackend(Backend):
    name = "postgres"
    for_update = " FOR UPDATE"
    migration_lock = ("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK])   # hosts starting together

    def __init__(self, url: str):
        self.url = url
        self.key = re.sub(r"//([^:@/]*):[^@/]*@", r"//\1:***@", url)   # never log a password
        self._local = threading.local()

    def connection(self):
        import psycopg

        local = self._local
        if getattr(local, "pid", None) != os.getpid() or local.con is None or local.con.closed:
            try:
                local.con = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
            except psycopg.Error as exc:
                raise OpsError(msg("ops.unopenable", where=self.key, error=exc)) from exc
            local.pid = os.getpid()
        return local.con

    def begin(self, con) -> None:
        con.execute("BEGIN")

    def sql(self, text: str) -> str:
        return text.replace("?", "%s")

    def insert_step(self, con, row: list) -> None:
        con.execute(STEP_SQL, row)
