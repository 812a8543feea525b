"""Webhook subscriptions in the admin: staff given the permission manage them and read
the delivery log, which is pruned of old finished deliveries; the secret is made by
the server, shown to them and replaceable; editors, clinical reviewers and moderators
see none of it."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from webhooks.models import DeliveryAttempt, WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db

ADD = "/admin/webhook_subscriptions/new/"
LISTING = "/admin/webhook_subscriptions/"
LOG = "/admin/webhook_log/"


def edit_url(subscription):
    return f"/admin/webhook_subscriptions/edit/{subscription.pk}/"


def form(**fields):
    return {
        "name": "Partner app",
        "url": "https://partner.example/hooks",
        "events": ["page.published", "page.deleted"],
        "is_active": "on",
        **fields,
    }


@pytest.fixture
def webhook_manager(client, django_user_model):
    """Staff, not superuser, in a group given the subscription permissions."""
    group = Group.objects.create(name="Webhook managers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="webhooks", codename__endswith="subscription"
        ),
    )
    user = django_user_model.objects.create_user("integrations", password="x", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    return client


def secret_shown(response):
    """The secret as the edit page shows it (a read-only field)."""
    page = BeautifulSoup(response.content, "html.parser")
    return [
        subscription.secret
        for subscription in WebhookSubscription.objects.all()
        if subscription.secret in page.get_text()
    ]


def test_staff_with_the_permission_add_a_subscription_and_see_its_secret(webhook_manager):
    assert b"Webhooks" in webhook_manager.get("/admin/").content
    assert webhook_manager.get(ADD).status_code == 200
    response = webhook_manager.post(ADD, form(secret="typed-by-hand"))
    assert response.status_code == 302

    subscription = WebhookSubscription.objects.get()
    assert subscription.events == ["page.published", "page.deleted"]
    assert len(subscription.secret) >= 40 and subscription.secret != "typed-by-hand"
    assert secret_shown(webhook_manager.get(edit_url(subscription))) == [subscription.secret]
    assert subscription.secret not in webhook_manager.get(LISTING).content.decode()


def test_replacing_the_secret_makes_a_new_one_and_editing_keeps_it(webhook_manager):
    webhook_manager.post(ADD, form())
    subscription = WebhookSubscription.objects.get()
    first = subscription.secret

    webhook_manager.post(edit_url(subscription), form(name="Renamed"))
    subscription.refresh_from_db()
    assert (subscription.name, subscription.secret) == ("Renamed", first)

    webhook_manager.post(edit_url(subscription), form(new_secret="on"))
    subscription.refresh_from_db()
    assert subscription.secret != first and len(subscription.secret) >= 40
    assert secret_shown(webhook_manager.get(edit_url(subscription))) == [subscription.secret]


@pytest.mark.parametrize(
    "url",
    ["ftp://partner.example/hooks", "javascript:alert(1)", "https://user:pw@partner.example/"],
)
def test_target_must_be_an_http_or_https_url(webhook_manager, url):
    response = webhook_manager.post(ADD, form(url=url))
    assert response.status_code == 200
    assert not WebhookSubscription.objects.exists()


def test_plain_http_is_refused_unless_allowed(webhook_manager, settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    response = webhook_manager.post(ADD, form(url="http://partner.example/hooks"))
    assert b"Enter an https:// URL" in response.content
    assert not WebhookSubscription.objects.exists()
    assert webhook_manager.post(ADD, form()).status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hooks",
        "https://localhost:8443/hooks",
        "https://10.0.0.5/hooks",
        "https://192.168.1.20/hooks",
        "https://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
        "https://[::1]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",  # IPv4 loopback, written as IPv6
        "https://[fd00::5]/hooks",
        # IPv4 inside IPv6: NAT64, 6to4, Teredo, IPv4-compatible, ISATAP
        "https://[64:ff9b::7f00:1]/hooks",
        "https://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
        "https://[64:ff9b:1::808:808]/hooks",  # local-use NAT64: refused whatever it holds
        "https://[2002:a00:5::1]/hooks",
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hooks",
        "https://[::127.0.0.1]/hooks",
        "https://[2606:4700::5efe:10.0.0.5]/hooks",
    ],
)
def test_private_addresses_are_refused_unless_allowed(webhook_manager, settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    response = webhook_manager.post(ADD, form(url=url))
    assert b"Enter a public address" in response.content
    assert not WebhookSubscription.objects.exists()

    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    assert webhook_manager.post(ADD, form(url=url)).status_code == 302


@pytest.mark.parametrize(
    "url", ["https://[2606:4700::1111]/hooks", "https://[64:ff9b::808:808]/hooks"]
)
def test_public_addresses_are_accepted_nat64_to_a_public_one_included(
    webhook_manager, settings, url
):
    """On an IPv6-only host, DNS64 answers a partner's IPv4-only name with
    64:ff9b::a.b.c.d: a public IPv4 address inside is a public target."""
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    assert webhook_manager.post(ADD, form(url=url)).status_code == 302


def test_pruning_deletes_old_finished_deliveries_and_keeps_pending_ones():
    subscription = WebhookSubscription.objects.create(name="Partner", url="https://p.example/")
    long_ago = timezone.now() - datetime.timedelta(days=91)
    kept, pruned = [], []
    for status in WebhookDelivery.Status.values:
        for created_at, bucket in ((long_ago, pruned), (timezone.now(), kept)):
            delivery = WebhookDelivery.objects.create(
                subscription=subscription, event_type="page.published", page_id=1, event={}
            )
            delivery.attempts.create(number=1, sent_at=created_at, duration_ms=1)
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                created_at=created_at, status=status
            )
            pending = status == WebhookDelivery.Status.PENDING
            (kept if pending else bucket).append(delivery.pk)

    out = io.StringIO()
    call_command("prune_webhook_log", "--min-age-days=90", stdout=out)

    assert out.getvalue().strip() == "3 deliveries and 3 attempts deleted."
    assert sorted(WebhookDelivery.objects.values_list("pk", flat=True)) == sorted(kept)
    assert DeliveryAttempt.objects.count() == len(kept)
    assert not set(pruned) & set(WebhookDelivery.objects.values_list("pk", flat=True))


def test_the_delivery_log_is_read_only(webhook_manager, admin_client):
    for client in (webhook_manager, admin_client):
        assert client.get(LOG).status_code == 200
        assert client.get(f"{LOG}new/").status_code != 200


@pytest.mark.parametrize("group", ["Editors", "Clinical reviewers", "Moderators"])
def test_editors_and_reviewers_cannot_see_or_manage_webhooks(client, django_user_model, group):
    subscription = WebhookSubscription.objects.create(
        name="Partner", url="https://partner.example/hooks", events=["page.published"]
    )
    user = django_user_model.objects.create_user("someone", password="x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)

    assert client.get("/admin/").status_code == 200
    assert b"Webhooks" not in client.get("/admin/").content
    for url in (LISTING, ADD, edit_url(subscription), LOG):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert subscription.secret not in response.content.decode()
    client.post(ADD, form())
    client.post(edit_url(subscription), form(url="https://attacker.example/"))
    assert list(WebhookSubscription.objects.values_list("url", flat=True)) == [
        "https://partner.example/hooks"
    ]
