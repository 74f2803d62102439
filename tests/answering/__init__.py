"""Tests of qa/answering/; the shared fixtures are in tests/conftest.py."""
