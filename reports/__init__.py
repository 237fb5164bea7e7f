"""Downloadable documents: the borough PDF report and the committee slide pack."""
