import re

from odoo import api, fields, models


class SafeguardingChannel(models.Model):
    _name = "safeguarding.channel"
    _description = "Channel for Sharing Information"
    _inherit = ["safeguarding.reference.mixin"]
    _sealed_fields = ("code", "name", "secure")
    _used_by = (
        ("safeguarding.decision", "channel_id", "integrity_hash"),
        ("safeguarding.disclosure", "channel_id", "integrity_hash"),
    )
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    # Always set (create() makes it from the name; the constraint below).
    code = fields.Char(
        copy=False,
        readonly=True,
        help="Made from the name when the channel is created; it stays the same when "
        "the channel's name is translated, and exports and reports use it.",
    )
    sequence = fields.Integer(default=10)
    secure = fields.Boolean(
        help="Meets a recognised standard (e.g. DCB1596 secure email, CJSM). Sharing "
        "through a channel that is not secure needs a stated reason."
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each channel has its own code."),
        (
            "code_set",
            "CHECK(code IS NOT NULL AND code != '')",
            "Each channel has a code, made from its name when it is created.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        # A new channel is given its code from its name: nobody has to make one up.
        taken = {vals["code"] for vals in vals_list if vals.get("code")}
        channels = self.with_context(active_test=False)
        for vals in vals_list:
            if not vals.get("code"):
                base = re.sub(r"[^a-z0-9]+", "_", (vals.get("name") or "").lower())
                base = base.strip("_") or "channel"
                # The codes it could collide with ('_' matches any one character).
                taken.update(
                    channels.search([("code", "=like", f"{base}%")]).mapped("code")
                )
                code, number = base, 1
                while code in taken:
                    number += 1
                    code = f"{base}_{number}"
                vals["code"] = code
            taken.add(vals["code"])
        return super().create(vals_list)
