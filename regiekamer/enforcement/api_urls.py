app_name = "enforcement-api"
urlpatterns: list = []
