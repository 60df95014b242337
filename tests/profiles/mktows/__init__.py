"""Tests of profiles/mktows."""
