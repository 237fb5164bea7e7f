"""Headline figures as one block of HTML (``viewmodels.headlines``), worked out by hand."""

from viewmodels.common import Metric
from viewmodels.headlines import headlines_html


def test_a_figure_is_its_label_then_its_value():
    assert headlines_html([Metric("Boroughs scored", "32 of 33")]) == (
        '<dl class="headlines"><div class="headline"><dt>Boroughs scored</dt>'
        '<dd class="headline-value">32 of 33</dd></div></dl>')


def test_a_caption_and_help_text_are_printed_under_the_value_in_that_order():
    html = headlines_html([Metric("Stability", "0.55", caption="Fairly stable", help="1 means always the same groups.")])
    assert html.endswith('<dd class="headline-value">0.55</dd><dd class="headline-caption">Fairly stable</dd>'
                         '<dd class="headline-help">1 means always the same groups.</dd></div></dl>')


def test_bold_in_a_caption_is_kept_and_everything_else_escaped():
    html = headlines_html([Metric("Skills & culture", "<2", caption="Level: **Developing** & <b>x</b>")])
    assert "<dt>Skills &amp; culture</dt>" in html and '<dd class="headline-value">&lt;2</dd>' in html
    assert '<dd class="headline-caption">Level: <strong>Developing</strong> &amp; &lt;b&gt;x&lt;/b&gt;</dd>' in html


def test_figures_follow_each_other_in_their_order():
    html = headlines_html([Metric("Ready", "9"), Metric("Nearly ready", "7")])
    assert html.index("<dt>Ready</dt>") < html.index("<dt>Nearly ready</dt>") and html.count('<div class="headline">') == 2
