from collections import defaultdict

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class SafeguardingReaderMixin(models.AbstractModel):
    """A safeguarding record's chatter reaches only the people who may read it.

    Its followers, the people notified of its messages and those given an activity
    on it are always users who may read it by the record rules: subscribing,
    notifying or assigning anyone else is refused (``mail.followers``,
    ``mail.message`` and ``mail.activity`` call :meth:`_check_readers`), and whoever
    stops being able to read it stops following it. No portal token or signed link
    opens it (``mail.thread``). The mixin only marks the model and holds the checks,
    so it may come anywhere in a model's ``_inherit``.
    """

    _name = "safeguarding.reader.mixin"
    _description = "Safeguarding Record Followed by Its Readers Only"

    def _readable_by_users(self, users):
        """The records of ``self`` that one of ``users`` may read."""
        readable = self.browse()
        # sudo: who the users are and their companies, to ask the record rules.
        for user in users.sudo().filtered(lambda u: u.active and not u._is_public()):
            readable |= (
                self.with_user(user)
                .with_context(allowed_company_ids=user.company_ids.ids)
                ._filtered_access("read")
                .with_env(self.env)
            )
        return readable

    def _readable_by_partner(self, partner):
        return self._readable_by_users(partner.sudo().user_ids)

    def _readers_among(self, users):
        """The ``users`` who may read every record of ``self``."""
        return users.filtered(lambda user: self._readable_by_users(user) == self)

    def _check_readers(self, partners):
        """Refuse unless each of ``partners`` may read each record of ``self``."""
        for partner in partners:
            self._check_readable(partner, self._readable_by_partner(partner))

    def _check_reader_user(self, user):
        """Refuse unless ``user`` may read each record of ``self``."""
        self._check_readable(user.sudo().partner_id, self._readable_by_users(user))

    def _check_readable(self, partner, readable):
        unreadable = self - readable
        if not unreadable:
            return
        users = partner.sudo().user_ids
        if users and all(user._safeguarding_second_factor_missing() for user in users):
            raise UserError(
                self.env._(
                    "%(partner)s has not enabled two-factor authentication, which "
                    "your agency requires before anyone reaches case data: until "
                    "they enable it, they cannot follow %(record)s, be notified of "
                    "it or be given an activity on it.",
                    partner=partner.name,
                    record=unreadable[0].display_name,
                )
            )
        raise UserError(
            self.env._(
                "%(partner)s may not read %(record)s, so they cannot follow it, "
                "be notified of it or be given an activity on it: only the "
                "people who may read a safeguarding record do.",
                partner=partner.name,
                record=unreadable[0].display_name,
            )
        )

    def _drop_followers_who_cannot_read(self):
        """Unsubscribe whoever may no longer read these records."""
        # sudo: followers are the mail module's; the check is the readers' own.
        followers = (
            self.env["mail.followers"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", self.ids)])
        )
        for partner, rows in followers.grouped("partner_id").items():
            readable = set(
                self.browse(rows.mapped("res_id"))._readable_by_partner(partner).ids
            )
            rows.filtered(lambda row, ok=readable: row.res_id not in ok).unlink()


def safeguarding_readers_checked(env):
    """Whether the reader checks apply to this environment: always, but for the
    superuser account itself (installing data, Odoo's own jobs), never a client."""
    return env.uid != SUPERUSER_ID


def safeguarding_threads(env, model_name):
    """The model, when it is a safeguarding record with readers only."""
    if not model_name or model_name not in env:
        return None
    model = env[model_name]
    if isinstance(model, env.registry["safeguarding.reader.mixin"]):
        return model
    return None


def unreadable_documents(env, places):
    """The (model, id) among ``places`` that are records of case data the current
    user may not read: what the mail module keeps of them (messages, followers,
    notifications, activities) reaches only their readers."""
    if env.su:
        return set()
    case_data = env["safeguarding.policy"]._case_data_models()
    by_model = defaultdict(set)
    for model_name, res_id in places:
        if model_name in case_data and res_id:
            by_model[model_name].add(res_id)
    hidden = set()
    for model_name, ids in by_model.items():
        readable = set(env[model_name].browse(ids)._filtered_access("read")._ids)
        hidden.update((model_name, res_id) for res_id in ids - readable)
    return hidden


def readers_only(records, query, place, order):
    """``query`` (a search of ``records``' model, in ``order``) less the rows whose
    document is case data the current user may not read. ``place``: the SQL of the
    document's model and id of a row."""
    if records.env.su:
        return query
    rows = records.env.execute_query(
        query.select(SQL.identifier(records._table, "id"), *place)
    )
    hidden = unreadable_documents(
        records.env, ((model_name, res_id) for _id, model_name, res_id in rows)
    )
    if not hidden:
        return query
    return records.browse(
        row_id
        for row_id, model_name, res_id in rows
        if (model_name, res_id) not in hidden
    )._as_query(order)


def refuse_also(result, forbidden, operation):
    """``_check_access``'s ``result`` with ``forbidden`` refused too."""
    if not forbidden:
        return result
    if result:
        return (result[0] | forbidden, result[1])
    return (forbidden, lambda: forbidden._make_access_error(operation))


def forbid_unreadable(records, result, operation, place_of):
    """``_check_access``'s ``result`` for reading ``records``, with the rows whose
    document (``place_of(row)``, on a row read as superuser: (model, id)) is case
    data the current user may not read refused too."""
    if operation != "read" or records.env.su or not records:
        return result
    allowed = records - result[0] if result else records
    # sudo: where the rows are, to ask whether their documents are readable.
    places = {row.id: place_of(row) for row in allowed.sudo()}
    hidden = unreadable_documents(records.env, places.values())
    forbidden = allowed.browse(i for i, place in places.items() if place in hidden)
    return refuse_also(result, forbidden, operation)


class SafeguardingDocumentReadersMixin(models.AbstractModel):
    """A row the mail module keeps of a document (a message, a follower, a
    notification, an activity): of a record of case data, read by the record's
    readers only, whatever else Odoo lets read it (being the message's author or
    recipient, the activity's assignee, any internal user for followers)."""

    _name = "safeguarding.document.readers.mixin"
    _description = "Safeguarding Document Read by Its Readers Only"

    # The columns naming the document of a row.
    _document_fields = ("res_model", "res_id")

    def _document_place(self):
        """The SQL of the model and id of a row's document."""
        return tuple(
            SQL.identifier(self._table, name) for name in self._document_fields
        )

    def _document_of(self, row):
        """(model, id) of the document of ``row`` (read as superuser)."""
        return tuple(row[name] for name in self._document_fields)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        return readers_only(self, query, self._document_place(), order)

    def _check_access(self, operation):
        return forbid_unreadable(
            self, super()._check_access(operation), operation, self._document_of
        )
