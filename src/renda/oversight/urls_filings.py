"""Pages of the oversight area `filings` (mounted by ``oversight/urls.py``)."""

urlpatterns: list = []
