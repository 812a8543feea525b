"""Create the site tree (home, condition index) and import structured condition
articles from JSON. Idempotent: a second run changes nothing, and pages editors have
changed since are left alone unless --update is given.

Imported articles reach the site as any article does, through the Medical review:
submitted, then approved by a clinical reviewer, which records the review. Unless
--reviewer names a real one, that is the demo reviewer this command creates, an
account that cannot sign in (create_demo_admin gives it a password on a developer's
machine) whose clinician profile says it is a demo."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Page, Site

from clinical_review.medical_review import REVIEWERS_GROUP, approve_as
from clinical_review.models import clinician_for
from condition_pages.blocks import ConditionStreamBlock
from condition_pages.clinical_codes import validate_code
from condition_pages.models import (
    ClinicalCode,
    Clinician,
    ConditionIndexPage,
    ConditionPage,
    Specialty,
)
from home.models import HomePage

SAMPLE_CONTENT_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "sample_content"
DEMO_REVIEWER = "demo-reviewer"


def demo_reviewer():
    """The demo's clinical reviewer: a member of "Clinical reviewers" with a clinician
    profile that names it as a demo, so the public page never implies a real review."""
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_REVIEWER,
        # No email address: Wagtail would otherwise mail it at each submission.
        defaults={"first_name": "Demo", "last_name": "Reviewer"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
    Clinician.objects.get_or_create(
        user=user,
        defaults={
            "name": "Demo Reviewer (demo account)",
            "role": "Demo clinical reviewer, not a real clinician",
        },
    )
    return user


def clinical_codes(codes):
    """A page's clinical codes, (system, code) pairs, as its in-memory child objects."""
    return [ClinicalCode(system=system, code=code) for system, code in codes]


def without_block_ids(data):
    """Stream data as it would be written by hand: no block ids, plain lists."""
    if isinstance(data, list):
        return [without_block_ids(item) for item in data]
    if isinstance(data, dict):
        if data.get("type") == "item" and set(data) <= {"type", "value", "id"}:
            return without_block_ids(data["value"])
        return {key: without_block_ids(value) for key, value in data.items() if key != "id"}
    return data


def normalised_body(raw_body):
    block = ConditionStreamBlock()
    return without_block_ids(block.get_prep_value(block.to_python(raw_body)))


class Command(BaseCommand):
    help = "Create the home page and condition index, and import sample condition articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="*",
            type=Path,
            help="Article JSON files (default: the bundled sample content).",
        )
        parser.add_argument(
            "--site",
            metavar="HOST:PORT",
            help="Serve the default site at this address, e.g. 127.0.0.1:8000 for the demo.",
        )
        parser.add_argument(
            "--reviewer",
            metavar="USERNAME",
            help="Approve the articles' Medical review as this clinical reviewer "
            "(default: the demo reviewer, created if needed).",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Publish a new revision of pages whose content differs from the file.",
        )

    @transaction.atomic
    def handle(self, *args, files, update, site, reviewer, **options):
        files = files or sorted(SAMPLE_CONTENT_DIR.glob("*.json"))
        self.reviewer = self.get_reviewer(reviewer)
        home = self.ensure_home_page()
        if site:
            self.set_site_address(site)
        index = self.ensure_condition_index(home)
        for path in files:
            try:
                article = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read {path}: {error}") from error
            self.import_article(index, article, update=update)

    def get_reviewer(self, username):
        if username is None:
            return demo_reviewer()
        user = get_user_model().objects.filter(username=username).first()
        if user is None or clinician_for(user) is None:
            raise CommandError(f"--reviewer: no user {username!r} with a clinician profile.")
        return user

    def publish_through_review(self, page):
        """Submit the page's latest revision to its Medical review and approve it."""
        approve_as(page, self.reviewer)

    def ensure_home_page(self):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's migrations leave a placeholder "Welcome" page where ours belongs.
            for placeholder in root.get_children().filter(
                content_type__model="page", content_type__app_label="wagtailcore", numchild=0
            ):
                placeholder.delete()
            home = root.add_child(
                instance=HomePage(
                    title="SSO Hospital",
                    slug="home",
                    hero_heading="Information about the conditions we treat",
                    hero_text="<p>Clear, medically reviewed information for patients and "
                    "families.</p>",
                    hero_cta_label="Browse conditions A to Z",
                )
            )
            self.stdout.write("Created the home page.")
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                site_name="SSO Hospital",
                root_page=home,
                is_default_site=True,
            )
        elif site.root_page_id != home.id:
            site.root_page = home
            site.site_name = site.site_name or "SSO Hospital"
            site.save()
        return home

    def set_site_address(self, address):
        hostname, _, port = address.rpartition(":")
        if not hostname or not port.isdigit():
            raise CommandError(f"--site takes HOST:PORT, not {address!r}.")
        Site.objects.filter(is_default_site=True).update(hostname=hostname, port=int(port))

    def ensure_condition_index(self, home):
        index = ConditionIndexPage.objects.child_of(home).first()
        if index is None:
            index = home.add_child(
                instance=ConditionIndexPage(
                    title="Conditions A to Z",
                    slug="conditions",
                    intro="<p>Information about the conditions we diagnose and treat.</p>",
                )
            )
            self.stdout.write("Created the condition index.")
        if home.hero_cta_page_id is None:
            home.hero_cta_page = index
            home.save_revision().publish()
        return index

    def import_article(self, index, article, *, update):
        specialties = [
            Specialty.objects.get_or_create(slug=item["slug"], defaults={"name": item["name"]})[0]
            for item in article.get("specialties", [])
        ]
        fields = {
            "title": article["title"],
            "summary": article["summary"],
            "also_known_as": "\n".join(article.get("also_known_as", [])),
            "search_description": article.get("search_description", ""),
        }
        codes = [
            (item["system"], validate_code(item["system"], item["code"]))
            for item in article.get("clinical_codes", [])
        ]
        page = ConditionPage.objects.child_of(index).filter(slug=article["slug"]).first()
        if page is None:
            page = index.add_child(
                instance=ConditionPage(
                    slug=article["slug"],
                    body=article["body"],
                    live=False,
                    clinical_codes=clinical_codes(codes),
                    **fields,
                )
            )
            page.specialties.set(specialties)
            page.save_revision()
            self.publish_through_review(page)
            self.stdout.write(f"Imported “{page.title}”, reviewed by {self.reviewer}.")
            return

        page = page.get_latest_revision_as_object()
        unchanged = (
            all(getattr(page, name) == value for name, value in fields.items())
            and set(page.specialties.all()) == set(specialties)
            and [(code.system, code.code) for code in page.clinical_codes.all()] == codes
            and normalised_body(page.body.get_prep_value()) == normalised_body(article["body"])
        )
        if unchanged:
            self.stdout.write(f"“{page.title}” is up to date.")
        elif not update:
            self.stdout.write(f"“{page.title}” differs from its file: kept (use --update).")
        else:
            for name, value in fields.items():
                setattr(page, name, value)
            page.body = article["body"]
            page.specialties.set(specialties)
            page.clinical_codes = clinical_codes(codes)
            page.save_revision()
            self.publish_through_review(page)
            self.stdout.write(f"Updated “{page.title}”, reviewed by {self.reviewer}.")
