from __future__ import annotations

from django.urls import path

from . import views

app_name = "institutions"
urlpatterns = [
    path("", views.university_list, name="university-list"),
    path("<int:pk>/", views.university_detail, name="university-detail"),
]
