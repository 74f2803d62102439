"""Tests of qa/encoders/; the shared fixtures are in tests/conftest.py."""
