"""The rate counters and used form nonces move to the core (examportal.formguard, whose tables
are examportal.RateCounter and examportal.UsedNonce): rows still in use are copied there first."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

# How long the hotline kept a used nonce (its longest form life, at least a day).
NONCE_KEPT = timedelta(days=1)


def to_core(apps, schema_editor):
    now = timezone.now()
    core_counter = apps.get_model("examportal", "RateCounter")
    core_counter.objects.bulk_create([
        core_counter(scope=row.scope, subject=row.subject, window_start=row.window_start,
                     expires_at=row.expires_at, count=row.count)
        for row in apps.get_model("hotline", "RateCounter").objects.filter(expires_at__gt=now)
    ], ignore_conflicts=True)
    core_nonce = apps.get_model("examportal", "UsedNonce")
    core_nonce.objects.bulk_create([
        core_nonce(scope=row.scope, nonce=row.nonce, reference=row.reference,
                   created_at=row.created_at, expires_at=row.created_at + NONCE_KEPT)
        for row in apps.get_model("hotline", "UsedNonce").objects.filter(
            created_at__gt=now - NONCE_KEPT)
    ], ignore_conflicts=True)


def from_core(apps, schema_editor):
    counter = apps.get_model("hotline", "RateCounter")
    counter.objects.bulk_create([
        counter(scope=row.scope, subject=row.subject, window_start=row.window_start,
                expires_at=row.expires_at, count=row.count)
        for row in apps.get_model("examportal", "RateCounter").objects.all()
    ], ignore_conflicts=True)
    nonce = apps.get_model("hotline", "UsedNonce")
    nonce.objects.bulk_create([
        nonce(scope=row.scope, nonce=row.nonce, reference=row.reference, created_at=row.created_at)
        for row in apps.get_model("examportal", "UsedNonce").objects.all()
    ], ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("examportal", "0001_form_guard"),
        ("hotline", "0005_limits_proof_nonces"),
    ]

    operations = [
        migrations.RunPython(to_core, from_core),
        migrations.DeleteModel(name="RateCounter"),
        migrations.DeleteModel(name="UsedNonce"),
    ]
