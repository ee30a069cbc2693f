"""Pages of the oversight area `reports` (mounted by ``oversight/urls.py``)."""

urlpatterns: list = []
