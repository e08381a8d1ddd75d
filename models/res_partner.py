import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A group held by no one: the child's identifiers are read and written through a case
# the user may see (safeguarding.case's child fields, related so read as the system
# once the case is the user's to read), never directly on a contact.
NOBODY = "safeguarding_info_sharing.group_child_identifiers_on_contacts"


def nhs_number_is_valid(number):
    """Modulus 11 check of a 10-digit NHS number (NHS Data Dictionary), in the
    digits 0 to 9 (re's \\d and int() would take any script's)."""
    if not re.fullmatch(r"[0-9]{10}", number):
        return False
    total = sum(
        int(digit) * weight
        for digit, weight in zip(number[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(number[9])


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _get_gravatar_image(self, email):
        # The contact form would send a hash of the e-mail typed (a parent's, a
        # child's) to Gravatar for a picture: a contact's e-mail stays here.
        return False

    # Health identifiers are case data: only through a case the user may see.
    date_of_birth = fields.Date(string="Date of Birth", groups=NOBODY)
    nhs_number = fields.Char(
        string="NHS Number",
        groups=NOBODY,
        help="The 10-digit NHS number, the consistent child identifier being piloted.",
    )

    safeguarding_organisation_type_id = fields.Many2one(
        "safeguarding.organisation.type",
        help="The duty this organisation is under (Children Act 2004 s11 and similar).",
    )

    @api.constrains("nhs_number")
    def _check_nhs_number(self):
        for partner in self.filtered("nhs_number"):
            number = partner.nhs_number
            if not number.isascii():
                raise ValidationError(
                    self.env._(
                        "%(child)s: %(number)s is not a valid NHS number: type its 10 "
                        "digits with the digits 0 to 9.",
                        child=partner.display_name,
                        number=number,
                    )
                )
            if not nhs_number_is_valid(number.replace(" ", "")):
                raise ValidationError(
                    self.env._(
                        "%(child)s: %(number)s is not a valid NHS number: it must "
                        "have 10 digits and a correct check digit.",
                        child=partner.display_name,
                        number=number,
                    )
                )
