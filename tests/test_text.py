from hypothesis import given, settings, strategies as st

from bantin.text import fold, other_tone_convention, sort_key, tone_normalize, vi_date, vi_sorted


def test_tone_conventions_meet():
    assert tone_normalize("Hoà Vang") == tone_normalize("Hòa Vang") == "Hòa Vang"
    assert tone_normalize("Uỷ ban") == "Ủy ban"
    assert tone_normalize("khoá XII") == "khóa XII"
    assert tone_normalize("Thuỷ") == "Thủy"
    # syllables written alike in both conventions are left alone
    for w in ("hoàn thành", "thuyết", "toán", "quý", "Quỳnh", "HOÀNG"):
        assert tone_normalize(w) == w


def test_fold_handles_d_bar():
    assert fold("Đà Nẵng") == "da nang"
    assert fold("Chỉ thị số 05-CT/TƯ") == "chi thi so 05-ct/tu"


def test_vietnamese_alphabetical_order():
    names = ["Đà Nẵng", "Dương", "Bình Dương", "An Giang", "Ăn", "Cà Mau", "Hà Nội", "Hải Phòng", "Hà Giang"]
    assert vi_sorted(names) == ["An Giang", "Ăn", "Bình Dương", "Cà Mau", "Dương", "Đà Nẵng",
                                "Hà Giang", "Hà Nội", "Hải Phòng"]
    assert sort_key("Ơ") > sort_key("Ô") > sort_key("O")


def test_numbers_in_names_sort_as_numbers():
    # numbered districts and wards: "Quận 2" before "Quận 10", as every Vietnamese list has them,
    # and the numbered ones before the named ones
    names = ["Quận 10", "Quận 2", "Quận 1", "Quận 12", "Quận Bình Thạnh", "Phường 10", "Phường 05", "Phường 4"]
    assert vi_sorted(names) == ["Phường 4", "Phường 05", "Phường 10", "Quận 1", "Quận 2", "Quận 10", "Quận 12",
                                "Quận Bình Thạnh"]
    assert sort_key("Khu phố 9") < sort_key("Khu phố 10") < sort_key("Khu phố 10A") < sort_key("Khu phố 11")


def test_vietnamese_date():
    assert vi_date("2019-05-24") == "Thứ Sáu, 24/5/2019"
    assert vi_date("2020-07-05") == "Chủ nhật, 5/7/2020"
    assert vi_date("2020-07-05", weekday=False) == "5/7/2020"


def test_other_tone_convention_is_the_reverse_of_tone_normalize():
    assert other_tone_convention("Hòa Vang, Ủy ban, Thủy, khỏe, HÒA") == "Hoà Vang, Uỷ ban, Thuỷ, khoẻ, HOÀ"
    for w in ("hoàn thành", "thuyết", "toán", "quý", "Quỳnh"):
        assert other_tone_convention(w) == w
    assert tone_normalize(other_tone_convention("Khánh Hòa và Thanh Hóa")) == "Khánh Hòa và Thanh Hóa"


@settings(derandomize=True, max_examples=200)
@given(st.text())
def test_tone_normalize_is_idempotent(s):
    once = tone_normalize(s)
    assert tone_normalize(once) == once
    assert fold(once) == fold(tone_normalize(s))
