"""fast_escape takes quick paths for Markup and int: still equal to markupsafe.escape."""

from markupsafe import Markup, escape

from bantin.render import fast_escape


def test_fast_escape_markup_and_int():
    m = Markup("<b>x</b> &amp;")
    assert fast_escape(m) is m
    for v in (0, -5, 10**30, True, False, 3.5, None, Markup(""), "<&>\"'"):
        out = fast_escape(v)
        assert out == escape(v) and type(out) is Markup


def test_fast_escape_markup_subclass_and_html_objects():
    class Sub(Markup):
        pass

    class Html:
        def __html__(self):
            return "<i>ok</i>"

    for v in (Sub("<u>"), Html()):
        out = fast_escape(v)
        assert out == escape(v) and type(out) is Markup
