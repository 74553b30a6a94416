from django.urls import path

from . import views

app_name = "crystal_programmes"

urlpatterns = [
    path("", views.my_training, name="my_training"),
]
