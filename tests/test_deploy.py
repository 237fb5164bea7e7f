"""The reverse proxy's configuration (deploy/nginx.conf) against the Streamlit installed: the pages'
one inline script is allowed by its hash, so an upgrade that changes it fails here, naming the new hash.
The configuration itself is served and every page opened in tests/browser/test_reverse_proxy.py."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import streamlit

from tests.conftest import ROOT


def test_the_content_security_policy_allows_streamlit_s_inline_scripts_by_their_hash():
    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    inline = re.findall(r"<script>(.*?)</script>", index, flags=re.DOTALL)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'" for script in inline}
    policy = re.search(r'add_header Content-Security-Policy "([^"]*)"', (ROOT / "deploy" / "nginx.conf").read_text()).group(1)
    script_sources = next(d for d in policy.split("; ") if d.startswith("script-src ")).split()[1:]
    assert hashes == {s for s in script_sources if s.startswith("'sha256-")}, (
        f"Streamlit {streamlit.__version__}'s inline scripts now hash to {sorted(hashes)}: put these in "
        "deploy/nginx.conf's script-src and docs/deployment.md")
