"""Korean names in admin for the sign-in security apps we install (their own configs name
them "Axes", "Otp_Totp" and "Otp_Static", which no gettext reaches). Same labels, same models."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sign-in security")


class OtpTotpConfig(TotpConfig):
    verbose_name = _("Two-factor sign-in: authenticator apps")


class OtpStaticConfig(StaticConfig):
    verbose_name = _("Two-factor sign-in: recovery codes")
