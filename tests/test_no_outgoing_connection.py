"""No case data leaves the server: recording a decision (submit, a lead's sign-off,
record), printing it to a real PDF and running the addon's crons open no network
connection but to this machine and the database, with Odoo's auto-installed modules
that can reach outside services (partner_autocomplete, iap, snailmail, sms,
web_unsplash) installed as they are in the test database; Odoo's AI text
generation, which would send what is typed to Odoo's AI service, is neither offered
nor answered to anyone holding a safeguarding role; and nothing goes to Gravatar, to
the site of a link pasted in an editor or written in a message, or to a browser's
push service, whose address is not even kept."""

import base64
import errno
import ipaddress
import json
import os
import re
import socket
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import patch
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import config, mute_logger

from odoo.addons.iap.tools import iap_tools

from ..models import ir_actions_report
from .common import DecisionCommon

# The requests library's own send, before Odoo's test case replaces it.
SEND = requests.Session.send
XMLID = "safeguarding_info_sharing."
CRONS = (
    "ir_cron_flag_overdue_signoffs",
    "ir_cron_retention_review",
    "ir_cron_consent_reminders",
    "ir_cron_agreement_reviews",
)
# What wkhtmltopdf fetches while printing: images, scripts, stylesheets and what a
# stylesheet imports (a link in the PDF is not fetched).
FETCHED = re.compile(
    r"""<(?:img|script|iframe|source)\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']"""
    r"""|<link\b[^>]*?\bhref\s*=\s*["']([^"']+)["']"""
    r"""|url\(\s*["']?([^"')\s]+)"""
    r"""|@import\s+["']([^"']+)["']""",
    re.IGNORECASE,
)


def is_local(host):
    """Whether ``host`` is this machine or the database's."""
    if host in ("localhost", config["db_host"] or "localhost"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


class ConnectionWatcher:
    """Every connection the server process attempts (``socket.connect`` and
    ``connect_ex``, through which ``socket.create_connection``, ``http.client``,
    urllib3, requests, smtplib and ssl all go) and every name it looks up, and
    every program it starts (wkhtmltopdf's web pages read as it is given them)."""

    def __init__(self, refuse_outside=False):
        # refuse_outside: an attempt beyond this machine is seen and refused on the
        # spot (nothing is sent, nor a name looked up), as a network without a route
        # out would; for the tests that prove a path would leave.
        self.refuse_outside = refuse_outside
        self.attempts = []
        self.lookups = []
        self.programs = []
        self.commands = []
        self.pages = []

    @contextmanager
    def watching(self):
        watcher = self
        connect, connect_ex = socket.socket.connect, socket.socket.connect_ex
        getaddrinfo = socket.getaddrinfo
        popen = subprocess.Popen

        def refused(address):
            return (
                watcher.refuse_outside
                and isinstance(address, tuple)
                and not is_local(str(address[0]))
            )

        def watched_connect(sock, address):
            watcher.attempts.append(address)
            if refused(address):
                raise ConnectionRefusedError(errno.ECONNREFUSED, "refused by the test")
            return connect(sock, address)

        def watched_connect_ex(sock, address):
            watcher.attempts.append(address)
            if refused(address):
                return errno.ECONNREFUSED
            return connect_ex(sock, address)

        def watched_getaddrinfo(host, *args, **kwargs):
            watcher.lookups.append(host)
            name = host.decode() if isinstance(host, bytes) else host
            if name is not None and refused((name,)):
                raise socket.gaierror(socket.EAI_NONAME, "refused by the test")
            return getaddrinfo(host, *args, **kwargs)

        class WatchedPopen(popen):
            def __init__(self, args, *more, **kwargs):
                command = [args] if isinstance(args, str | bytes) else list(args)
                watcher.programs.append(Path(str(command[0])).name)
                watcher.commands.append([str(arg) for arg in command])
                for arg in command[1:]:
                    path = Path(str(arg))
                    if path.suffix == ".html" and path.is_file():
                        watcher.pages.append(path.read_text())
                super().__init__(args, *more, **kwargs)

        with (
            patch.object(socket.socket, "connect", watched_connect),
            patch.object(socket.socket, "connect_ex", watched_connect_ex),
            patch.object(socket, "getaddrinfo", watched_getaddrinfo),
            patch.object(subprocess, "Popen", WatchedPopen),
        ):
            yield self

    def outside(self):
        """The connections attempted, and names looked up, beyond this machine."""
        found = []
        for address in self.attempts:
            # A Unix socket's address is a path, on this machine.
            if isinstance(address, tuple) and not is_local(str(address[0])):
                found.append(address)
        for host in self.lookups:
            name = host.decode() if isinstance(host, bytes) else host
            if name is not None and not is_local(name):
                found.append(name)
        return found


class ProxyListener:
    """Stands where wkhtmltopdf is told its proxy is, on this machine: records the
    first line of each request it is sent, and answers none of them."""

    def __init__(self):
        self.requests = []
        self.errors = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        while not self.stopped.is_set():
            try:
                conn, _address = self.sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    first = conn.recv(4096).split(b"\r\n", 1)[0]
                    self.requests.append(first.decode("latin-1"))
                    conn.sendall(b"HTTP/1.0 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                except OSError as error:
                    # The request was seen (or not): wkhtmltopdf gave up.
                    self.errors.append(error)

    @contextmanager
    def listening(self):
        self.thread.start()
        try:
            with patch.object(ir_actions_report, "NO_PROXY", self.url):
                yield self
        finally:
            self.stopped.set()
            self.thread.join()
            self.sock.close()


class RequestsToTheWatcher:
    """Odoo's test case stops every request of the requests library to another host
    before it opens a connection (logged at INFO): here they go on to the socket, as
    in production, where the watcher sees them."""

    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        return SEND(session, request, **kwargs)

    def watched(self):
        """A watcher refusing what goes out, and the environment's proxies set
        aside (a proxy would hide where a request goes), to enter together."""
        proxies = {name: "" for name in os.environ if name.lower().endswith("_proxy")}
        return ConnectionWatcher(refuse_outside=True), patch.dict(os.environ, proxies)

    def post_json(self, user, route, params):
        """The JSON answer of ``route`` posted as ``user`` (password: the login;
        None: not signed in)."""
        self.authenticate(user and user.login, user and user.login)
        with mute_logger("odoo.http"):
            response = self.url_open(
                route,
                data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
                headers={"Content-Type": "application/json"},
            )
        return response.json()


@tagged("post_install", "-at_install")
class TestNoOutgoingConnection(RequestsToTheWatcher, HttpCase, DecisionCommon):
    def test_the_watcher_sees_an_outside_connection(self):
        """The proof below can fail: an attempt to a TEST-NET address is seen."""
        watcher = ConnectionWatcher()
        with watcher.watching():
            with socket.socket() as sock:
                sock.settimeout(0.01)
                sock.connect_ex(("192.0.2.1", 9))
            with self.assertRaises(OSError):
                # Nothing there: it times out, or the network is unreachable.
                socket.create_connection(("192.0.2.1", 9), timeout=0.01).close()
            with socket.socket() as sock:
                sock.settimeout(0.01)
                sock.connect_ex(("127.0.0.1", 9))
        # The second also looks the address up.
        self.assertEqual(
            watcher.outside(), [("192.0.2.1", 9), ("192.0.2.1", 9), "192.0.2.1"]
        )

    def test_the_watcher_sees_a_request_of_the_requests_library(self):
        """Odoo's test case would stop it before any socket: it reaches the watcher,
        which refuses it at its name lookup."""
        watcher = ConnectionWatcher(refuse_outside=True)
        with watcher.watching(), self.assertRaises(requests.ConnectionError):
            requests.get("http://192.0.2.1:9/", timeout=1)
        self.assertEqual(watcher.outside(), ["192.0.2.1"])

    def test_wkhtmltopdf_fetches_nothing_from_outside(self):
        """What a printed page would fetch from elsewhere goes to the proxy on this
        machine (here, a listener of the test's own): it never leaves it."""
        report = self.env["ir.actions.report"]
        local = report._get_report_url() + "/web/static/img/logo.png"
        outside = "http://192.0.2.1/pixel.png"
        # Printed as the addon's records are (Debian's wkhtmltopdf warns about
        # switches of Odoo's default paper format).
        official = XMLID + "report_decision_record"
        proxy = ProxyListener()
        with proxy.listening():
            without_local = report._run_wkhtmltopdf(
                [f'<html><body><p>Test</p><img src="{outside}"/></body></html>'],
                report_ref=official,
            )
            both = f'<img src="{outside}"/><img src="{local}"/>'
            with_local = report._run_wkhtmltopdf(
                [f"<html><body><p>Test</p>{both}</body></html>"],
                report_ref=official,
            )
        self.assertEqual((without_local[:5], with_local[:5]), (b"%PDF-", b"%PDF-"))
        self.assertEqual(proxy.requests, [f"GET {outside} HTTP/1.1"] * 2)
        # This server's own image was fetched, straight from it: it is printed
        # (the outside one is drawn as wkhtmltopdf's missing-image sign; the logo
        # adds its image and its transparency mask).
        self.assertGreater(
            with_local.count(b"/Subtype /Image"),
            without_local.count(b"/Subtype /Image"),
        )

    def test_recording_printing_and_the_crons_stay_on_the_server(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ("partner_autocomplete", "iap", "snailmail", "sms"))]
        )
        self.assertEqual(
            set(modules.filtered(lambda m: m.state == "installed").mapped("name")),
            {"partner_autocomplete", "iap", "snailmail", "sms"},
            "the proof holds with Odoo's outward modules installed",
        )
        # Any attempt out is seen, and stopped there.
        watcher = ConnectionWatcher(refuse_outside=True)
        proxy = ProxyListener()
        with proxy.listening(), watcher.watching():
            decision = self.new_decision()
            self.record(decision)
            self.env["safeguarding.disclosure"].with_user(self.practitioner).create(
                self.disclosure_vals(
                    decision, description="The bruising on the left arm."
                )
            )
            content, kind = (
                self.env["ir.actions.report"]
                .with_user(self.practitioner)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(
                    XMLID + "safeguarding_decision_record_report", decision.ids
                )
            )
            for xmlid in CRONS:
                self.env.ref(XMLID + xmlid).method_direct_trigger()
            self.env.flush_all()
        self.assertEqual(decision.state, "recorded")
        self.assertEqual((kind, content[:5]), ("pdf", b"%PDF-"))
        self.assertEqual(watcher.outside(), [])
        # wkhtmltopdf is a program of its own: it was given pages that fetch
        # nothing but from this server, and told to send anything else to the
        # proxy that is not there (Odoo's report stylesheet names web fonts on
        # fonts.odoocdn.com): whatever it asked of the proxy did not leave.
        wkhtmltopdf = [cmd for cmd in watcher.commands if "wkhtmltopdf" in cmd[0]]
        self.assertTrue(wkhtmltopdf)
        for command in wkhtmltopdf:
            self.assertIn(
                f"--proxy {proxy.url} --proxy-hostname-lookup", " ".join(command)
            )
        for request in proxy.requests:
            with self.subTest(request=request):
                host = urlsplit(request.split()[1]).hostname or request.split()[1]
                self.assertFalse(is_local(host.rsplit(":", 1)[0]), request)
        self.assertTrue(watcher.pages)
        fetched = {
            next(group for group in match.groups() if group)
            for page in watcher.pages
            for match in FETCHED.finditer(page)
        }
        self.assertTrue(any("/web/assets/" in url for url in fetched), fetched)
        for url in fetched:
            with self.subTest(url=url):
                parts = urlsplit(url)
                self.assertIn(parts.scheme, ("", "http", "https", "data"))
                if parts.scheme in ("http", "https") or url.startswith("//"):
                    self.assertTrue(is_local(parts.hostname), url)


# What Odoo's IAP client reads of the current thread: a thread outside a test.
PRODUCTION_THREADS = SimpleNamespace(current_thread=SimpleNamespace)
AI_ROUTES = ("/html_editor/generate_text", "/web_editor/generate_text")
AI_REFUSED = (
    "AI text generation is not available to safeguarding staff: what is typed would "
    "be sent to Odoo's AI service, outside this server. Write the text yourself."
)
# The address of Odoo's AI service, unless an administrator sets another.
AI_SERVICE = "olg.api.odoo.com"


@tagged("post_install", "-at_install")
class TestNoAiTextGeneration(RequestsToTheWatcher, HttpCase, DecisionCommon):
    """Odoo's editor offers AI text generation, which sends what is typed to Odoo's
    AI service: never to whoever holds a safeguarding role, neither in the editor
    nor on the server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case.summary = "<p>Bruising seen at school.</p>"
        cls.no_role = new_test_user(cls.env, "t_no_role", name="Noel No Role")
        cls.admin = cls.env.ref("base.user_admin")

    def ask_ai(self, user, route):
        """What ``route`` answers ``user``, and the connections it attempted (refused
        on the spot, with the environment's proxies set aside)."""
        watcher, proxies = self.watched()
        with (
            proxies,
            # Odoo's IAP client calls nobody in a test: here it calls as it does in
            # production, into the watcher.
            patch.object(iap_tools, "threading", PRODUCTION_THREADS),
            # It logs the refused connection as an ERROR.
            mute_logger(iap_tools.__name__),
            watcher.watching(),
        ):
            answer = self.post_json(
                user,
                route,
                {
                    "prompt": "Write to the family: Test Child has bruising.",
                    "conversation_history": [],
                },
            )
        return answer, watcher.outside()

    def test_the_editor_offers_no_ai_on_a_case_nor_in_its_composer(self):
        self.start_tour(
            f"/odoo/safeguarding.case/{self.case.id}",
            "safeguarding_no_ai_text_tour",
            login=self.practitioner.login,
        )
        self.assertEqual(self.case.summary, "<p>Bruising seen at school.</p>")

    def test_the_server_refuses_ai_text_to_every_safeguarding_role(self):
        users = (self.practitioner, self.lead, self.manager, self.sg_admin, self.admin)
        for user in users:
            for route in AI_ROUTES:
                with self.subTest(user=user.login, route=route):
                    answer, outside = self.ask_ai(user, route)
                    error = answer["error"]["data"]
                    self.assertEqual(
                        (error["name"], error["message"]),
                        ("odoo.exceptions.AccessError", AI_REFUSED),
                    )
                    self.assertEqual(outside, [])
            with self.subTest(user=user.login, what="the web client's session"):
                info = self.post_json(user, "/web/session/get_session_info", {})
                self.assertIs(info["result"]["safeguarding_ai_refused"], True)

    def test_without_a_role_the_ai_path_leaves_the_server(self):
        """The proof above can fail: to a user with no safeguarding role, the route
        goes to Odoo's AI service (here refused on the spot), and the web client
        offers the command."""
        for route in AI_ROUTES:
            with self.subTest(route=route):
                answer, outside = self.ask_ai(self.no_role, route)
                error = answer["error"]["data"]
                self.assertEqual(
                    (error["name"], error["message"]),
                    (
                        "odoo.exceptions.AccessError",
                        "Oops, it looks like our AI is unreachable!",
                    ),
                )
                self.assertEqual(outside, [AI_SERVICE])
        info = self.post_json(self.no_role, "/web/session/get_session_info", {})
        self.assertIs(info["result"]["safeguarding_ai_refused"], False)


@tagged("post_install", "-at_install")
class TestNothingElseLeaves(RequestsToTheWatcher, HttpCase, DecisionCommon):
    """What Odoo would send outside on its own while a practitioner works: a
    contact's e-mail to Gravatar, the page of a link pasted in an editor or written
    in a message fetched to preview it, a message's text to a browser's push
    service. Each path is tried from outside, with every attempt beyond this machine
    seen and refused on the spot; a browser's push registration, which would keep
    its push service's address here, stores nothing."""

    def test_no_gravatar_for_a_contact_s_e_mail(self):
        """The contact form asks for a picture as an e-mail is typed (its
        onchange, with the form's gravatar_image key): nothing is asked of
        Gravatar, no picture is set."""
        spec = {"name": {}, "email": {}, "image_1920": {}}
        watcher, proxies = self.watched()
        with proxies, watcher.watching():
            answer = self.post_json(
                self.practitioner,
                "/web/dataset/call_kw/res.partner/onchange",
                {
                    "model": "res.partner",
                    "method": "onchange",
                    "args": [
                        [],
                        {
                            "name": "Mum",
                            "email": "mum@example.com",
                            "image_1920": False,
                        },
                        ["email"],
                        spec,
                    ],
                    "kwargs": {"context": {"gravatar_image": True}},
                },
            )
        self.assertNotIn("error", answer)
        self.assertNotIn("image_1920", answer["result"].get("value", {}))
        self.assertEqual(watcher.outside(), [])

    def test_no_page_is_fetched_to_preview_a_pasted_link(self):
        """The editor asks the server for a preview of a link pasted into an HTML
        field (its route answers visitors who are not signed in too): no page is
        fetched, the editor shows the link as it is."""
        link = "http://192.0.2.1/about-the-family"
        for user in (self.practitioner, None):
            with self.subTest(user=user and user.login):
                watcher, proxies = self.watched()
                with proxies, watcher.watching():
                    answer = self.post_json(
                        user,
                        "/html_editor/link_preview_external",
                        {"preview_url": link},
                    )
                self.assertEqual(watcher.outside(), [])
                self.assertIs(answer["result"], False)

    def test_no_message_goes_to_a_browser_s_push_service(self):
        """A practitioner who allowed Odoo's notifications in their browser (a push
        device registered, the database's VAPID keys made) is sent nothing through
        the push service: not a message on their case, not a direct message."""
        private = ec.generate_private_key(ec.SECP256R1())
        public = private.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )

        def b64(data):
            return base64.urlsafe_b64encode(data).decode().rstrip("=")

        self.env["mail.push.device"].sudo().get_web_push_vapid_public_key()
        self.env["mail.push.device"].sudo().create(
            {
                "partner_id": self.practitioner.partner_id.id,
                "endpoint": "https://192.0.2.1/push/practitioner",
                "keys": json.dumps(
                    {"p256dh": b64(public), "auth": b64(os.urandom(16))}
                ),
            }
        )
        self.case.message_subscribe(self.practitioner.partner_id.ids)
        chat = (
            self.env["discuss.channel"]
            .with_user(self.lead)
            .channel_get(partners_to=self.practitioner.partner_id.ids)
        )
        watcher, proxies = self.watched()
        with (
            proxies,
            watcher.watching(),
            mute_logger("odoo.addons.mail.models.mail_thread"),
        ):
            self.case.with_user(self.lead).message_post(
                body="The bruising was seen again today.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=self.practitioner.partner_id.ids,
            )
            chat.with_user(self.lead).message_post(
                body="Can we talk about Test Child?",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            self.env.flush_all()
        self.assertEqual(watcher.outside(), [])
        self.assertEqual(self.env["mail.push"].sudo().search_count([]), 0)

    def message_with_a_link(self, model, res_id, link):
        """The chatter's route, as the practitioner: a message with ``link`` on the
        record, and the message made."""
        answer = self.post_json(
            self.practitioner,
            "/mail/message/post",
            {
                "thread_model": model,
                "thread_id": res_id,
                "post_data": {
                    "body": f'<p>The school\'s note: <a href="{link}">{link}</a></p>',
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.assertNotIn("error", answer)
        return self.env["mail.message"].search(
            [("model", "=", model), ("res_id", "=", res_id)], order="id desc", limit=1
        )

    def test_no_page_is_fetched_to_preview_a_link_in_a_message(self):
        """A practitioner posts a message with a link, on their case and in a
        direct chat, and the web client asks for its preview (the message's author
        may): no page is fetched, no preview is stored, and the web client is told
        that there are no previews to ask for."""
        link = "https://192.0.2.1/school/note-about-the-family"
        chat = (
            self.env["discuss.channel"]
            .with_user(self.practitioner)
            .channel_get(partners_to=self.lead.partner_id.ids)
        )
        for model, res_id in (
            ("safeguarding.case", self.case.id),
            ("discuss.channel", chat.id),
        ):
            with self.subTest(model=model):
                watcher, proxies = self.watched()
                with proxies, watcher.watching():
                    message = self.message_with_a_link(model, res_id, link)
                    answer = self.post_json(
                        self.practitioner,
                        "/mail/link_preview",
                        {"message_id": message.id},
                    )
                self.assertIn(link, message.body)
                self.assertEqual(watcher.outside(), [])
                self.assertEqual(answer, {"jsonrpc": "2.0", "id": None})
                self.assertFalse(message.sudo().link_preview_ids)
        self.assertEqual(self.env["mail.link.preview"].sudo().search_count([]), 0)
        info = self.post_json(self.practitioner, "/web/session/get_session_info", {})
        self.assertIs(
            info["result"]["storeData"]["Store"]["hasLinkPreviewFeature"], False
        )

    def test_no_browser_is_registered_for_push(self):
        """A web client (or its service worker) registering its browser's push
        subscription, with the database's VAPID key, stores no endpoint, a new one
        or one re-pointed from a device stored before: a push service's address
        kept here is one a later configuration could send to."""
        key = self.env["mail.push.device"].sudo().get_web_push_vapid_public_key()
        earlier = (
            self.env["mail.push.device"]
            .sudo()
            .create(
                {
                    "partner_id": self.lead.partner_id.id,
                    "endpoint": "https://192.0.2.1/push/lead",
                    "keys": json.dumps({"p256dh": "lead-key", "auth": "lead-auth"}),
                }
            )
        )
        self.env.flush_all()
        subscription = {
            "endpoint": "https://192.0.2.1/push/browser",
            "expirationTime": None,
            "keys": {"p256dh": "browser-key", "auth": "browser-auth"},
            "vapid_public_key": key,
        }
        admin = self.env.ref("base.user_admin")
        for user in (self.practitioner, self.lead, admin):
            for previous in ({"previousEndpoint": "https://192.0.2.1/push/lead"}, {}):
                with self.subTest(user=user.login, previous=previous):
                    answer = self.post_json(
                        user,
                        "/web/dataset/call_kw/mail.push.device/register_devices",
                        {
                            "model": "mail.push.device",
                            "method": "register_devices",
                            "args": [],
                            "kwargs": {**subscription, **previous},
                        },
                    )
                    # Answered with nothing (no result, no error).
                    self.assertEqual(answer, {"jsonrpc": "2.0", "id": None})
                    self.env.invalidate_all()
                    devices = self.env["mail.push.device"].sudo().search([])
                    self.assertEqual(devices, earlier)
                    self.assertEqual(
                        (earlier.partner_id, earlier.endpoint, earlier.keys),
                        (
                            self.lead.partner_id,
                            "https://192.0.2.1/push/lead",
                            json.dumps({"p256dh": "lead-key", "auth": "lead-auth"}),
                        ),
                    )
        # Those stored before the addon was installed are forgotten as it is
        # installed or upgraded (data/mail_push_device_data.xml).
        self.env["mail.push.device"]._forget_devices()
        self.assertFalse(self.env["mail.push.device"].sudo().search([]))
