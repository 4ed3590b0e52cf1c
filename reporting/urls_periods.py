from __future__ import annotations

from django.urls import path

from .views import periods

urlpatterns: list = [
    path("periods/", periods.period_list, name="period-list"),
    path("periods/new/", periods.period_create, name="period-create"),
    path("periods/<int:pk>/", periods.period_detail, name="period-detail"),
]
