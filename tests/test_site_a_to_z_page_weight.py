"""A long letter of the A–Z is split by the bytes its names take, not by their number:
about 300 long names under Hindi ह (three bytes a Devanagari letter in UTF-8) or
English B make pages that each keep under the 60 KB page weight goal, and every name
is on exactly one of them (A_TO_Z_LETTER_PAGE_BYTES; docs/benchmarks.md)."""

import pytest
from bs4 import BeautifulSoup

PAGE_WEIGHT_GOAL = 60_000
CONDITIONS, OTHER_NAMES = 10, 30  # 310 names under the letter

# Long names, as a hospital's are ("… of the spine in adults").
HINDI = "हड्डियों और रीढ़ की हड्डी में फैला कैंसर, वयस्कों में, प्रकार {}"
ENGLISH = "Bone and spine cancer that has spread from elsewhere, in adults, type {}"


@pytest.fixture
def long_letter(request, make_condition, translate):
    """`language`'s letter with 310 long names: 10 conditions with 30 other names each;
    returns the letter page's path and every name filed under it."""
    language = request.param
    template, prefix = (HINDI, "/hi") if language == "hi" else (ENGLISH, "")
    names = []
    for number in range(CONDITIONS):
        title = template.format(f"{number}")
        other_names = [template.format(f"{number}-{other}") for other in range(OTHER_NAMES)]
        english = make_condition(title=ENGLISH.format(number), slug=f"condition-{number}")
        if language == "hi":
            translate(english, "hi", title=title, also_known_as="\n".join(other_names))
        else:
            english.also_known_as = "\n".join(other_names)
            english.save_revision().publish()
        names += [title, *other_names]
    letter = "ह" if language == "hi" else "b"
    return f"{prefix}/conditions/letter/{letter}/", names


@pytest.mark.parametrize("long_letter", ["hi", "en"], indirect=True)
def test_a_long_letter_is_split_into_pages_under_the_weight_goal(client, long_letter):
    path, names = long_letter
    first = client.get(path)
    assert first.status_code == 200
    pages = BeautifulSoup(first.content, "html.parser").select("nav.az-pages a")
    links = [link["href"] for link in pages]
    assert links[0] == path and len(links) > 2
    assert links[1:] == [f"{path}?page={number}" for number in range(2, len(links) + 1)]

    listed, sizes = [], []
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        sizes.append(len(response.content))
        soup = BeautifulSoup(response.content, "html.parser")
        listed += [item.get_text() for item in soup.select("a.az-entry__link")]
    print(f"{path}: {len(links)} pages of {min(sizes)}–{max(sizes)} bytes")
    assert max(sizes) < PAGE_WEIGHT_GOAL, sizes
    assert sorted(listed) == sorted(names)  # every name once, none left out
    assert client.get(f"{path}?page={len(links) + 1}").status_code == 404
