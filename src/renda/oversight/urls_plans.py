"""Pages of the oversight area `plans` (mounted by ``oversight/urls.py``)."""

urlpatterns: list = []
