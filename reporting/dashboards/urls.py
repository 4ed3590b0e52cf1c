from __future__ import annotations

from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.nation, name="nation"),
    path("province/<str:code>/", views.province, name="province"),
    path("authority/<str:code>/", views.authority, name="authority"),
    path("university/<int:pk>/", views.university, name="university"),
]
