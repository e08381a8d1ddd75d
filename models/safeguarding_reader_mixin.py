from odoo import SUPERUSER_ID, models
from odoo.exceptions import UserError


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
