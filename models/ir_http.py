from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        info = super().session_info()
        user = self.env.user
        # The web client leaves the editor's AI command out for whom the server
        # refuses it (static/src/no_ai_text).
        info["safeguarding_ai_refused"] = user._safeguarding_ai_refused()
        # A user of a safeguarding role with no home action of their own lands on
        # My Work after logging in, in the app, rather than on the first app
        # (Discuss); one who must first enable two factors on the page that says how.
        if (
            "home_action_id" in info
            and not info["home_action_id"]
            and user._is_internal()
            and user.safeguarding_role
        ):
            info["home_action_id"] = user._safeguarding_landing_action().id
        return info
