"""Subscribe, confirm, unsubscribe.

The subscribe form needs CSRF, so it is its own page, never cached. The confirm and unsubscribe
pages are reached from a mail: the signed token in the URL is the authority, so their one-button
forms carry no CSRF token (no cookie is set) and a GET never changes anything (mail scanners
that open links confirm or unsubscribe nobody). The unsubscribe URL also takes the mail client's
RFC 8058 one-click POST ("List-Unsubscribe=One-Click").
"""

from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView

from examportal import formguard
from examportal.services import ServiceError

from . import conf, services
from .forms import SubscribeForm

TITLE = "Nhận tin qua thư điện tử"
SUBSCRIBE_SCOPE = "alerts-subscribe"  # the subscribe form's limit and nonces
TYPED_ADDRESS = "typed-address"  # the message that carries the address to the next page


def _crumbs(last):
    return [(TITLE, reverse("alerts:subscribe")), (last, None)]


@method_decorator([never_cache, sensitive_post_parameters("email")], name="dispatch")
class SubscribeView(formguard.GuardedFormView):
    """The subscribe form, through the public-form guard (see examportal.formguard)."""

    template_name = "alerts/subscribe.html"
    form_class = SubscribeForm
    success_url = reverse_lazy("alerts:subscribe-done")
    refusals = (ServiceError,)
    extra_context = {"breadcrumbs": [(TITLE, None)]}

    def limit(self):
        """Subscription requests per address and window; the site-wide level refuses too."""
        return formguard.Limit(
            SUBSCRIBE_SCOPE, per_address=conf.get("SUBSCRIBE_LIMIT_PER_IP"),
            window=conf.get("SUBSCRIBE_WINDOW_SECONDS"), site=conf.get("SUBSCRIBE_LIMIT_GLOBAL"),
            address_message="Địa chỉ mạng của bạn đã gửi nhiều yêu cầu đăng ký: tối đa {limit} "
                            "yêu cầu trong {duration}. Vui lòng thử lại sau {minutes} phút.",
            site_message="Có quá nhiều yêu cầu đăng ký trong thời gian ngắn. Vui lòng thử lại sau "
                         "{minutes} phút.")

    def file(self, form):
        return services.subscribe(form.cleaned_data["email"], **form.subscribe_kwargs())

    def form_valid(self, form):
        """The confirmation page repeats the address typed, so a typo shows at once. It travels
        as a one-time message (a cookie the page cache never answers or stores: pagecache's
        private cookies), never in the URL."""
        response = super().form_valid(form)
        if response.status_code == 302:
            messages.info(self.request, form.cleaned_data["email"], extra_tags=TYPED_ADDRESS)
        return response


class SubscribeDoneView(TemplateView):
    template_name = "alerts/subscribe_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = _crumbs("Kiểm tra hộp thư")
        context["email"] = next((message.message for message in messages.get_messages(
            self.request) if TYPED_ADDRESS in message.tags), "")
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["email"]:  # one person's address: no cache keeps it
            add_never_cache_headers(response)
        return response


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class TokenView(View):
    """A page reached from a mail: GET shows one button, POST does the thing."""

    template_name = None
    crumb = ""

    def page(self, request, status=200, **context):
        response = render(request, self.template_name,
                          {"breadcrumbs": _crumbs(self.crumb), "token": self.kwargs["token"], **context},
                          status=status)
        response["X-Robots-Tag"] = "noindex"
        return response


class ConfirmView(TokenView):
    template_name = "alerts/confirm.html"
    crumb = "Xác nhận đăng ký"

    def get(self, request, token):
        subscription = services.read_token(token, services.CONFIRM_SALT,
                                           max_age=conf.get("CONFIRM_MAX_AGE_SECONDS"))
        if subscription is None:
            return self.page(request, status=400, invalid=True)
        choices = subscription.pending_choices or services.current_choices(subscription)
        return self.page(request, choices=services.describe_choices(choices), done=False)

    def post(self, request, token):
        try:
            subscription = services.confirm_subscription(token)
        except ServiceError:
            return self.page(request, status=400, invalid=True)
        return self.page(request, done=True,
                           choices=services.describe_choices(services.current_choices(subscription)))


class UnsubscribeView(TokenView):
    template_name = "alerts/unsubscribe.html"
    crumb = "Hủy nhận tin"

    def get(self, request, token):
        subscription = services.read_token(token, services.UNSUBSCRIBE_SALT)
        if subscription is None:
            return self.page(request, status=404, invalid=True)
        return self.page(request, done=not subscription.is_active and subscription.unsubscribed_at)

    def post(self, request, token):
        subscription = services.unsubscribe(token)
        if subscription is None:
            return self.page(request, status=404, invalid=True)
        return self.page(request, done=True)
