app_name = "inspections-api"
urlpatterns: list = []
