"""A pytest plugin of the test command (``-p pytest_workers``), outside the addon.

`make test` runs the suite in one process per core (pytest-xdist); pytest-odoo gives
each process its own copy of the test database. Three things it leaves to this plugin:

- Each process needs its own copy of the database's filestore too. pytest-odoo shares
  the first database's, so one process's file clean-up (Odoo's autovacuum) deletes the
  files of attachments only another process's database knows.
- Each process needs its own log file. Two processes appending to one interleave a long
  record with the other's lines, and a WARNING could then start mid-line, unseen by the
  test command's check: ``logfile=odoo-tests.log`` becomes ``odoo-tests-gw0.log``...
- Each process sends its reports to the first as plain data, and a subtest's report
  carries the values given to ``subTest`` (a ``Command``, a date, a declared move...),
  which cannot travel as they are. They are only shown, so each one that is not plain
  data travels as its ``repr``.
"""

import os
import shutil
from contextlib import contextmanager

import pytest
import pytest_odoo
from _pytest.subtests import SubtestReport

from odoo.tools import config

PLAIN = (str, int, float, bool, type(None))


@contextmanager
def own_filestore(original_db_name, db_name):
    """The filestore of ``original_db_name`` copied for ``db_name``, removed after."""
    if original_db_name == db_name:
        yield
        return
    copy = config.filestore(db_name)
    shutil.rmtree(copy, ignore_errors=True)
    original = config.filestore(original_db_name)
    if os.path.isdir(original):
        shutil.copytree(original, copy)
    try:
        yield
    finally:
        shutil.rmtree(copy, ignore_errors=True)


# pytest-odoo (pinned in requirements.txt) calls this by name as it copies a database.
if not hasattr(pytest_odoo, "_shared_filestore"):
    raise RuntimeError("pytest-odoo no longer has _shared_filestore: see this plugin")
pytest_odoo._shared_filestore = own_filestore


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_cmdline_main(config):
    # Before pytest-odoo's own wrapper hands --odoo-extra to Odoo's configuration.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        config.option.odoo_extra = [
            own_log(option, worker) for option in config.option.odoo_extra
        ]
    return (yield)


def own_log(option, worker):
    """``option`` (an --odoo-extra value) with a log file of ``worker``'s own."""
    name, _sep, value = option.partition("=")
    if name != "logfile" or not value:
        return option
    root, ext = os.path.splitext(value)
    return f"logfile={root}-{worker}{ext}"


@pytest.hookimpl(wrapper=True)
def pytest_report_to_serializable(report):
    data = yield
    if isinstance(report, SubtestReport) and data:
        context = data["_subtest.context"]
        context["kwargs"] = {
            key: value if isinstance(value, PLAIN) else repr(value)
            for key, value in context["kwargs"].items()
        }
    return data
