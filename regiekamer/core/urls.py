urlpatterns = []
app_name = "core"
