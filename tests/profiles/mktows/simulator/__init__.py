"""Tests of profiles/mktows/simulator."""
