"""Documents in and out: Excel reading and writing shared by every import and export."""
