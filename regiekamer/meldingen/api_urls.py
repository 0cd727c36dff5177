app_name = "meldingen-api"
urlpatterns: list = []
