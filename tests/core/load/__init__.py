"""Tests of core/load."""
