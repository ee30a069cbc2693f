"""The voting load benchmark's helpers (``bench/voting_load.py``): a vote owner and its settings."""
