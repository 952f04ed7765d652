"""The throwaway PostgreSQL server used by the database tests: it runs, it works, and it is gone afterwards."""

from __future__ import annotations

import os
import pwd
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pgserver import find_bindir, throwaway_postgres


def _server_files(url: str) -> tuple[Path, int]:
    """The server's data directory and postmaster pid, asked from the running server itself."""
    engine = create_engine(url)
    with engine.connect() as conn:
        data = Path(conn.execute(text("SHOW data_directory")).scalar_one())
    engine.dispose()
    return data, int((data / "postmaster.pid").read_text().splitlines()[0])


def _exits_within(pid: int, seconds: float) -> bool:
    """True once `pid` has exited (a zombie waiting for init to reap it counts as exited)."""
    # `pg_ctl stop -w` returns when the server removed its pid file, a moment before the process exits.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


def _assert_gone(url: str, data: Path, pid: int) -> None:
    """Nothing is left: no directory, no postmaster process, nothing listening on the port."""
    assert not data.parent.exists(), f"{data.parent} was not removed"
    assert _exits_within(pid, seconds=10), f"postmaster {pid} still running"
    port = make_url(url).port
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres", connect_timeout=5)


def test_round_trip_then_everything_is_removed() -> None:
    with throwaway_postgres() as url:
        assert url.startswith("postgresql+psycopg://postgres@127.0.0.1:") and url.endswith("/extract_test")
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE article (id text PRIMARY KEY, title text NOT NULL)"))
            rows = [{"id": "a1", "title": "Frigate 'Ivan' sails"}, {"id": "a2", "title": "Talks; DROP TABLE x"}]
            conn.execute(text("INSERT INTO article (id, title) VALUES (:id, :title)"), rows)
        with engine.connect() as conn:
            got = conn.execute(text("SELECT id, title FROM article ORDER BY id")).mappings().all()
            assert conn.execute(text("SELECT current_database()")).scalar_one() == "extract_test"
        engine.dispose()
        assert [dict(row) for row in got] == rows
        data, pid = _server_files(url)
        os.kill(pid, 0)  # the server is running while we are inside the block
        if os.geteuid() == 0:  # under root the server runs as `nobody`
            assert data.stat().st_uid == pwd.getpwnam("nobody").pw_uid
    _assert_gone(url, data, pid)


def test_server_is_removed_even_when_the_body_raises() -> None:
    with pytest.raises(RuntimeError, match="the test body failed"), throwaway_postgres() as url:
        data, pid = _server_files(url)
        # A connection left open must not keep the server alive: fast shutdown disconnects it.
        left_open = psycopg.connect(host="127.0.0.1", port=make_url(url).port, user="postgres",
                                    dbname="extract_test")
        left_open.execute("CREATE TABLE t (x int)")  # and an open transaction
        raise RuntimeError("the test body failed")
    left_open.close()
    _assert_gone(url, data, pid)


def test_missing_binaries_say_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty PATH directory and an empty lib root
    with pytest.raises(RuntimeError, match="apt-get install postgresql"):
        find_bindir(lib_root=str(tmp_path), install=False)
