"""Pages of the oversight area `opinions` (mounted by ``oversight/urls.py``)."""

urlpatterns: list = []
