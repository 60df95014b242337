"""Tests of core/cli."""
