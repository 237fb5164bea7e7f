"""The boundaries as geometry: British National Grid, a label for every borough, labels apart."""

import numpy as np

from survey.boundaries import DRAWING_CRS, LABEL_BOX_METRES, label_points, load_boundaries, overlapping_labels


def test_the_boundaries_are_reprojected_to_the_british_national_grid():
    areas = load_boundaries()
    assert str(areas.crs) == DRAWING_CRS and len(areas) == 33
    # Camden in metres east and north of the grid's origin, not degrees.
    camden = areas.loc["E09000007"].geometry.representative_point()
    assert 525_000 < camden.x < 531_000 and 182_000 < camden.y < 187_000


def test_every_borough_has_its_three_letter_label():
    labels = load_boundaries()["label"]
    assert labels["E09000007"] == "CMD" and labels["E09000001"] == "CTY"
    assert labels.str.fullmatch(r"[A-Z]{3}").all() and labels.is_unique


def test_no_two_labels_overlap_at_the_print_scale():
    places = label_points()
    assert overlapping_labels(places[["x", "y"]].to_numpy(), np.array(LABEL_BOX_METRES)) == []


def test_crowded_labels_are_pushed_apart_until_none_overlap():
    # At a box four times as large, inner London's labels clash and must move.
    box = (LABEL_BOX_METRES[0] * 4, LABEL_BOX_METRES[1] * 4)
    places = label_points(box)
    assert places["moved"].any()
    assert overlapping_labels(places[["x", "y"]].to_numpy(), np.array(box)) == []


def test_two_boxes_overlap_only_when_close_on_both_axes():
    box = np.array([10.0, 4.0])
    points = np.array([[0.0, 0.0], [9.0, 3.0], [30.0, 0.0], [0.0, 9.0]])  # only the first two are within 10 by 4
    assert overlapping_labels(points, box) == [(0, 1)]


def test_a_label_pushed_too_far_is_reported_outside_its_borough():
    # At 4 by 4.2 km (ten-pixel labels on a phone-wide map) Hammersmith's label is pushed out of Hammersmith.
    places = label_points((4_000.0, 4_200.0))
    assert places.index[~places["inside"]].tolist() == ["E09000013"]
    assert label_points()["inside"].all()
