"""The dashboards: pages that read the figures layer (reporting/figures.py and its
sibling modules) and show its tables, charts and downloads."""
