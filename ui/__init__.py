"""Streamlit glue shared by the entrypoint and the pages: cached loaders, sidebar, components.

Everything here reads, caches and lays out; the numbers come from ``survey/`` and ``models/``.
"""
