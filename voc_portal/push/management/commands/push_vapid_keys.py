"""`manage.py push_vapid_keys`: a new VAPID key pair for VOC_PUSH_VAPID_PRIVATE_KEY."""

from django.core.management.base import BaseCommand

from ...vapid import generate_private_key_b64, private_key_from_b64, public_key_b64


class Command(BaseCommand):
    help = "Print a new VAPID key pair (set VOC_PUSH_VAPID_PRIVATE_KEY to the private one)."

    def handle(self, *args, **options):
        private = generate_private_key_b64()
        public = public_key_b64(private_key_from_b64(private))
        self.stdout.write(f"VOC_PUSH_VAPID_PRIVATE_KEY={private}")
        # Derived from the private key at start-up; printed so it can be checked by eye.
        self.stdout.write(f"# public key (GET /api/v1/push/key/): {public}")
