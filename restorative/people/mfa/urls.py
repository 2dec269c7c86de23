from django.urls import path

from . import views

app_name = "mfa"

urlpatterns = [
    path("sign-in/second-factor/", views.verify, name="verify"),
    path("sign-in/second-factor/set-up/", views.set_up, name="set_up"),
    path("account/second-factor/", views.manage, name="manage"),
    path("account/second-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
