from django.urls import path

from . import team_views, two_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("settings/members/", team_views.MembersView.as_view(), name="members"),
    path(
        "invitations/<str:token>/",
        team_views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("settings/two-factor/", two_factor_views.TwoFactorSetupView.as_view(), name="2fa_setup"),
    path("login/code/", two_factor_views.TwoFactorVerifyView.as_view(), name="2fa_verify"),
    path("switch-account/", views.AccountSwitchView.as_view(), name="switch_account"),
]
