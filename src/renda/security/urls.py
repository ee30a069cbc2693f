"""Sign-in, password and two-factor pages at the site root; the security administrator's pages
under /security/. No app namespace: settings.LOGIN_URL names ``login`` plainly."""

from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/change/", views.password_change, name="password_change"),
    path("2fa/setup/", views.totp_setup, name="totp_setup"),
    path("2fa/verify/", views.totp_verify, name="totp_verify"),
    path("security/", views.admin_home, name="security_home"),
    path("security/policy/", views.policy_edit, name="security_policy"),
    path("security/lockouts/", views.lockouts, name="security_lockouts"),
    path("security/users/", views.user_list, name="security_users"),
    path("security/users/<int:pk>/", views.user_detail, name="security_user"),
    path("security/users/<int:pk>/totp-reset/", views.totp_reset_view, name="security_totp_reset"),
    path(
        "security/memberships/<int:pk>/revoke/",
        views.membership_revoke_view,
        name="security_membership_revoke",
    ),
]
