"""Tests of qa_web/ (the page); the shared fixtures are in tests/conftest.py."""
