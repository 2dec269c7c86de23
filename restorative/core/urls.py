from django.urls import path

from . import account, probes, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("health/", probes.health, name="health"),
    path("ready/", probes.ready, name="ready"),
    path("account/", account.account, name="account"),
    path("account/password/", account.password_change, name="password_change"),
    path("account/api-token/", account.api_token, name="api_token"),
]
