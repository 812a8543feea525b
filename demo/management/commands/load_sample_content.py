"""Create the site tree (home, condition index) and import structured condition
articles from JSON. Idempotent: a second run changes nothing, and pages editors have
changed since are left alone unless --update is given.

Imported articles reach the site as any article does, through the Medical review:
submitted by the demo editor, then approved by a clinical reviewer (never the same
person: four eyes), which records the review. Unless --reviewer names a real one,
that is the demo reviewer this command creates. Demo accounts cannot sign in
(create_demo_admin gives them passwords on a developer's machine); the reviewer's
clinician profile says it is a demo. Each article gets a content owner who is
reminded of reviews (SAMPLE_OWNER unless its file names one)."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Locale, Page, Site

from clinical_review.languages import clinician_for, reviewer_for
from clinical_review.medical_review import EDITORS_GROUP, REVIEWERS_GROUP, approve_as
from condition_pages.blocks import ConditionStreamBlock
from condition_pages.clinical_codes import validate_code
from condition_pages.languages import in_source_language
from condition_pages.models import (
    ClinicalCode,
    Clinician,
    ConditionIndexPage,
    ConditionPage,
    Specialty,
)
from home.models import HomePage

SAMPLE_CONTENT_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "sample_content"
# Hindi and Marathi versions of the sample articles: demonstration translations, each
# page saying so at its top, approved by the demo reviewer (docs/translations.md).
SAMPLE_TRANSLATIONS_DIR = SAMPLE_CONTENT_DIR.parent / "sample_translations"
DEMO_REVIEWER = "demo-reviewer"
DEMO_EDITOR = "demo-editor"
SAMPLE_OWNER = {
    "content_owner": "Patient information team",
    "content_owner_email": "patient-information@hospital.example",
}
DEMO_TRANSLATOR = "demo-translator"
# What the translated home and index pages say (their own fields are few).
TRANSLATED_TREE = {
    "hi": {
        "home": {"title": "एसएसओ अस्पताल", "hero_heading": "जिन बीमारियों का हम इलाज करते हैं"},
        "index": {"title": "बीमारियाँ: वर्णानुक्रम सूची"},
    },
    "mr": {
        "home": {"title": "एसएसओ रुग्णालय", "hero_heading": "आम्ही उपचार करतो ते आजार"},
        "index": {"title": "आजार: वर्णानुक्रमे यादी"},
    },
}


def demo_account(username, group, first_name, last_name):
    """A demo member of `group` that cannot sign in until create_demo_admin gives it
    a password. No email address: Wagtail would otherwise mail it at each submission."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=group))
    return user


def demo_editor():
    """The demo's editor, who submits the sample articles for review."""
    return demo_account(DEMO_EDITOR, EDITORS_GROUP, "Demo", "Editor")


def demo_reviewer():
    """The demo's clinical reviewer: a member of "Clinical reviewers" with a clinician
    profile that names it as a demo, so the public page never implies a real review."""
    user = demo_account(DEMO_REVIEWER, REVIEWERS_GROUP, "Demo", "Reviewer")
    clinician, _ = Clinician.objects.get_or_create(
        user=user,
        defaults={
            "name": "Demo Reviewer (demo account)",
            "role": "Demo clinical reviewer, not a real clinician",
        },
    )
    # It approves the demonstration translations too.
    clinician.languages.add(*Locale.objects.exclude(language_code=settings.LANGUAGE_CODE))
    return user


def demo_translator():
    """The demo's translator, an editor who submits the demonstration translations."""
    return demo_account(DEMO_TRANSLATOR, EDITORS_GROUP, "Demo", "Translator")


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
            "--demo-translations",
            action="store_true",
            help="Also load the Hindi and Marathi demonstration translations of the sample "
            "articles (`make run` does).",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Publish a new revision of pages whose content differs from the file.",
        )

    @transaction.atomic
    def handle(self, *args, files, update, site, reviewer, demo_translations, **options):
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
        if demo_translations:
            for path in sorted(SAMPLE_TRANSLATIONS_DIR.glob("*.json")):
                self.import_translation(index, json.loads(path.read_text(encoding="utf-8")))

    def get_reviewer(self, username):
        if username is None:
            return demo_reviewer()
        user = get_user_model().objects.filter(username=username).first()
        if user is None or clinician_for(user) is None:
            raise CommandError(f"--reviewer: no user {username!r} with a clinician profile.")
        return user

    def publish_through_review(self, page):
        """Submit the page's latest revision to its Medical review (as the demo
        editor) and approve it (as the reviewer)."""
        approve_as(page, self.reviewer, submitter=demo_editor())

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
            Specialty.objects.filter(in_source_language()).get_or_create(
                slug=item["slug"], defaults={"name": item["name"]}
            )[0]
            for item in article.get("specialties", [])
        ]
        fields = {
            "title": article["title"],
            "summary": article["summary"],
            "also_known_as": "\n".join(article.get("also_known_as", [])),
            "search_description": article.get("search_description", ""),
            "content_owner": article.get("content_owner", SAMPLE_OWNER["content_owner"]),
            "content_owner_email": article.get(
                "content_owner_email", SAMPLE_OWNER["content_owner_email"]
            ),
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

    def import_translation(self, index, article):
        """A demonstration translation of an imported article, through the Medical
        review like any translation; left alone once it exists."""
        locale = Locale.objects.get(language_code=article["language"])
        english = ConditionPage.objects.child_of(index).filter(slug=article["slug"]).first()
        if english is None:
            return
        if english.has_translation(locale):
            self.stdout.write(f"“{article['title']}” is there already.")
            return
        for ancestor, fields in [(index.get_parent(), "home"), (index, "index")]:
            ancestor = ancestor.specific
            if not ancestor.has_translation(locale):
                translated = ancestor.copy_for_translation(locale)
                for name, value in TRANSLATED_TREE[article["language"]][fields].items():
                    setattr(translated, name, value)
                translated.save_revision().publish()
        self.translate_specialties(article.get("specialties", []), locale)
        page = english.copy_for_translation(locale)
        page.title = article["title"]
        page.summary = article["summary"]
        page.also_known_as = "\n".join(article["also_known_as"])
        page.search_description = article["search_description"]
        page.body = article["body"]
        page.save_revision(user=demo_translator())
        if reviewer_for(self.reviewer, page) is None:
            self.stdout.write(
                f"“{page.title}” left as a draft: {self.reviewer} does not review it."
            )
            return
        approve_as(page, self.reviewer, submitter=demo_translator())
        self.stdout.write(f"Imported the demonstration translation “{page.title}”.")

    def translate_specialties(self, items, locale):
        """The names of the article's specialties in the translation's language, as a
        translator gives them (a specialty is not clinical content: no review)."""
        for item in items:
            english = Specialty.objects.filter(in_source_language(), slug=item["slug"]).first()
            if english is None or english.has_translation(locale):
                continue
            translated = english.copy_for_translation(locale)
            translated.name = item["name"]
            translated.save()
            translated.save_revision(user=demo_translator())
