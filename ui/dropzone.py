"""A repair to Streamlit's file drop zone for assistive technology.

Streamlit draws the drop zone as a section with role "presentation" that also carries an
accessible name (``aria-label``), which contradicts itself: axe reports
"presentation-role-conflict" and screen readers may drop the name. The zone is a group of
controls (the browse button and the drop area) named after the upload, so it is given the role
"group" whenever Streamlit draws one.
"""

from __future__ import annotations

import streamlit as st

_REPAIR = """
export default function () {
  const repair = () => document.querySelectorAll('[data-testid="stFileUploaderDropzone"][role="presentation"]')
    .forEach(zone => zone.setAttribute("role", "group"));
  const observer = new MutationObserver(repair);
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["role"] });
  repair();
  return () => observer.disconnect();
}
"""
_repairer = st.components.v2.component("drop_zone_role", js=_REPAIR)


def repair_drop_zones() -> None:
    """Mount the repair (on a page that holds a file uploader)."""
    _repairer(key="drop_zone_role")
