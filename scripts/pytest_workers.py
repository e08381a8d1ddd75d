"""A pytest plugin of the test command (``-p pytest_workers``), outside the addon.

`make test` runs the suite in one process per core (pytest-xdist); pytest-odoo gives
each process its own copy of the test database. Two things it leaves to this plugin:

- Each process needs its own copy of the database's filestore too. pytest-odoo shares
  the first database's, so one process's file clean-up (Odoo's autovacuum) deletes the
  files of attachments only another process's database knows.
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
assert hasattr(pytest_odoo, "_shared_filestore"), "pytest-odoo changed: see this plugin"
pytest_odoo._shared_filestore = own_filestore


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
