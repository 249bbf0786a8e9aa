from django.urls import path

from komek.accounts.views import manage, profile, signin

app_name = "accounts"

urlpatterns = [
    path("login/", signin.login, name="login"),
    path("login/code/", signin.second_factor, name="second_factor"),
    path("logout/", signin.logout, name="logout"),
    path("enrol/", signin.enrol, name="enrol"),
    path("language/", profile.set_language, name="set_language"),
    path("password/", profile.password_change, name="password_change"),
    path("users/", manage.user_list, name="user_list"),
    path("users/new/", manage.user_create, name="user_create"),
    path("users/<int:pk>/", manage.user_edit, name="user_edit"),
    path("users/<int:pk>/reset-2fa/", manage.user_reset_second_factor, name="user_reset_2fa"),
    path("users/<int:pk>/unlock/", manage.user_unlock, name="user_unlock"),
    path("users/<int:pk>/enrolment-link/", manage.user_enrolment_link, name="user_enrolment_link"),
    path("access-changes/", manage.access_change_list, name="access_change_list"),
    path(
        "access-changes/<int:pk>/decide/",
        manage.access_change_decide,
        name="access_change_decide",
    ),
    path("offices/", manage.office_list, name="office_list"),
    path("offices/new/", manage.office_create, name="office_create"),
    path("offices/<int:pk>/", manage.office_edit, name="office_edit"),
]
