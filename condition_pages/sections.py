"""`?sections=symptoms,treatment`: an app asks for some of an article's sections, by
block type, and both APIs give the body with only those blocks (in page order).

The names are checked by each API's view before anything is read, so an unknown one is
a 400 naming `sections` and listing the allowed values; the body's block
(ConditionStreamBlock.get_api_representation) then filters what it serialises."""

PARAMETER = "sections"
READ_METHODS = ("GET", "HEAD")


class UnknownSections(ValueError):
    pass


def parse_sections(raw, allowed):
    """The set of block types in a comma-separated `raw` (no spaces, as the OpenAPI
    pattern says), each one of `allowed`."""
    names = raw.split(",")
    unknown = [name for name in names if name not in allowed]
    if unknown:
        shown = ", ".join(repr(name[:40]) for name in unknown)
        raise UnknownSections(f"unknown section {shown}; allowed: {', '.join(allowed)}")
    return frozenset(names)


def requested_sections(request, allowed):
    """The block types a read asked for, or None for the whole body."""
    if request is None or request.method not in READ_METHODS or PARAMETER not in request.GET:
        return None
    return parse_sections(",".join(request.GET.getlist(PARAMETER)), allowed)
