from __future__ import annotations

from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator-detail"),
]
