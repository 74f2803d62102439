"""Tests of qa/words/; the shared fixtures are in tests/conftest.py."""
