"""Reporting services, split by feature: import each from its module."""
