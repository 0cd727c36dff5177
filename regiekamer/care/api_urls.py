app_name = "care-api"
urlpatterns: list = []
