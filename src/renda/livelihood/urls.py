app_name = "livelihood"

urlpatterns: list = []
