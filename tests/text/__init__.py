"""Tests of qa/text/; the shared fixtures are in tests/conftest.py."""
