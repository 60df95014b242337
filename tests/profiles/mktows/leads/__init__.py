"""Tests of profiles/mktows/leads."""
