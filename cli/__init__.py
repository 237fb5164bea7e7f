"""The command line (``python -m survey``): the top layer, beside the pages.

It reads and stores rounds through ``survey/``, scores them with ``models/`` and writes tables
and documents built by ``reports/``.
"""
