"""Benchmarks of the generated code against its peers (issue 9); see README.md here."""
