from odoo import api, models


class MailPushDevice(models.Model):
    """A browser's push subscription: the address of its push service (Google,
    Mozilla, Apple) and the keys to write to it. Nothing is pushed
    (mail.thread._notify_thread_by_web_push), and no subscription is kept: a stored
    endpoint is a third party's address that a later configuration could send case
    messages to."""

    _inherit = "mail.push.device"

    @api.model
    def register_devices(self, **kw):
        """The web client and its service worker register the browser as they
        start: answered as a registration that changed nothing, with no error for
        them to retry on."""

    @api.model
    def _forget_devices(self):
        """The subscriptions stored before the addon was installed, forgotten as it
        is installed or upgraded."""
        # Every one of them, as Odoo does when it makes new VAPID keys: one a
        # browser that allowed notifications, a few hundred at most.
        self.search([]).unlink()  # pylint: disable=no-search-all
