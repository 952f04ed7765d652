"""A real, throwaway PostgreSQL server for tests: `with throwaway_postgres() as url: ...`.

The server lives in a fresh directory under /tmp, listens only on 127.0.0.1 (on a free port, plus a unix
socket in that directory), trusts every local connection, and is stopped and deleted on exit -- even when
the body raised. PostgreSQL refuses to run as root, so under root (tests, CI) it runs as the `nobody` user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

DATABASE = "extract_test"
_TOOLS = ("initdb", "pg_ctl", "postgres")


def find_bindir(lib_root: str = "/usr/lib/postgresql", install: bool = True) -> Path:
    """The directory holding initdb, pg_ctl and postgres: from PATH, else the newest <lib_root>/<version>/bin.
    On a machine without them, as root with apt-get, install Debian's `postgresql` first (once)."""
    on_path = shutil.which("pg_ctl")
    candidates = [Path(on_path).parent] if on_path else []
    version = lambda d: [int(part) for part in d.parent.name.split(".") if part.isdigit()]  # noqa: E731
    candidates += sorted(Path(lib_root).glob("*/bin"), key=version, reverse=True)
    for bindir in candidates:
        if all((bindir / tool).is_file() for tool in _TOOLS):
            return bindir
    if install and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "postgresql"]):
            subprocess.run(command, env=env, capture_output=True, check=False)
        return find_bindir(lib_root, install=False)
    raise RuntimeError(
        f"PostgreSQL server binaries ({', '.join(_TOOLS)}) not found on PATH or in {lib_root}/*/bin; "
        "install them with `apt-get install postgresql` (Debian/Ubuntu) to run the PostgreSQL tests."
    )


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody is listening on right now (the kernel picks it for port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a PostgreSQL server with an empty database `extract_test`; yield its SQLAlchemy URL; remove it all."""
    bindir = find_bindir()
    tmp = Path(tempfile.mkdtemp(prefix="extract-pg-", dir="/tmp"))  # not pytest's tmp_path: that is root-only
    data, log = tmp / "data", tmp / "server.log"
    # Run the server tools as `nobody` when we are root, else as ourselves; with a minimal environment so that
    # HOME, PG* variables and the caller's locale cannot leak in.
    owner = pwd.getpwnam("nobody") if os.geteuid() == 0 else None
    as_owner = {"user": owner.pw_uid, "group": owner.pw_gid, "extra_groups": []} if owner else {}
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "HOME": str(tmp)}

    def run(tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([str(bindir / tool), *args], env=env, cwd=tmp, capture_output=True, text=True,
                              check=False, **as_owner)
        if check and done.returncode != 0:
            server_log = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} {' '.join(args)} failed:\n{done.stdout}{done.stderr}{server_log}")
        return done

    try:
        if owner:
            os.chown(tmp, owner.pw_uid, owner.pw_gid)
        run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--encoding=UTF8", "--locale=C",
            "--no-sync")
        port = _free_port()
        # fsync/synchronous_commit/full_page_writes off: fast, and fine for a server we throw away -- nothing
        # here needs to survive a crash of the *server* (killing a client mid-transaction only needs rollback).
        options = (f"-h 127.0.0.1 -p {port} -k {tmp} -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off")
        try:
            # -w: return once the server accepts connections; -l: its output goes to the log, not our pipes.
            run("pg_ctl", "start", "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options)
            with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres",
                                 autocommit=True, connect_timeout=10) as conn:
                conn.execute(f'CREATE DATABASE "{DATABASE}"')
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{DATABASE}"
        finally:
            # Fast shutdown disconnects clients and rolls back; if even that fails, stop without a checkpoint.
            if run("pg_ctl", "stop", "-D", str(data), "-m", "fast", "-w", "-t", "30", check=False).returncode:
                run("pg_ctl", "stop", "-D", str(data), "-m", "immediate", "-w", "-t", "30", check=False)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
