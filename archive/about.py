"""Panels other apps add to the about page (e.g. upcoming appearances), from their `about.py`:

    from archive import about

    @about.register(order=10)
    def upcoming_appearances(request, profile):
        items = Appearance.objects.published().upcoming()[:5]
        return {"title": "Upcoming appearances", "template": "appearances/about_panel.html",
                "items": items} if items else None

A panel is a dict with at least `title` and `template` (rendered with the dict as `panel`);
returning None leaves it out. Panels list published records only.
"""

_panels = []


def register(order=100):
    def decorator(fn):
        _panels.append((order, fn))
        return fn

    return decorator


def panels(request, profile):
    rendered = []
    for _, fn in sorted(_panels, key=lambda pair: pair[0]):
        panel = fn(request, profile)
        if panel:
            rendered.append(panel)
    return rendered
