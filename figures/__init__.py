"""Plotly figure builders shared by the pages and static exports."""
