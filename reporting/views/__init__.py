"""Reporting views, split by feature: form, periods, reports."""
