"""Tests of qa/stores/; the shared fixtures are in tests/conftest.py."""
