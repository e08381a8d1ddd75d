"""Build the web client's asset bundles once into the test database, before the suite.

Run by ``scripts/test.sh`` through ``odoo shell``, which provides ``env``. A browser
test runs in a transaction that is rolled back, so the bundles Odoo builds on a tour's
first page are lost with it and every tour built them again (about 4 seconds each).
Built and committed here, every tour finds them.
"""

# The bundles the tours, the click-everywhere bot and the printed reports load.
BUNDLES = (
    "web.assets_web",
    "web.assets_web_print",
    "web.assets_backend_lazy",
    "web.assets_tests",
    "web.assets_clickbot",
    "bus.websocket_worker_assets",
    "web.report_assets_common",
    "web.report_assets_pdf",
)

for name in BUNDLES:
    bundle = env["ir.qweb"]._get_asset_bundle(name)  # noqa: F821 (odoo shell's env)
    if bundle.javascripts:
        bundle.js()
    if bundle.stylesheets:
        bundle.css()
env.cr.commit()  # noqa: F821
