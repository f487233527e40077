from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from .middleware import current_membership
from .selectors import customer_for_user


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class HomeView(View):
    """Sends each kind of user to their own home."""

    def get(self, request):
        user = request.user
        if not user.is_authenticated:
            return redirect(reverse("accounts:login"))
        if current_membership(request) is not None:
            return redirect("inquiries:dashboard")
        if customer_for_user(user) is not None:
            return redirect("inquiries:my_list")
        if user.is_staff:
            return redirect("admin:index")
        return redirect(reverse("accounts:login"))
