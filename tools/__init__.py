"""Evaluation and load-testing tools run from a checkout (make eval*, make bench); not installed."""
