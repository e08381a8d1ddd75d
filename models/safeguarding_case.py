from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

PRACTITIONER_GROUP = "safeguarding_info_sharing.group_practitioner"
MANAGER_GROUP = "safeguarding_info_sharing.group_manager"
# Who reads a case depends on these: a change unsubscribes whoever no longer may.
READER_FIELDS = frozenset({"user_id", "member_ids", "restricted", "company_id"})
# The case form shows this many of the newest lines of the sharing log; the whole log
# is one click away. Reading every line's id made a long case's form grow with it.
RECENT_LOG = 20


class SafeguardingCase(models.Model):
    _name = "safeguarding.case"
    _description = "Safeguarding Case"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "safeguarding.system.move.mixin",
        "safeguarding.restricted.read.mixin",
        "safeguarding.reader.mixin",
        "safeguarding.record.guard.mixin",
    ]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    child_id = fields.Many2one(
        "res.partner",
        string="Child or Young Person",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    # The child's identifiers are read and written here only, through the case the
    # user may see: on the contact they are no one's (res.partner).
    child_date_of_birth = fields.Date(
        string="Date of Birth",
        compute="_compute_child_identifiers",
        inverse="_inverse_child_date_of_birth",
    )
    child_nhs_number = fields.Char(
        string="NHS Number",
        compute="_compute_child_identifiers",
        inverse="_inverse_child_nhs_number",
        search="_search_child_nhs_number",
    )
    person_ids = fields.One2many(
        "safeguarding.case.person", "case_id", string="People Involved", copy=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Lead Practitioner",
        required=True,
        tracking=True,
        index=True,
        default=lambda self: self.env.user,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    member_ids = fields.Many2many(
        "res.users",
        "safeguarding_case_member_rel",
        "case_id",
        "user_id",
        string="Team Members",
        check_company=True,
        domain="[('share', '=', False)]",
        help="Practitioners who work on this case with the lead practitioner.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    summary = fields.Html(help="Why the case is open and what the concern is.")
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")],
        string="Status",
        required=True,
        default="open",
        tracking=True,
        copy=False,
    )
    date_closed = fields.Date(string="Closing Date", tracking=True, copy=False)
    close_reason = fields.Text(string="Closing Reason", copy=False)
    restricted = fields.Boolean(
        tracking=True,
        help="A restricted case (adoption, staff or relatives of staff, high profile, "
        "high risk) is visible only to the people named on it.",
    )
    restriction_reason = fields.Char(tracking=True)
    color = fields.Integer()
    decision_ids = fields.One2many(
        "safeguarding.decision", "case_id", string="Decisions"
    )
    consent_ids = fields.One2many("safeguarding.consent", "case_id", string="Consents")
    advice_ids = fields.One2many("safeguarding.advice", "case_id")
    sharing_log_ids = fields.One2many(
        "safeguarding.sharing.log", "case_id", readonly=True
    )
    recent_sharing_log_ids = fields.Many2many(
        "safeguarding.sharing.log",
        string="Latest in the Sharing Log",
        compute="_compute_recent_sharing_log",
        help="The newest lines of the sharing log; the whole log opens from the case.",
    )
    sharing_log_count = fields.Integer(
        string="Sharing Log Lines", compute="_compute_recent_sharing_log"
    )
    decision_count = fields.Integer(compute="_compute_decision_count")
    request_ids = fields.One2many("safeguarding.request", "case_id", string="Requests")
    request_open_count = fields.Integer(
        string="Open Requests", compute="_compute_request_open"
    )
    request_overdue = fields.Boolean(
        string="A Request Is Overdue",
        compute="_compute_request_open",
        help="A request about this case, received or sent, is past its due time and "
        "not answered.",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A case reference must be unique within a company.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_child_given(vals, creating=True)
            if not vals.get("name") or vals["name"] == self.env._("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("safeguarding.case") or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        self._check_child_given(vals)
        result = super().write(vals)
        if READER_FIELDS.intersection(vals):
            self._drop_case_followers_who_cannot_read()
        return result

    def _drop_case_followers_who_cannot_read(self):
        """Whoever may no longer read the case stops following it and everything
        recorded on it."""
        cases = self.sudo()
        cases._drop_followers_who_cannot_read()
        for fname in ("decision_ids", "consent_ids", "advice_ids"):
            records = cases[fname]
            if isinstance(records, self.env.registry["safeguarding.reader.mixin"]):
                records._drop_followers_who_cannot_read()

    @api.constrains("user_id", "member_ids")
    def _check_team_users(self):
        # The view's "internal users" domain is the client's: this is the rule. An
        # inactive account (the superuser's own) signs in nowhere and reads nothing.
        for case in self:
            for user in (case.user_id | case.member_ids).sudo().filtered("active"):
                if user.share or not (
                    user.has_group(PRACTITIONER_GROUP) or user.has_group(MANAGER_GROUP)
                ):
                    raise ValidationError(
                        self.env._(
                            "%(user)s cannot be named on %(case)s: the lead "
                            "practitioner and the team members are internal users "
                            "with a safeguarding role (practitioner, lead or "
                            "manager).",
                            user=user.name,
                            case=case.name,
                        )
                    )

    def _check_child_given(self, vals, creating=False):
        # Checked before the database's NOT NULL so that the user reads what to fix.
        if (creating or "child_id" in vals) and not vals.get("child_id"):
            raise ValidationError(
                self.env._(
                    "A case must name the child or young person it is about: "
                    "choose them in the Child or Young Person field."
                )
            )

    @api.constrains("state", "date_closed", "close_reason")
    def _check_closing(self):
        for case in self.filtered(lambda c: c.state == "closed"):
            if not case.date_closed or not (case.close_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Case %(case)s cannot be closed without a closing date and a "
                        "closing reason.",
                        case=case.name,
                    )
                )

    @api.constrains("restricted", "restriction_reason")
    def _check_restriction_reason(self):
        for case in self.filtered("restricted"):
            if not (case.restriction_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why case %(case)s is restricted: restricting a case hides "
                        "it from everyone not named on it.",
                        case=case.name,
                    )
                )

    @api.depends("child_id.date_of_birth", "child_id.nhs_number")
    def _compute_child_identifiers(self):
        for case in self:
            child = case._child_sudo()
            case.child_date_of_birth = child.date_of_birth
            case.child_nhs_number = child.nhs_number

    def _inverse_child_date_of_birth(self):
        for case in self:
            case._child_sudo().date_of_birth = case.child_date_of_birth

    def _inverse_child_nhs_number(self):
        for case in self:
            case._child_sudo().nhs_number = case.child_nhs_number

    def _search_child_nhs_number(self, operator, value):
        # sudo: the contacts matched; the cases found are still the user's own.
        children = (
            self.env["res.partner"].sudo()._search([("nhs_number", operator, value)])
        )
        return [("child_id", "in", children)]

    def _people(self):
        """The child and the people on this case (one): whose information it holds,
        who may be told, engaged or written to about it."""
        self.ensure_one()
        return self.child_id | self.person_ids.partner_id

    def _child_sudo(self):
        """The child of this case (one) the user may read or write: sudo, as the
        identifiers are no one's on the contact; the case's own rules checked it."""
        self.ensure_one()
        return self.child_id.sudo()

    @api.depends("decision_ids")
    def _compute_decision_count(self):
        counts = dict(
            self.env["safeguarding.decision"]._read_group(
                [("case_id", "in", self.ids)], ["case_id"], ["__count"]
            )
        )
        for case in self:
            case.decision_count = counts.get(case, 0)

    def _compute_request_open(self):
        # One query: the open requests of each case and the earliest due of them.
        groups = self.env["safeguarding.request"]._read_group(
            [("case_id", "in", self._origin.ids), ("state", "!=", "answered")],
            ["case_id"],
            ["__count", "date_due:min"],
        )
        found = {case: (count, due) for case, count, due in groups}
        now = fields.Datetime.now()
        for case in self:
            count, due = found.get(case._origin, (0, False))
            case.request_open_count = count
            case.request_overdue = bool(due and due < now)

    def action_view_requests(self):
        """The requests about this case, received and sent, the most urgent first."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "safeguarding_info_sharing.safeguarding_request_action"
        )
        action.update(
            {
                "name": self.env._("Requests of %(case)s", case=self.name),
                "domain": [("case_id", "=", self.id)],
                "context": {"default_case_id": self.id},
            }
        )
        return action

    def action_new_request(self):
        """Record a request received about this case (``direction``: or one the
        agency sends)."""
        self.ensure_one()
        self.check_access("write")
        direction = self.env.context.get("default_direction", "received")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Received")
            if direction == "received"
            else self.env._("Request to a Partner"),
            "res_model": "safeguarding.request",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_case_id": self.id,
                "default_direction": "sent" if direction == "sent" else "received",
            },
        }

    def _compute_recent_sharing_log(self):
        """The newest RECENT_LOG lines of each case's log and the number of its lines,
        both by one query whatever the log's length, within the reader's rules."""
        Log = self.env["safeguarding.sharing.log"]
        for case in self:
            origin = case._origin
            ids, count = [], 0
            if origin.id:
                query = Log._search(
                    [("case_id", "=", origin.id)], order=Log._order, limit=RECENT_LOG
                )
                self.env.cr.execute(
                    query.select(
                        SQL("%s", SQL.identifier(query.table, "id")),
                        SQL("COUNT(*) OVER ()"),
                    )
                )
                rows = self.env.cr.fetchall()
                ids, count = [row[0] for row in rows], rows[0][1] if rows else 0
            case.recent_sharing_log_ids = Log.browse(ids)
            case.sharing_log_count = count

    def action_view_sharing_log(self):
        """The whole sharing log of this case, newest first."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "safeguarding_info_sharing.safeguarding_sharing_log_action"
        )
        action.update(
            {
                "name": self.env._("Sharing Log of %(case)s", case=self.name),
                "domain": [("case_id", "=", self.id)],
                "context": {"create": False},
            }
        )
        return action

    def action_new_decision(self):
        """Open a new sharing decision on this case."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record a Sharing Decision"),
            "res_model": "safeguarding.decision",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_case_id": self.id},
        }

    def action_view_decisions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decisions"),
            "res_model": "safeguarding.decision",
            "view_mode": "list,form",
            "domain": [("case_id", "=", self.id)],
            "context": {"default_case_id": self.id},
        }

    def action_close(self):
        """Open the closing form, which asks for the reason."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close Case %(case)s", case=self.name),
            "res_model": "safeguarding.case.close",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def _close(self, reason, date_closed):
        """Close the cases with a reason; the constraint refuses an empty one."""
        self.write(
            {"state": "closed", "close_reason": reason, "date_closed": date_closed}
        )

    def action_reopen(self):
        self.write({"state": "open", "date_closed": False, "close_reason": False})
        for case in self:
            case.message_post(body=self.env._("Case reopened."))
