from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        info = super().session_info()
        # The web client leaves the editor's AI command out for whom the server
        # refuses it (static/src/no_ai_text).
        info["safeguarding_ai_refused"] = self.env.user._safeguarding_ai_refused()
        return info
