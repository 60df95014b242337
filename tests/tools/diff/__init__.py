"""Tests of tools/diff."""
