#!/usr/bin/env python3
"""Kill -9 the Odoo worker that is recording: the one whose database session holds a
chain's advisory lock (taken by sealing, after the decision is marked recorded and
before its transaction commits). The session's client port names the process that
owns it (ss); it must be a worker of the given Odoo server.

    python3 scripts/load/kill_recording.py --port PG_PORT --database DB --server PID

Polls the primary's pg_locks every 10 ms for up to --seconds; prints what it did.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import time

import psycopg2


def workers(server):
    """The worker processes of Odoo's prefork server (its children)."""
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return {int(pid) for pid in out.split()}


def owner(port, server_port):
    """The process whose connection to the server comes from ``port``, or 0."""
    out = subprocess.run(
        ["ss", "-Htnp", f"sport = :{port} and dport = :{server_port}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    found = re.search(r"pid=(\d+)", out)
    return int(found.group(1)) if found else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--server", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    connection = psycopg2.connect(
        host="127.0.0.1",
        port=args.port,
        dbname=args.database,
        user="odoo",
        password="odoo",
        application_name="load-fault",
    )
    connection.autocommit = True
    cr = connection.cursor()
    children = workers(args.server)
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        cr.execute(
            """SELECT a.client_port FROM pg_locks l
                 JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted"""
        )
        for (port,) in cr.fetchall():
            pid = owner(port, args.port)
            if pid in children:
                os.kill(pid, signal.SIGKILL)
                sys.stdout.write(f"killed worker {pid} while it held a chain's lock\n")
                return
        time.sleep(0.01)
    sys.stdout.write("no worker was caught recording\n")
    sys.exit(1)


if __name__ == "__main__":
    main()
