"""A repair to Streamlit's file drop zone for assistive technology.

Streamlit draws the drop zone as a section with role "presentation" that also carries an
accessible name (``aria-label``), which contradicts itself: axe reports
"presentation-role-conflict" and screen readers may drop the name. The zone is a group of
controls (the browse button and the drop area) named after the upload, so it is given the role
"group" whenever Streamlit draws one. Only the file uploaders are watched for that, not the whole
page: a change anywhere else costs nothing.
"""

from __future__ import annotations

import streamlit as st

from ui.streamlit_internals import DROP_ZONE, FILE_UPLOADER

# Called again on each run (the page's uploaders are drawn by then): each uploader not yet watched is
# repaired and watched for Streamlit drawing its zone again. The observers go when the component does.
_REPAIR = """
export default function ({ data, parentElement }) {
  const watched = parentElement.watched || (parentElement.watched = new Map());
  const repair = (uploader) => uploader.querySelectorAll(`${data.zone}[role="presentation"]`)
    .forEach((zone) => zone.setAttribute("role", "group"));
  document.querySelectorAll(data.uploader).forEach((uploader) => {
    if (watched.has(uploader)) return;
    const observer = new MutationObserver(() => repair(uploader));
    observer.observe(uploader, { childList: true, subtree: true, attributes: true, attributeFilter: ["role"] });
    watched.set(uploader, observer);
    repair(uploader);
  });
  return () => {
    watched.forEach((observer) => observer.disconnect());
    watched.clear();
  };
}
"""
_repairer = st.components.v2.component("drop_zone_role", js=_REPAIR)


def repair_drop_zones() -> None:
    """Mount the repair (on a page that holds a file uploader, after it)."""
    _repairer(key="drop_zone_role", data={"uploader": FILE_UPLOADER.selector, "zone": DROP_ZONE.selector})
