"""Before the models of 18.0.1.2.0 load: a decision's one recipient becomes its first
recipient, and each line of what was shared points at it.

Done in SQL before the registry computes the new columns: had the recipients'
table been created empty by the update, the decision's recipient fields, computed
from it since this version, would have been emptied on every decision, recorded
and sealed ones included."""

RECIPIENT_TABLE = """
    CREATE TABLE IF NOT EXISTS safeguarding_decision_recipient (
        id SERIAL PRIMARY KEY,
        decision_id INTEGER NOT NULL,
        case_id INTEGER,
        company_id INTEGER,
        sequence INTEGER,
        partner_id INTEGER,
        organisation_id INTEGER,
        recipient_verified BOOLEAN,
        channel_id INTEGER,
        insecure_channel_reason TEXT,
        how_much TEXT,
        controller_relationship VARCHAR,
        create_uid INTEGER,
        create_date TIMESTAMP WITHOUT TIME ZONE,
        write_uid INTEGER,
        write_date TIMESTAMP WITHOUT TIME ZONE
    )
"""

FIRST_RECIPIENTS = """
    INSERT INTO safeguarding_decision_recipient (
        decision_id, case_id, company_id, sequence, partner_id, organisation_id,
        recipient_verified, channel_id, insecure_channel_reason, how_much,
        create_uid, create_date, write_uid, write_date
    )
    SELECT d.id, d.case_id, d.company_id, 10, d.recipient_id, p.commercial_partner_id,
           d.recipient_verified, d.channel_id, d.insecure_channel_reason, d.how_much,
           d.create_uid, d.create_date, d.write_uid, d.write_date
      FROM safeguarding_decision d
      LEFT JOIN res_partner p ON p.id = d.recipient_id
     WHERE (d.recipient_id IS NOT NULL
            OR d.channel_id IS NOT NULL
            OR COALESCE(d.how_much, '') != ''
            OR COALESCE(d.insecure_channel_reason, '') != ''
            OR d.recipient_verified)
       AND NOT EXISTS (SELECT 1 FROM safeguarding_decision_recipient r
                        WHERE r.decision_id = d.id)
"""

# Each line, to the recipient it names, else to the one of its organisation.
LINE_RECIPIENTS = """
    UPDATE safeguarding_disclosure x
       SET decision_recipient_id = (
            SELECT r.id
              FROM safeguarding_decision_recipient r
              JOIN res_partner lp ON lp.id = x.recipient_id
             WHERE r.decision_id = x.decision_id
               AND (r.partner_id = x.recipient_id
                    OR r.organisation_id = lp.commercial_partner_id)
             ORDER BY r.partner_id = x.recipient_id DESC, r.sequence, r.id
             LIMIT 1)
     WHERE x.decision_recipient_id IS NULL
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(RECIPIENT_TABLE)
    cr.execute(FIRST_RECIPIENTS)
    # Present before the update, so that the registry computes neither of them on
    # every row: the first recipient's, and the line's recipient, are set here.
    cr.execute(
        "ALTER TABLE safeguarding_decision "
        "ADD COLUMN IF NOT EXISTS controller_relationship VARCHAR"
    )
    cr.execute(
        "ALTER TABLE safeguarding_disclosure "
        "ADD COLUMN IF NOT EXISTS decision_recipient_id INTEGER"
    )
    cr.execute(LINE_RECIPIENTS)
