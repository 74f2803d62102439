"""Tests of qa/building/; the shared fixtures are in tests/conftest.py."""
