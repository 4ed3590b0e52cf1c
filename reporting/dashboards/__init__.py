"""The indicator dashboards (DESIGN.md §6): the nation, a province, an authority
and a university, each reading only the figures layer (reporting/figures.py and
reporting/figures_series.py). One module per concern: scopes (who sees what),
data (what is read), overview / trends / rankings (the tables), paths (targets and
on-track status), cells (how a figure reads), tables (the table that the page, the
chart and the CSV / XLSX downloads share), views and urls. The completeness of a period (completeness.py) and the China
view (china.py, tiles.py) read reporting/figures_completeness.py and share
download.py."""
