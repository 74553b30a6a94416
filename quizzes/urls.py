from django.urls import path

from . import views

app_name = "crystal_quizzes"

urlpatterns = [
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:answer_id>/", views.review_decide, name="review_decide"),
]
