"""Factories for test and benchmark data (factory-boy and wagtail-factories are dev-only)."""
