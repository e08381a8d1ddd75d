from odoo import api, models
from odoo.exceptions import AccessError


class SafeguardingIntegrityCheck(models.AbstractModel):
    """The "Verify integrity" action of leads and managers, over every chain."""

    _name = "safeguarding.integrity.check"
    _description = "Safeguarding Integrity Check"

    _chained_models = ("safeguarding.decision", "safeguarding.disclosure")

    @api.model
    def action_verify_integrity(self):
        if not (
            self.env.user.has_group("safeguarding_info_sharing.group_lead")
            or self.env.user.has_group("safeguarding_info_sharing.group_manager")
        ):
            raise AccessError(
                self.env._("Only safeguarding leads and managers verify the record.")
            )
        breaks, counts = self._verify(self.env.companies)
        if breaks:
            message = self.env._(
                "The record has been altered. The chain breaks at: %(breaks)s. "
                "Report this to your information governance lead.",
                breaks="; ".join(breaks),
            )
        else:
            message = self.env._(
                "The record is intact: %(decisions)s decisions and %(disclosures)s "
                "disclosures verified.",
                decisions=counts["safeguarding.decision"],
                disclosures=counts["safeguarding.disclosure"],
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Verify Integrity"),
                "message": message,
                "type": "danger" if breaks else "success",
                "sticky": bool(breaks),
            },
        }

    def _verify(self, companies):
        """Names of the first broken record of each chain, and the records checked.

        The chain covers restricted cases the user cannot open, so it is read as
        superuser here; only the references of broken records leave this method.
        """
        breaks, counts = [], {}
        for model_name in self._chained_models:
            model = self.env[model_name].sudo()
            counts[model_name] = model.search_count(
                [
                    ("company_id", "in", companies.ids),
                    ("integrity_sequence", "!=", False),
                ]
            )
            for company in companies:
                broken = model._integrity_break(company)
                if broken:
                    breaks.append(
                        self.env._(
                            "%(model)s %(name)s (%(company)s)",
                            model=model._description,
                            name=broken.display_name,
                            company=company.name,
                        )
                    )
        return breaks, counts
