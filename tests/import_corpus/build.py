"""Writes the import corpus's sources from its masters: each master as the hospital's
old pages come, copied text (.txt), a saved web page (.html) and a Word document
(.docx). Run it after changing a master: `.venv/bin/python tests/import_corpus/build.py`
(python-docx, a test requirement, writes the Word files).

A master (masters/*.md) is one line per piece of the page, marked by what it is on the
old site, so that each rendering shows it as that site (or Word) would:

    # Title                 the page's title (a .txt copy has it only with @txt-title)
    ## Heading              a section heading
    ### Label               an item's name: <h3> / Heading 3, or bold when it ends in ":"
    - item                  a bulleted item ("•" in copied text)
    ~ line                  a line that lost its bullet when the text was copied
    ! banner line           the booking banner
    % furniture             doctor cards, counters, testimonials, buttons
    anything else           a paragraph

The expected structure of each page, as a careful editor would make it, is in
expected/<name>.json; bone-metastases.txt is the sample article's source, verbatim."""

import html
import itertools
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
MASTERS = HERE / "masters"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | SSO Hospital, Mumbai</title>
<link rel="stylesheet" href="/wp-content/themes/sso/style.css">
<script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body class="condition-template">
<header class="site-header">
<div class="topbar">Call us: +91 22 4000 1234 | Emergency 24x7</div>
<nav class="main-nav"><ul>
<li><a href="/">Home</a></li><li><a href="/about-us/">About Us</a></li>
<li><a href="/doctors/">Our Doctors</a></li><li><a href="/contact-us/">Contact Us</a></li>
</ul></nav>
</header>
<main id="content">
<div class="breadcrumb"><a href="/">Home</a> &gt;
<a href="/conditions/">Conditions</a> &gt; {title}</div>
<article class="condition">
<h1 class="entry-title">{title}</h1>
{body}
</article>
<aside class="sidebar">
<h3>Related Posts</h3>
<ul><li><a href="/bone-cancer/">Bone Cancer</a></li>
<li><a href="/leukaemia/">Leukaemia</a></li></ul>
</aside>
</main>
<footer class="site-footer">
<p>© 2024 SSO Hospital. All rights reserved.</p>
<ul><li><a href="/privacy-policy/">Privacy Policy</a></li>
<li><a href="/sitemap/">Sitemap</a></li></ul>
</footer>
</body>
</html>
"""


def parse(master):
    """(options, [(mark, text)]) of a master file."""
    options, pieces = set(), []
    for line in master.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if line.startswith("@"):
            options.add(line[1:].strip())
            continue
        mark, _, text = line.partition(" ")
        if mark in ("#", "##", "###", "-", "~", "!", "%"):
            pieces.append((mark, text.strip()))
        else:
            pieces.append(("", line.strip()))
    return options, pieces


def as_text(options, pieces):
    lines = []
    for mark, text in pieces:
        if mark == "#" and "txt-title" not in options:
            continue
        lines.append(f"  • {text}" if mark == "-" else text)
        lines.append("")
    return "\n".join(lines)


def as_html(options, pieces):
    title = next(text for mark, text in pieces if mark == "#")
    parts = []
    for mark, group in itertools.groupby(pieces, key=lambda piece: piece[0]):
        texts = [html.escape(text, quote=False) for _, text in group]
        if mark == "#":
            continue
        if mark == "##":
            parts += [f"<h2>{text}</h2>" for text in texts]
        elif mark == "###":
            parts += [
                f"<p><strong>{text}</strong></p>" if text.endswith(":") else f"<h3>{text}</h3>"
                for text in texts
            ]
        elif mark == "-":
            parts.append("<ul>" + "".join(f"<li>{text}</li>" for text in texts) + "</ul>")
        elif mark == "!":
            parts.append(
                '<div class="cta-banner"><h3>'
                + "</h3><p>".join(texts)
                + '</p><a class="btn" href="/book-appointment/">Get An Appointment</a></div>'
            )
        elif mark == "%":
            parts.append(
                '<div class="widget">' + "".join(f"<p>{text}</p>" for text in texts) + "</div>"
            )
        else:
            parts += [f"<p>{text}</p>" for text in texts]
    return PAGE.format(title=html.escape(title), body="\n".join(parts))


def as_docx(options, pieces, path):
    document = docx.Document()
    for mark, text in pieces:
        if mark == "#":
            document.add_paragraph(text, style="Title")
        elif mark == "##":
            document.add_heading(text, level=2)
        elif mark == "###" and not text.endswith(":"):
            document.add_heading(text, level=3)
        elif mark == "###":
            document.add_paragraph().add_run(text).bold = True
        elif mark == "-":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    document.core_properties.author = "SSO Hospital web team"
    document.save(path)


def main():
    for master in sorted(MASTERS.glob("*.md")):
        options, pieces = parse(master)
        name = master.stem
        (HERE / f"{name}.txt").write_text(as_text(options, pieces), encoding="utf-8")
        (HERE / f"{name}.html").write_text(as_html(options, pieces), encoding="utf-8")
        as_docx(options, pieces, HERE / f"{name}.docx")
        print(f"{name}: .txt, .html, .docx")


if __name__ == "__main__":
    main()
