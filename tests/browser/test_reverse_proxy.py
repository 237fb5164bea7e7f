"""The dashboard behind nginx with deploy/nginx.conf, over HTTPS, every page opened in Chromium with
no content security policy violation.

The configuration is the committed file with only its addresses replaced (loopback ports instead of
80 and 443, this test's upstream port instead of 8501) and a throwaway self-signed certificate
made here; each replacement must match exactly once, so the file cannot drift from what is tested.
Sign-in is on (the local OpenID Connect provider, redirected back through nginx), so the pages
only signed-in people see are opened too: the Welcome page for a visitor, No access for a stranger,
Self-assessment for a member while a round is open, and every page in an office member's navigation.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import os
import secrets
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from survey.assessment import Assessments
from survey.framework import load_framework
from survey.store import SurveyStore
from tests.browser.conftest import _free_port, running_dashboard, sign_in, wait_for, wait_until_settled
from tests.conftest import ROOT, copy_demo_store

OFFICE, MEMBER, STRANGER = "director@office.example", "ann.lee@camden.gov.uk", "someone@elsewhere.example"
ACCESS = f"""office: [{OFFICE}]
members:
  "@camden.gov.uk": E09000007
public: false
"""
CSP_VIOLATION = """() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber}`));
}"""


def _nginx() -> Path:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("nginx is not installed (apt-get install nginx) but REQUIRE_BROWSER=1")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    return Path(found)


def _self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that lives a day, and its key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .sign(key, hashes.SHA256()))
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return folder / "cert.pem", folder / "key.pem"


def proxy_configuration(upstream_port: int, http_port: int, https_port: int, certificate: Path, key: Path) -> str:
    """deploy/nginx.conf with its addresses and certificate replaced, each exactly once."""
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    live = "/etc/letsencrypt/live/benchmark.example.gov.uk"
    for old, new in {"listen 80;": f"listen 127.0.0.1:{http_port};", "listen [::]:80;": "",
                     "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;", "listen [::]:443 ssl;": "",
                     f"{live}/fullchain.pem": str(certificate), f"{live}/privkey.pem": str(key),
                     "server 127.0.0.1:8501;": f"server 127.0.0.1:{upstream_port};"}.items():
        assert text.count(old) == 1, f"deploy/nginx.conf no longer has {old!r} once"
        text = text.replace(old, new)
    return text


def _listening(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


@contextlib.contextmanager
def nginx_in_front(folder: Path, upstream_port: int, https_port: int):
    """nginx on loopback ports with deploy/nginx.conf in front of the dashboard; yields the HTTP port."""
    http_port = _free_port()
    certificate, key = _self_signed_certificate(folder)
    (folder / "benchmark.conf").write_text(
        proxy_configuration(upstream_port, http_port, https_port, certificate, key), encoding="utf-8")
    temporary = " ".join(f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (folder / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {folder / 'nginx.pid'};\nevents {{ worker_connections 256; }}\n"
        f"http {{\n    access_log {folder / 'access.log'};\n    {temporary}\n    include {folder / 'benchmark.conf'};\n}}\n",
        encoding="utf-8")
    command = [str(_nginx()), "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: _listening(https_port), 20, f"nginx did not start within 20 s (log: {folder / 'error.log'})")
        yield http_port
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory, chromium_path, identity_provider, demo_store_file):
    """The dashboard with sign-in on and a round open for answers, behind nginx; yields (HTTPS URL, HTTP URL)."""
    folder = tmp_path_factory.mktemp("proxy")
    url = copy_demo_store(demo_store_file, f"sqlite:///{folder / 'store.sqlite'}")
    store = SurveyStore(url)
    Assessments(store).open_round("2026", closes=datetime.date.today() + datetime.timedelta(days=30),
                                  framework=load_framework(), actor=OFFICE)
    store.engine.dispose()
    (folder / "access.yaml").write_text(ACCESS, encoding="utf-8")
    https_port = _free_port()
    public = f"https://127.0.0.1:{https_port}"

    def write_secrets(_dashboard: str) -> None:
        """Sign-in returns through nginx, to the address people use."""
        (folder / "secrets.toml").write_text(
            f'[auth]\nredirect_uri = "{public}/oauth2callback"\ncookie_secret = "{secrets.token_hex(16)}"\n'
            'client_id = "london-dashboard"\nclient_secret = "test-only-secret"\n'
            f'server_metadata_url = "{identity_provider}/.well-known/openid-configuration"\n', encoding="utf-8")

    env = {"DATABASE_URL": url, "SURVEY_ACCESS_FILE": str(folder / "access.yaml")}
    with running_dashboard(env, folder / "streamlit.log", "--secrets.files", str(folder / "secrets.toml"),
                           before_start=write_secrets) as dashboard, \
            nginx_in_front(folder, int(dashboard.rsplit(":", 1)[1]), https_port) as http_port:
        yield public, f"http://127.0.0.1:{http_port}"


def _new_page(browser):
    """A browser context that accepts the throwaway certificate and records every CSP violation: those its
    frames report as events, and those Chromium writes to the console."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, ignore_https_errors=True)
    context.add_init_script(f"({CSP_VIOLATION})()")
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None)
    return context, page, console


def _violations(page, console: list[str]) -> list[str]:
    return [v for frame in page.frames for v in (frame.evaluate("window.__cspViolations || []") or [])] + console


def _every_page(page) -> list[str]:
    """Open each page in the navigation in turn; the pages' titles."""
    links = page.locator("[data-testid='stSidebarNav'] a")
    expect(links.first).to_be_visible(timeout=60_000)
    titles = []
    for n in range(links.count()):
        titles.append(links.nth(n).inner_text().splitlines()[-1])  # after the icon's name
        links.nth(n).click()
        wait_until_settled(page)
        page.wait_for_timeout(300)  # a component drawn after the run settles (the map)
    return titles


def test_the_proxy_sends_plain_http_to_https_and_sets_the_security_headers(behind_nginx):
    public, plain = behind_nginx

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    with pytest.raises(urllib.error.HTTPError) as moved:
        urllib.request.build_opener(NoRedirect).open(plain + "/borough?borough=camden", timeout=10)
    assert moved.value.code == 301
    assert moved.value.headers["Location"] == "https://127.0.0.1/borough?borough=camden"


def test_every_page_passes_the_content_security_policy(behind_nginx, browser):
    public, _ = behind_nginx
    seen = {}
    for who in (None, STRANGER, MEMBER, OFFICE):
        context, page, console = _new_page(browser)
        response = page.goto(public)
        headers = response.headers
        assert headers["strict-transport-security"] == "max-age=63072000; includeSubDomains"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        if who is None:
            expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=60_000)
            wait_until_settled(page)
            seen["visitor"] = ["Welcome"]
        else:
            sign_in(page, public, who)
            if who == STRANGER:
                expect(page.get_by_role("heading", name="You do not have access yet")).to_be_visible()
                seen[who] = ["No access"]
            else:
                seen[who] = _every_page(page)
        assert _violations(page, console) == [], who
        context.close()
    assert "Self-assessment" in seen[MEMBER]
    assert {"Overview", "Upload data", "Collect answers", "Method & data"} <= set(seen[OFFICE])
