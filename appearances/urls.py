"""Public addresses of the appearances app."""

app_name = "appearances"

urlpatterns = []
