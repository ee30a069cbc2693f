"""Pages of the liaison app: public (no account) in ``public.py``, staff, keepers and units in ``staff.py``."""
