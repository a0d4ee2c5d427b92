"""Public addresses of the citations app."""

app_name = "citations"

urlpatterns = []
