"""Tables as HTML (``viewmodels.tables``): literal cells and markup, worked out by hand."""

import pandas as pd

from viewmodels.common import SCORE, SHARE, SIGNED, WHOLE, Table
from viewmodels.tables import (AS_LISTED, column_min_px, fold_widths, shown_cells, sort_choices, sorted_by, sorted_column,
                               table_html)


def small_table() -> Table:
    data = pd.DataFrame({"Borough": ["Camden", "Tower Hamlets & <Co>"], "Score": [2.625, None],
                         "Change": [0.125, -0.5], "Share below": [0.125, 1.0], "Responses": [1234.0, 7.0],
                         "Ready": [True, False]})
    return Table(data, {"Score": SCORE, "Change": SIGNED, "Share below": SHARE, "Responses": WHOLE},
                 helps={"Score": "Mean of the dimension scores.", "Absent": "not a column"})


def test_cells_are_written_as_the_dashboard_writes_each_kind_of_number():
    cells = shown_cells(small_table())
    assert cells.to_dict("list") == {
        "Borough": ["Camden", "Tower Hamlets & <Co>"], "Score": ["2.63", "—"], "Change": ["+0.13", "-0.50"],
        "Share below": ["13%", "100%"], "Responses": ["1,234", "7"], "Ready": ["Yes", "No"]}


def test_unformatted_numbers_are_whole_where_they_can_be_and_right_aligned():
    table = Table(pd.DataFrame({"Area": ["A", "B"], "Count": [1234, 7], "Spread": [2.0, 0.375]}))
    assert shown_cells(table).to_dict("list") == {"Area": ["A", "B"], "Count": ["1,234", "7"], "Spread": ["2", "0.375"]}
    assert '<td class="num">1,234</td><td class="num">2</td>' in table_html(table, label="Counts")


def test_a_time_is_written_to_the_minute_and_a_missing_one_blank():
    table = Table(pd.DataFrame({"Version": [1, 2], "Saved": [pd.Timestamp("2026-11-27 19:01:38.606196"), pd.NaT]}))
    assert shown_cells(table).to_dict("list") == {"Version": ["1", "2"], "Saved": ["2026-11-27 19:01", ""]}


def test_a_hidden_index_is_left_out_whatever_its_labels():
    table = Table(pd.DataFrame({"Score": [2.0]}, index=["E09000007"]), {"Score": SCORE})
    assert shown_cells(table).to_dict("list") == {"Score": ["2.00"]}


def test_a_shown_index_becomes_the_first_column():
    table = Table(pd.DataFrame({"Score": [2.0]}, index=pd.Index(["Camden"], name="Borough")), {"Score": SCORE})
    assert shown_cells(table, hide_index=False).to_dict("list") == {"Borough": ["Camden"], "Score": ["2.00"]}


def test_the_html_is_a_named_scrollable_region_with_row_headers_and_escaped_text():
    table = Table(pd.DataFrame({"Borough": ["A&B"], "Score": [2.5]}), {"Score": SCORE})
    assert table_html(table, label="The map's data") == (
        '<div class="data-table" role="region" aria-label="The map&#x27;s data" tabindex="0"><table>'
        '<thead><tr><th scope="col">Borough</th><th scope="col" class="num">Score</th></tr></thead>'
        '<tbody><tr><th scope="row">A&amp;B</th><td class="num">2.50</td></tr></tbody></table></div>')


def test_help_texts_of_shown_columns_are_notes_under_the_table():
    html = table_html(small_table(), label="Boroughs")
    assert html.endswith('<ul class="data-table-notes"><li><strong>Score</strong>: Mean of the dimension scores.</li></ul>')
    assert "not a column" not in html


def test_a_line_break_in_a_cell_is_kept_as_a_break():
    table = Table(pd.DataFrame({"Note": ["first\n\nsecond"]}))
    assert "<th scope=\"row\">first<br><br>second</th>" in table_html(table, label="Notes")


def test_a_text_column_longer_than_forty_characters_is_prose_and_a_shorter_one_is_not():
    table = Table(pd.DataFrame({"Cluster": ["Cluster 1"], "Members": ["Barnet, Bromley, Camden, Croydon, Ealing, Enfield"],
                                "Forty": ["Barnet, Bromley, Camden, Croydon, Ealing"]}))
    assert table_html(table, label="Clusters").split("<tbody>")[1].startswith(
        '<tr><th scope="row">Cluster 1</th><td class="prose c1">Barnet, Bromley, Camden, Croydon, Ealing, Enfield</td>'
        '<td class="c2">Barnet, Bromley, Camden, Croydon, Ealing</td></tr>')


def ranked_table() -> Table:
    return Table(pd.DataFrame({"Borough": ["camden", "Barnet", "Ealing", "Brent"], "Score": [2.5, None, 3.0, 2.5]}),
                 {"Score": SCORE})


def test_a_table_can_be_sorted_as_listed_or_by_any_column():
    assert sort_choices(ranked_table()) == {AS_LISTED: None, "Borough, A to Z": "Borough", "Score, highest first": "Score"}


def test_numbers_in_text_sort_by_their_value():
    ranks = Table(pd.DataFrame({"Rank": ["10th of 32", "no response", "2nd of 32 (likely 1st-4th)", "1st= of 32", None,
                                         "2nd of 32 (likely 1st-3rd)"]}))
    assert sorted_by(ranks, "Rank, A to Z").data["Rank"].fillna("(blank)").tolist() == [
        "1st= of 32", "2nd of 32 (likely 1st-3rd)", "2nd of 32 (likely 1st-4th)", "10th of 32", "no response", "(blank)"]


def test_a_yes_no_column_sorts_as_it_reads():
    flags = Table(pd.DataFrame({"Borough": ["Brent", "Camden", "Ealing"], "Pilot runs here": [True, False, True]}))
    assert sorted_by(flags, "Pilot runs here, A to Z").data["Borough"].tolist() == ["Camden", "Brent", "Ealing"]


def test_numbers_sort_highest_first_with_ties_in_their_order_and_blanks_last():
    assert sorted_by(ranked_table(), "Score, highest first").data["Borough"].tolist() == ["Ealing", "camden", "Brent",
                                                                                          "Barnet"]


def test_text_sorts_from_a_to_z_whatever_its_case():
    assert sorted_by(ranked_table(), "Borough, A to Z").data["Borough"].tolist() == ["Barnet", "Brent", "camden",
                                                                                      "Ealing"]


def test_as_listed_keeps_the_view_models_order():
    assert sorted_by(ranked_table(), AS_LISTED).data["Borough"].tolist() == ["camden", "Barnet", "Ealing", "Brent"]


def test_a_fitted_table_says_so_in_its_class():
    table = Table(pd.DataFrame({"Level": ["1 Initial"]}))
    assert table_html(table, label="Levels", fit=True).startswith('<div class="data-table fit" role="region"')


def wide_table(**priority) -> Table:
    return Table(pd.DataFrame({"Borough": ["Camden"], "ONS code": ["E09000007"], "Inner/Outer": ["Inner"],
                               "Rank (likely range)": ["5th of 33 (likely 3rd–9th)"], "Score": [2.5], "Level": ["Developing"]}),
                 {"Score": SCORE}, **priority)


def test_a_column_needs_its_longest_cell_on_one_line_or_its_longest_word_in_a_heading_or_row_name():
    # 0.5 em a character of 16 px text, 0.55 em bold, and 25 px of padding: "E09000007" is 9 × 8 = 72 px + 25;
    # "Developing" is 10 × 8 = 80 + 25; "(likely" is the heading's longest word, shorter than "5th of 33 ..." (26 × 8).
    cells = shown_cells(wide_table())
    assert column_min_px("ONS code", cells["ONS code"], prose=False, row_header=False) == 97
    assert column_min_px("Level", cells["Level"], prose=False, row_header=False) == 105
    assert column_min_px("Rank (likely range)", cells["Rank (likely range)"], prose=False, row_header=False) == 233
    assert column_min_px("Members", cells["Borough"], prose=True, row_header=False) == 13 * 16 + 25
    # A long row name (a survey file's question heading) wraps at 10 em, leaving room beside it on a phone.
    assert column_min_px("File column", pd.Series(["We have a current digital strategy that is funded"]), prose=True,
                         row_header=True) == 10 * 16 + 25
    # A column that may break between words needs its longest word: "leadership_1" is 12 × 8 = 96 px + 25.
    assert column_min_px("Maps to", pd.Series(["leadership_1 · the same question"]), prose=False, row_header=False,
                         breaks=True) == 121


def test_two_columns_of_long_text_and_a_short_row_name_fit_a_laptops_main_column_of_564_px():
    # The Clusters page at 1024 px: "Cluster" 7 bold letters (62 + 25 = 87), members and description 13 em each.
    table = Table(pd.DataFrame({"Cluster": ["Cluster 1"], "Members": ["Barnet, Brent, Bromley, Camden, Croydon, Enfield"],
                                "Description": ["Average 3.09, dimensions 0.62 apart: cyber security above it"]}))
    assert fold_widths(table, shown_cells(table), [False, True, True])[-1] == 87 + 2 * (13 * 16 + 25) <= 564


def test_a_breakable_column_is_marked_to_wrap_and_a_long_row_name_is_shortened_in_its_details_summary():
    question = "We have a current digital strategy that is funded, owned by a named executive and reviewed at least yearly."
    table = Table(pd.DataFrame({"File column": [question], "Maps to": ["leadership_1 · the same question"],
                                "How it was placed": ["question text"]}), breakable=("Maps to",))
    html = table_html(table, label="Mapping")
    assert '<td class="wraps c1">leadership_1 · the same question</td>' in html
    assert "<summary>More about We have a current digital strategy that…</summary>" in html  # 40 characters


def test_the_columns_that_matter_most_need_the_least_room_and_the_rest_follow_as_listed():
    table = wide_table(priority=("Score", "Level"))
    # Borough 7 bold letters (62 + 25 = 87); Score 5 bold heading letters (44 + 25 = 69); Level 105; then as listed
    # (ONS code 97, Inner/Outer 11 bold heading letters 97 + 25 = 122, Rank 233).
    assert fold_widths(table, shown_cells(table), [False] * 6) == [87, 87 + 69 + 105 + 97, 87 + 69 + 105 + 97 + 122,
                                                                    87 + 69 + 105 + 97 + 122 + 233, 87 + 69, 87 + 69 + 105]


def test_a_table_too_wide_for_a_phone_folds_the_rest_into_each_rows_details_and_one_that_fits_does_not():
    html = table_html(wide_table(priority=("Score", "Level")), label="Boroughs", name="overview_table")
    assert "@container (width < 261px) { .data-table.t-overview_table .c5:is(th, td) { display: none; }" in html
    assert ('<tr class="more-row"><td colspan="6"><details class="more"><summary>More about Camden</summary><dl>'
            '<div class="c1"><dt>ONS code</dt><dd>E09000007</dd></div>') in html
    assert "more-row" not in table_html(Table(pd.DataFrame({"Borough": ["Camden"], "Score": [2.5]})), label="Boroughs")


def test_the_sorted_column_is_announced_to_screen_readers():
    html = table_html(ranked_table(), label="Boroughs", sorted_column="Score")
    assert '<th scope="col" class="num" aria-sort="descending">Score</th>' in html
    assert sorted_column(ranked_table(), "Score, highest first") == ("Score", True)
