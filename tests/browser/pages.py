"""Every kind of public page the browser tests visit, by name."""

PUBLIC_PAGES = {
    "home": "/",
    "index": "/conditions/",
    "letter": "/conditions/letter/b/",
    "condition": "/conditions/bone-metastases/",
    "search": "/search/?q=bone+mets",
    "no-results": "/search/?q=metast",
    "not-found": "/no-such-page/",
    "appointment": "/appointments/?condition=bone-metastases",
    "appointment-sent": "/appointments/thanks/",
}
